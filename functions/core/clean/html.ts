import { Parser } from 'htmlparser2';
import { RejectedInputError } from '../errors.ts';
import { tidyText } from '../text/normalize.ts';
import type { Block, BlockKind, ChromeZone, PageMeta } from './blocks.ts';

/**
 * HTML → blocks in one streaming pass (no DOM, no recursion), then a
 * Readability-style choice of the main-content container by paragraph scores.
 * Nothing is ever executed: scripts, frames and event handlers are dropped,
 * only text and http(s) hrefs are read.
 */

const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'canvas',
  'select',
  'option',
  'button',
  'input',
  'textarea',
  'video',
  'audio',
  'map',
]);

const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'nav',
  'aside',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'figure',
  'figcaption',
  'blockquote',
  'pre',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'caption',
  'form',
  'fieldset',
  'address',
  'details',
  'summary',
  'hr',
  'br',
  'body',
  'html',
  'center',
]);

const TAG_ZONES: Record<string, ChromeZone> = {
  nav: 'navigation',
  aside: 'aside',
  form: 'form',
  figcaption: 'caption',
  figure: 'caption',
};

// Class/id words that name site chrome. Matched on whole tokens of the attribute
// and, for the longer words, inside compound names like "articleShareBar".
const ZONE_WORDS: [ChromeZone, RegExp][] = [
  ['comments', /(?:^|[^a-z])(comments?|disqus|respond|replies)(?:[^a-z]|$)/],
  ['share', /(share|sharing|social|sociable|addthis|sharethis)/],
  [
    'related',
    /(related|recommend|more-?stories|read-?more|read-?also|also-?read|outbrain|taboola|trending|most-?read|popular|tags?-?list)/,
  ],
  ['navigation', /(?:^|[^a-z])(nav|navbar|navigation|menu|breadcrumbs?|pagination|pager|sidebar|widget)(?:[^a-z]|$)/],
  ['caption', /(caption|photo-?credit|image-?credit|credit)/],
  ['advert', /(?:^|[^a-z])(ad|ads|advert|advertisement|banner|sponsored|promo|dfp)(?:[^a-z]|$)/],
  ['footer', /(?:^|[^a-z])(footer|copyright|site-?footer)(?:[^a-z]|$)/],
  ['header', /(?:^|[^a-z])(masthead|site-?header|topbar|top-?bar)(?:[^a-z]|$)/],
];
const DEK_WORDS =
  /(?:^|[^a-z])(sub|subtitle|sub-?title|dek|standfirst|strapline|summary|excerpt|lead|intro|teaser)(?:[^a-z]|$)/;
const BODY_WORDS =
  /(article-?body|articlebody|post-?content|entry-?content|story-?body|article-?content|article-?text|main-?content)/;

interface Element {
  tag: string;
  /** Position counter when the element opened and when it closed. */
  start: number;
  end: number;
  parent: number;
  zone: ChromeZone | null;
  bodyHint: boolean;
  dek: boolean;
  heading: boolean;
  score: number;
}

interface PendingBlock {
  text: string;
  kind: BlockKind;
  linkChars: number;
  zone: ChromeZone | null;
  links: string[];
  pos: number;
  parent: number;
}

function zoneOf(tag: string, attribs: Record<string, string>, insideArticle: boolean): ChromeZone | null {
  const byTag = TAG_ZONES[tag];
  if (byTag) return byTag;
  // <header>/<footer> inside an <article> are the article's own header (headline) and footer (tags, share).
  if (tag === 'header' && !insideArticle) return 'header';
  if (tag === 'footer') return 'footer';
  const role = (attribs.role ?? '').toLowerCase();
  if (role === 'navigation' || role === 'menubar') return 'navigation';
  if (role === 'complementary') return 'aside';
  if (role === 'contentinfo') return 'footer';
  if (role === 'banner' && !insideArticle) return 'header';
  const names = `${attribs.class ?? ''} ${attribs.id ?? ''}`.toLowerCase();
  if (!names.trim()) return null;
  if (BODY_WORDS.test(names)) return null;
  for (const [zone, pattern] of ZONE_WORDS) if (pattern.test(names)) return zone;
  return null;
}

function kindOf(tag: string, dek: boolean): BlockKind {
  if (tag === 'h1') return 'title';
  if (/^h[2-6]$/.test(tag)) return dek ? 'dek' : 'heading';
  if (tag === 'li' || tag === 'dt' || tag === 'dd') return 'list-item';
  if (tag === 'blockquote') return 'quote';
  if (tag === 'figcaption' || tag === 'caption') return 'caption';
  if (dek) return 'dek';
  if (tag === 'p') return 'paragraph';
  return 'other';
}

function absoluteLink(href: string | undefined, base: string | undefined): string | null {
  if (!href) return null;
  const trimmed = href.trim();
  if (!trimmed || trimmed.startsWith('#')) return null;
  try {
    const url = base ? new URL(trimmed, base) : new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function metaDate(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Reads `headline` and `datePublished` from JSON-LD, walking @graph and arrays without recursion. */
function readJsonLd(source: string, meta: PageMeta): void {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch {
    return;
  }
  const queue: unknown[] = [data];
  for (let i = 0; i < queue.length && i < 200; i++) {
    const node = queue[i];
    if (Array.isArray(node)) {
      queue.push(...node.slice(0, 50));
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const record = node as Record<string, unknown>;
    if (Object.hasOwn(record, '@graph')) queue.push(record['@graph']);
    const type = String(record['@type'] ?? '');
    if (/Article|Posting|Report/i.test(type)) {
      meta.publishedAt ??= metaDate(record.datePublished);
      if (typeof record.headline === 'string') meta.ogTitle ??= tidyText(record.headline);
      if (typeof record.description === 'string') meta.description ??= tidyText(record.description);
    }
  }
}

export interface HtmlBlocks {
  blocks: Block[];
  meta: PageMeta;
}

export function htmlToBlocks(html: string, options: { baseUrl?: string; maxDepth: number }): HtmlBlocks {
  const meta: PageMeta = {};
  const elements: Element[] = [];
  const stack: number[] = []; // indices into elements
  const pending: PendingBlock[] = [];
  let pos = 0;
  let skipDepth = 0;
  let articleDepth = 0;
  let linkDepth = 0;
  const zones: ChromeZone[] = [];
  let text: string[] = [];
  let linkText = 0;
  let links: string[] = [];
  let titleText: string[] | null = null;
  let jsonLd: string[] | null = null;
  let h1Text: string[] | null = null;
  const baseUrl = options.baseUrl;

  const flush = () => {
    if (text.length === 0) return;
    const joined = tidyText(text.join(''));
    const linkChars = linkText;
    const blockLinks = links;
    text = [];
    linkText = 0;
    links = [];
    if (!joined) return;
    // The innermost block element decides the kind; the innermost chrome container the zone.
    let kindTag = 'div';
    let dek = false;
    for (let i = stack.length - 1; i >= 0 && i >= stack.length - 3; i--) {
      const el = elements[stack[i] ?? -1];
      if (!el) continue;
      if (kindTag === 'div' && BLOCK_TAGS.has(el.tag)) kindTag = el.tag;
      if (el.dek) dek = true;
    }
    const zone = zones[zones.length - 1] ?? null;
    pending.push({
      text: joined,
      kind: kindOf(kindTag, dek),
      linkChars: Math.min(linkChars, joined.length),
      zone,
      links: blockLinks,
      pos: pos++,
      parent: stack[stack.length - 1] ?? -1,
    });
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (skipDepth > 0 || SKIPPED.has(name)) {
          if (name === 'script' && skipDepth === 0 && /ld\+json/i.test(attribs.type ?? '')) jsonLd = [];
          skipDepth++;
          return;
        }
        if (name === 'title' && meta.title === undefined) titleText = [];
        if (name === 'html' && attribs.lang) meta.language = attribs.lang;
        if (name === 'meta') {
          const key = (attribs.property ?? attribs.name ?? attribs.itemprop ?? '').toLowerCase();
          const content = attribs.content;
          if (content) {
            if (key === 'og:title' || key === 'twitter:title') meta.ogTitle ??= tidyText(content);
            else if (key === 'og:description' || key === 'description') meta.description ??= tidyText(content);
            else if (key === 'og:site_name') meta.siteName ??= tidyText(content);
            else if (key === 'og:url') meta.url ??= content.trim();
            else if (
              key === 'article:published_time' ||
              key === 'datepublished' ||
              key === 'pubdate' ||
              key === 'publishdate' ||
              key === 'date' ||
              key === 'dc.date' ||
              key === 'dcterms.created' ||
              key === 'sailthru.date' ||
              key === 'parsely-pub-date'
            )
              meta.publishedAt ??= content.trim();
          }
          return;
        }
        if (name === 'link' && /canonical/i.test(attribs.rel ?? '') && attribs.href) meta.url ??= attribs.href;
        if (name === 'time' && attribs.datetime && articleDepth > 0) meta.publishedAt ??= attribs.datetime;
        if (BLOCK_TAGS.has(name)) flush();
        if (name === 'br' || name === 'hr') return;
        if (stack.length >= options.maxDepth) {
          throw new RejectedInputError(
            'too-deep',
            `HTML nests deeper than ${options.maxDepth} elements (the configured limit)`,
          );
        }
        const parent = stack[stack.length - 1] ?? -1;
        const zone = zoneOf(name, attribs, articleDepth > 0);
        const names = `${attribs.class ?? ''} ${attribs.id ?? ''} ${attribs.itemprop ?? ''}`.toLowerCase();
        elements.push({
          tag: name,
          start: pos,
          end: Number.POSITIVE_INFINITY,
          parent,
          zone,
          bodyHint: name === 'article' || name === 'main' || BODY_WORDS.test(names),
          dek: DEK_WORDS.test(names),
          heading: /^h[1-6]$/.test(name),
          score: 0,
        });
        stack.push(elements.length - 1);
        if (zone) zones.push(zone);
        if (name === 'article') articleDepth++;
        if (name === 'h1' && meta.h1 === undefined) h1Text = [];
        if (name === 'a') {
          linkDepth++;
          const link = absoluteLink(attribs.href, baseUrl ?? meta.url);
          if (link) links.push(link);
        }
      },
      ontext(data) {
        if (skipDepth > 0) {
          if (jsonLd) jsonLd.push(data);
          return;
        }
        if (titleText) {
          titleText.push(data);
          return;
        }
        if (stack.length === 0 && !data.trim()) return;
        text.push(data);
        if (linkDepth > 0) linkText += data.replace(/\s+/g, ' ').trim().length;
        if (h1Text) h1Text.push(data);
      },
      onclosetag(name) {
        if (skipDepth > 0) {
          skipDepth--;
          if (skipDepth === 0 && jsonLd) {
            readJsonLd(jsonLd.join(''), meta);
            jsonLd = null;
          }
          return;
        }
        if (name === 'title' && titleText) {
          meta.title = tidyText(titleText.join(''));
          titleText = null;
          return;
        }
        if (name === 'br' || name === 'hr' || name === 'meta' || name === 'link') return;
        if (BLOCK_TAGS.has(name)) flush();
        const index = stack[stack.length - 1];
        const el = index === undefined ? undefined : elements[index];
        if (!el || el.tag !== name) return; // stray close tag: htmlparser2 already balanced what it could
        stack.pop();
        el.end = pos;
        if (el.zone) zones.pop();
        if (name === 'article') articleDepth--;
        if (name === 'a') linkDepth = Math.max(0, linkDepth - 1);
        if (name === 'h1' && h1Text) {
          meta.h1 = tidyText(h1Text.join(''));
          h1Text = null;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  flush();

  return { blocks: chooseMainContent(pending, elements), meta };
}

/** Marks blocks outside the best-scoring content container (and its strong siblings). */
function chooseMainContent(pending: PendingBlock[], elements: Element[]): Block[] {
  for (const block of pending) {
    if (block.zone || block.kind === 'title' || block.text.length < 25) continue;
    if (block.kind !== 'paragraph' && block.kind !== 'other' && block.kind !== 'quote') continue;
    const density = block.linkChars / block.text.length;
    if (density > 0.5) continue;
    const commas = (block.text.match(/[,،]/g) ?? []).length;
    const score = (1 + commas + Math.min(block.text.length / 100, 3)) * (1 - density);
    const parent = elements[block.parent];
    if (!parent) continue;
    parent.score += score;
    const grand = elements[parent.parent];
    if (grand) grand.score += score / 2;
  }
  let best: Element | undefined;
  for (const el of elements) {
    if (el.zone) continue;
    const weighted = el.score * (el.bodyHint ? 1.25 : 1);
    if (!best || weighted > best.score * (best.bodyHint ? 1.25 : 1)) best = el;
  }
  const ranges: [number, number][] = [];
  if (best && best.score > 0) {
    ranges.push([best.start, best.end]);
    // Paragraphs split across sibling containers: keep siblings that score well too.
    const threshold = Math.max(5, best.score * 0.2);
    for (const el of elements) {
      if (el !== best && el.parent === best.parent && best.parent !== -1 && !el.zone && el.score >= threshold) {
        ranges.push([el.start, el.end]);
      }
    }
  }
  const inRanges = (pos: number) => ranges.length === 0 || ranges.some(([start, end]) => pos >= start && pos < end);
  return pending.map((block) => ({
    text: block.text,
    kind: block.kind,
    linkChars: block.linkChars,
    zone: block.zone,
    inMain: inRanges(block.pos),
    links: block.links,
  }));
}
