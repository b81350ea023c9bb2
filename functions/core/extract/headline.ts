import { endsLikeSentence, wordCount } from '../clean/boilerplate.ts';
import type { CleanBlock, PageMeta } from '../clean/index.ts';
import { hasWordKey, wordKey } from '../text/normalize.ts';

/**
 * Title and subtitle (dek). For HTML the markup says it (og:title, h1, <title>
 * minus the site name); for text it is the short first line that is not a
 * sentence. The headline never stays in the body, however often it repeats.
 */

const MAX_TITLE_WORDS = 25;
const MIN_TITLE_WORDS = 2;
const MAX_SUBTITLE_WORDS = 45;
// "Site | Section | Headline", "Headline - Site": separators around site names and sections.
const TITLE_SEPARATORS = /\s+(?:\||–|—|-|::|»|«|•|·)\s+/;

export interface HeadlineInput {
  blocks: CleanBlock[];
  meta: PageMeta;
  dek: string | null;
  /** Title and subtitle given by a crawler JSON container, which win. */
  givenTitle?: string;
  givenSubtitle?: string;
  /** True for blocks that are a dateline and nothing else (never a title). */
  isDatelineOnly: (text: string) => boolean;
}

export interface Headline {
  title: string | null;
  subtitle: string | null;
  body: CleanBlock[];
  /** Blocks removed because they repeat the title or the subtitle. */
  repeats: string[];
}

export function selectHeadline(input: HeadlineInput): Headline {
  const { blocks, meta } = input;
  let title = input.givenTitle?.trim() || pageTitle(meta) || null;
  let subtitle = input.givenSubtitle?.trim() || null;
  let bodyStart = 0;

  if (!title) {
    // Leading short lines before the first real paragraph are headline material.
    for (let i = 0; i < Math.min(blocks.length, 6); i++) {
      const text = blocks[i]?.text ?? '';
      if (input.isDatelineOnly(text)) continue;
      if (!isHeadlineShaped(text)) break;
      title = stripSitePrefix(text);
      bodyStart = i + 1;
      break;
    }
  }
  if (!subtitle && input.dek && wordCount(input.dek) <= MAX_SUBTITLE_WORDS) subtitle = input.dek;
  if (!subtitle && title) {
    const next = blocks[bodyStart];
    const after = blocks[bodyStart + 1];
    // A dek is a short line between the headline and a real paragraph.
    if (
      next &&
      after &&
      !input.isDatelineOnly(next.text) &&
      !hasWordKey(next.text, wordKey(title)) &&
      wordCount(next.text) >= 4 &&
      wordCount(next.text) <= MAX_SUBTITLE_WORDS &&
      !endsLikeSentence(next.text) &&
      wordCount(after.text) > wordCount(next.text)
    ) {
      subtitle = next.text;
    }
  }

  const titleKey = title ? wordKey(title) : null;
  const subtitleKey = subtitle ? wordKey(subtitle) : null;
  const body: CleanBlock[] = [];
  const repeats: string[] = [];
  for (const block of blocks) {
    if (
      block.kind === 'title' ||
      (titleKey && hasWordKey(block.text, titleKey)) ||
      (subtitleKey && hasWordKey(block.text, subtitleKey))
    ) {
      repeats.push(block.text);
    } else {
      body.push(block);
    }
  }
  return { title, subtitle, body, repeats };
}

function isHeadlineShaped(text: string): boolean {
  const words = wordCount(text);
  if (words < MIN_TITLE_WORDS || words > MAX_TITLE_WORDS) return false;
  // Headlines rarely end in a full stop; a question or exclamation mark is fine.
  return !/[.…:؛;،,]$/.test(text.trim());
}

function pageTitle(meta: PageMeta): string | null {
  if (meta.ogTitle) return stripSiteName(meta.ogTitle, meta.siteName);
  if (meta.h1) return meta.h1;
  if (meta.title) return stripSiteName(meta.title, meta.siteName);
  return null;
}

/** "Headline | Site" → "Headline": drop the part naming the site, else keep the longest part. */
function stripSiteName(title: string, siteName: string | undefined): string {
  const parts = title.split(TITLE_SEPARATORS).map((p) => p.trim());
  if (parts.length < 2) return title.trim();
  const siteKey = siteName ? wordKey(siteName) : null;
  const rest = siteKey ? parts.filter((p) => wordKey(p) !== siteKey) : parts;
  const candidates = rest.length ? rest : parts;
  return candidates.reduce((a, b) => (wordCount(b) > wordCount(a) ? b : a));
}

/** For text headlines: "Section > Sub | Headline" keeps only the headline. */
function stripSitePrefix(text: string): string {
  const parts = text.split(TITLE_SEPARATORS).map((p) => p.trim());
  if (parts.length < 2) return text.trim();
  const longest = parts.reduce((a, b) => (wordCount(b) > wordCount(a) ? b : a));
  // Only strip when the other parts look like labels (a few words each).
  return parts.every((p) => p === longest || wordCount(p) <= 3) ? longest : text.trim();
}
