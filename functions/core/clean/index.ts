import type { RawDocument } from '../decode/types.ts';
import { parseDate } from '../extract/dates.ts';
import { matchKey } from '../text/normalize.ts';
import type { BlockKind, PageMeta } from './blocks.ts';
import { classifyBlock, endsLikeSentence, type RemovalReason, wordCount } from './boilerplate.ts';
import { type HtmlBlocks, htmlToBlocks } from './html.ts';
import { findRepetitions } from './repetition.ts';
import { textToBlocks } from './text.ts';

export type { Block, BlockKind, ChromeZone, PageMeta } from './blocks.ts';
export { REMOVAL_REASONS, type RemovalReason } from './boilerplate.ts';

/** One kept block of the article, as written. */
export interface CleanBlock {
  text: string;
  kind: BlockKind;
  /** Position among all the blocks found in the input, kept and removed (for side-by-side views). */
  position?: number;
}

/** A block the cleaner removed, kept for audit (text cut to a preview). */
export interface RemovedBlock {
  text: string;
  reason: RemovalReason;
  position: number;
}

export interface CleanResult {
  format: 'html' | 'text';
  /** What the HTML markup says (title, og:title, h1, dek, date…); empty for text. */
  meta: PageMeta;
  /** The first dek-like block of an HTML page (subtitle candidate). */
  dek: string | null;
  blocks: CleanBlock[];
  removed: RemovedBlock[];
  /** Number of removed blocks per reason. */
  removedCounts: Partial<Record<RemovalReason, number>>;
  links: string[];
  /**
   * A publication date written in the page's text ("تاريخ النشر: 18/06/2016 - 14:05",
   * "Published 12 March 2024", a bare date line near the top), as written; null when none.
   */
  visibleDate: string | null;
  /** How an HTML page's main content was found (`density` when the container choice needed a second opinion). */
  mainContent: HtmlBlocks['method'] | null;
}

export interface CleanOptions {
  maxHtmlDepth: number;
  baseUrl?: string;
}

const PREVIEW_CHARS = 300;
const MAX_REMOVED_KEPT = 200;

/** Fragments this short after the last real paragraph are page furniture (section links, tags, labels). */
const TRAILING_FRAGMENT_WORDS = 8;
/** Chrome whose heading goes with it, and how long such a heading can be. */
const LABELLED_CHROME = new Set<RemovalReason>([
  'link-list',
  'related',
  'read-more',
  'share',
  'follow-us',
  'tags',
  'navigation',
  'outside-main',
  'advert',
  'comments',
  'form',
  'footer',
  'aside',
]);
const MAX_LABEL_WORDS = 6;
/** List items and table cells shorter than this are never judged repeats. */
const MIN_REPEAT_CHECK_WORDS = 6;

export function cleanDocument(document: Pick<RawDocument, 'format' | 'body'>, options: CleanOptions): CleanResult {
  const parsed =
    document.format === 'html'
      ? htmlToBlocks(document.body, { maxDepth: options.maxHtmlDepth, baseUrl: options.baseUrl })
      : { blocks: textToBlocks(document.body), meta: {}, method: null };

  const removed: RemovedBlock[] = [];
  const removedCounts: Partial<Record<RemovalReason, number>> = {};
  const links = new Set<string>();
  const remove = (text: string, reason: RemovalReason, position: number) => {
    removedCounts[reason] = (removedCounts[reason] ?? 0) + 1;
    if (removed.length < MAX_REMOVED_KEPT) removed.push({ text: text.slice(0, PREVIEW_CHARS), reason, position });
  };

  let dek: string | null = null;
  const candidates: CleanBlock[] = [];
  const reasons = parsed.blocks.map((block, index) => classifyBlock(block, { index, count: parsed.blocks.length }));
  // A short label right above removed chrome ("More on this", "Read next:", "Related") is that chrome's title.
  reasons.forEach((reason, index) => {
    const next = reasons[index + 1];
    const block = parsed.blocks[index];
    if (reason || !next || !LABELLED_CHROME.has(next) || !block || isListOrTable(block.kind)) return;
    if (wordCount(block.text) <= MAX_LABEL_WORDS && (/[:：]\s*$/.test(block.text) || !endsLikeSentence(block.text))) {
      reasons[index] = next;
    }
  });
  parsed.blocks.forEach((block, index) => {
    if (block.kind === 'dek' && dek === null && !block.zone) dek = block.text;
    const reason = reasons[index] ?? null;
    if (reason === 'bare-url') links.add(block.text.trim());
    if (reason) {
      remove(block.text, reason, index);
      return;
    }
    for (const link of block.links) links.add(link);
    candidates.push({ text: block.text, kind: block.kind, position: index });
  });

  // Short list items and table cells repeat by nature ("Yes", "24 months"): only prose is checked for repeats.
  const verdicts = findRepetitions(
    candidates.map((b) => b.text),
    candidates.map((b) => isListOrTable(b.kind) && wordCount(b.text) < MIN_REPEAT_CHECK_WORDS),
  );
  const kept: CleanBlock[] = [];
  verdicts.forEach((verdict, i) => {
    const block = candidates[i];
    if (!block) return;
    const position = block.position ?? i;
    if (verdict.reason) {
      remove(block.text, verdict.reason, position);
      return;
    }
    if (verdict.collapsed) remove(block.text.slice(verdict.text.length), 'repeated-body', position);
    kept.push({ text: verdict.text, kind: block.kind, position });
  });

  // Trailing furniture: short label-like lines after the last real paragraph.
  let last = kept.length - 1;
  while (last >= 0 && !isSubstantial(kept[last]?.text ?? '')) last--;
  const trailing = kept.splice(last + 1);
  for (const block of trailing) {
    // A short line ending in a colon introduces something that is not there (a list of links, a form).
    const label = /[:：]\s*$/.test(block.text);
    // List items and table cells are the list's or table's own (a ranking's last entries), not furniture.
    if (
      !isListOrTable(block.kind) &&
      wordCount(block.text) <= TRAILING_FRAGMENT_WORDS &&
      (label || !endsLikeSentence(block.text))
    ) {
      remove(block.text, 'trailing-fragment', block.position ?? -1);
    } else {
      kept.push(block);
    }
  }

  return {
    format: document.format,
    meta: parsed.meta,
    dek,
    blocks: kept,
    removed,
    removedCounts,
    links: [...links],
    mainContent: parsed.method,
    visibleDate: findVisibleDate(parsed.blocks.map((b) => b.text)),
  };
}

/** "Published on", "تاريخ النشر", "Publié le"…: the label of a publication-date line (match form). */
const PUBLISHED_LABEL =
  /^(?:تاريخ\s+النشر|نشر(?:ت)?(?:\s+(?:في|بتاريخ|يوم))?|تم\s+النشر(?:\s+(?:في|بتاريخ))?|published(?:\s+(?:on|at))?|posted(?:\s+(?:on|at))?|first\s+published(?:\s+on)?|date\s+published|publie\s+le|date\s+de\s+publication|publicado(?:\s+el)?|veroffentlicht(?:\s+am)?)\s*[:\-–|]?\s*/;
/** A bare date line counts only this close to the top of the page (headline, byline, date). */
const BARE_DATE_BLOCKS = 15;
const MAX_DATE_LINE_WORDS = 14;
const MAX_DATE_LINE_CHARS = 160;

/** The publication date a reader sees: a labelled line anywhere, else a bare date line near the top. */
function findVisibleDate(texts: string[]): string | null {
  let bare: string | null = null;
  for (const [index, text] of texts.entries()) {
    // Cheap tests first: this runs over every block of the page, chrome included.
    if (text.length > MAX_DATE_LINE_CHARS || !/[0-9\u0660-\u0669\u06F0-\u06F9]/.test(text)) continue;
    if (wordCount(text) > MAX_DATE_LINE_WORDS) continue;
    const key = matchKey(text);
    const label = PUBLISHED_LABEL.exec(key);
    if (label?.[0].trim()) {
      // The label is cut on the match form; the date itself is read from the same form, digits included.
      const rest = key.slice(label[0].length);
      if (parseDate(rest)) return rest;
      continue;
    }
    if (bare === null && index < BARE_DATE_BLOCKS && parseDate(key)) bare = key;
  }
  return bare;
}

function isListOrTable(kind: BlockKind): boolean {
  return kind === 'list-item' || kind === 'table-cell';
}

function isSubstantial(text: string): boolean {
  const words = wordCount(text);
  return words >= 12 || (words >= 4 && endsLikeSentence(text));
}
