import { Parser } from 'htmlparser2';
import { tidyText } from '../text/normalize.ts';
import type { Block, BlockKind, ChromeZone, PageMeta } from './blocks.ts';
import { endsLikeSentence, wordCount } from './boilerplate.ts';
import { chooseMainContent, type PageBlock, type PageElement } from './main-content.ts';

/**
 * HTML → blocks in one streaming pass (no DOM, no recursion), then a
 * whole-page decision on where the article is (`main-content.ts`).
 * Nothing is ever executed: scripts, frames and event handlers are dropped,
 * only text and http(s) hrefs are read.
 *
 * The element stack is always balanced: htmlparser2 reports a close for every
 * open (void elements and implied closes included), and every close pops.
 * Deeper than the nesting limit, elements are flattened the way browsers do:
 * their children become children of the deepest kept element.
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
  'dialog',
]);

/** Elements never flattened: they switch the parser's foreign-content context, or their end tag ends a skip. */
const UNFLATTENED = new Set([
  ...SKIPPED,
  'mi',
  'mo',
  'mn',
  'ms',
  'mtext',
  'annotation-xml',
  'foreignobject',
  'desc',
  'title',
]);

export const BLOCK_TAGS = new Set([
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

/** Structural chrome: these never hold the article, whatever their size. */
const HARD_TAG_ZONES: Record<string, ChromeZone> = {
  nav: 'navigation',
  aside: 'aside',
  figcaption: 'caption',
};

const HARD_ROLE_ZONES: Record<string, ChromeZone> = {
  navigation: 'navigation',
  menubar: 'navigation',
  menu: 'navigation',
  complementary: 'aside',
  contentinfo: 'footer',
  alertdialog: 'advert',
  dialog: 'advert',
};

// Class/id words that name site chrome. Matched on whole tokens of the attribute
// and, for the longer words, inside compound names like "articleShareBar".
const ZONE_WORDS: [ChromeZone, RegExp][] = [
  ['comments', /(?:^|[^a-z])(comments?|comment-?list|disqus|respond|replies|reply)(?:[^a-z]|$)|commentlist/],
  ['share', /(share|sharing|social|sociable|addthis|sharethis)/],
  [
    'related',
    /(related|recommend|more-?stories|read-?more|read-?also|also-?read|outbrain|taboola|trending|most-?read|popular|tags?-?list|tag-?cloud)/,
  ],
  [
    'navigation',
    /(?:^|[^a-z])(nav|navbar|navigation|menu|breadcrumbs?|pagination|pager|sidebar|widget|skip-?link)(?:[^a-z]|$)/,
  ],
  ['caption', /(caption|photo-?credit|image-?credit|credit)/],
  // Pop-ups and overlays (login, newsletter, consent) count as promotional chrome.
  [
    'advert',
    /(?:^|[^a-z])(ad|ads|advert|advertisement|banner|sponsored|promo|dfp|cookie|cookies|consent|gdpr|modal|popup|pop-up|overlay|lightbox|dialog)(?:[^a-z]|$)/,
  ],
  ['footer', /(?:^|[^a-z])(footer|copyright|site-?footer)(?:[^a-z]|$)/],
  [
    'byline',
    /(?:^|[^a-z])(author|authors|byline|author-?bio|author-?box|about-?the-?author|autor|auteur|bio|biography|contributor|post-?meta|entry-?meta|article-?meta)(?:[^a-z]|$)/,
  ],
  ['header', /(?:^|[^a-z])(masthead|site-?header|topbar|top-?bar)(?:[^a-z]|$)/],
];
const DEK_WORDS =
  /(?:^|[^a-z])(sub|subtitle|sub-?title|dek|standfirst|strapline|summary|excerpt|lead|intro|teaser)(?:[^a-z]|$)/;
const BODY_WORDS =
  /(article-?body|articlebody|post-?content|entry-?content|story-?body|article-?content|article-?text|main-?content|post-?body|entry-?body|news-?body|story-?content|body-?text)/;
/** Elements whose class or id words never make a zone: they are the page or the article itself. */
const NEVER_WORD_ZONED = new Set(['html', 'body', 'main', 'article']);

interface NameWords {
  bodyWords: boolean;
  wordZone: ChromeZone | null;
  dek: boolean;
}

// Pages repeat their class names on many elements, and sites across pages: each class-and-id string is
// matched against the word patterns once (bounded; emptied when full).
const NAME_WORDS_LIMIT = 4_096;
const nameWordsMemo = new Map<string, NameWords>();

function nameWords(names: string): NameWords {
  let found = nameWordsMemo.get(names);
  if (found === undefined) {
    const bodyWords = names.length > 1 && BODY_WORDS.test(names);
    found = { bodyWords, wordZone: wordZoneOf(names, bodyWords), dek: DEK_WORDS.test(names) };
    if (nameWordsMemo.size >= NAME_WORDS_LIMIT) nameWordsMemo.clear();
    nameWordsMemo.set(names, found);
  }
  return found;
}

function wordZoneOf(names: string, bodyWords: boolean): ChromeZone | null {
  if (bodyWords || !names.trim()) return null;
  for (const [zone, pattern] of ZONE_WORDS) if (pattern.test(names)) return zone;
  return null;
}

function hardZoneOf(tag: string, role: string, insideArticle: boolean): ChromeZone | null {
  const byTag = HARD_TAG_ZONES[tag];
  if (byTag) return byTag;
  // <header>/<footer> inside an <article> or the main region are the article's own header (headline, dek) and
  // footer (tags, share).
  if (tag === 'header' && !insideArticle) return 'header';
  if (tag === 'footer') return 'footer';
  const byRole = HARD_ROLE_ZONES[role];
  if (byRole) return byRole;
  if (role === 'banner' && !insideArticle) return 'header';
  return null;
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

const PUBLISHED_META = new Set([
  'article:published_time',
  'article:published',
  'og:published_time',
  'datepublished',
  'pubdate',
  'publishdate',
  'publish-date',
  'publish_date',
  'date',
  'dc.date',
  'dc.date.issued',
  'dc.date.created',
  'dcterms.created',
  'dcterms.issued',
  'sailthru.date',
  'parsely-pub-date',
  'article.published',
  'published-date',
  'release_date',
  'citation_publication_date',
  'cxenseparse:recs:publishtime',
]);

/** Reads `headline`, `datePublished` and `articleBody` from JSON-LD, walking @graph and arrays without recursion. */
function readJsonLd(source: string, meta: PageMeta, hints: { articleBody?: string }): void {
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
    if (/Article|Posting|Report|BlogPosting|WebPage/i.test(type)) {
      const isArticle = !/^WebPage$/i.test(type);
      if (isArticle || !meta.publishedAt) meta.publishedAt ??= metaDate(record.datePublished);
      if (isArticle && typeof record.headline === 'string') meta.ogTitle ??= tidyText(record.headline);
      if (isArticle && typeof record.description === 'string') meta.description ??= tidyText(record.description);
      if (typeof record.articleBody === 'string' && record.articleBody.length > (hints.articleBody?.length ?? 0)) {
        hints.articleBody = record.articleBody;
      }
    }
  }
}

function isHidden(attribs: Record<string, string>): boolean {
  if (attribs.hidden !== undefined) return true;
  const style = attribs.style;
  return style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

export interface HtmlBlocks {
  blocks: Block[];
  meta: PageMeta;
  /** How the main content was chosen (for audit and measurement). */
  method: 'container' | 'article-body' | 'density' | 'none';
}

export function htmlToBlocks(html: string, options: { baseUrl?: string; maxDepth: number }): HtmlBlocks {
  const meta: PageMeta = {};
  const hints: { articleBody?: string } = {};
  const elements: PageElement[] = [];
  /** One entry per open tag reported by the parser: the element's index, or -1 when flattened. */
  const stack: number[] = [];
  /** Kept (non-flattened) open elements, innermost last. */
  const open: number[] = [];
  const blocks: PageBlock[] = [];
  let skipDepth = 0;
  let articleDepth = 0;
  // Open elements that are the page's main region (<main>, role=main): a <header> inside one is the article's.
  const mainRegions = new Set<number>();
  let linkDepth = 0;
  let preDepth = 0;
  let text: string[] = [];
  let linkText = 0;
  let links: string[] = [];
  let titleText: string[] | null = null;
  let jsonLd: string[] | null = null;
  let h1Text: string[] | null = null;
  let inHead = false;
  let flattening = false;
  let parserStack: string[] = [];
  const baseUrl = options.baseUrl;

  const flush = () => {
    if (text.length === 0) return;
    const raw = text.join('');
    const linkChars = linkText;
    const blockLinks = links;
    text = [];
    linkText = 0;
    links = [];
    // Most text between block tags is indentation: nothing to tidy.
    if (!/\S/.test(raw)) return;
    // Outside <pre>, line breaks in the source are just spaces.
    const joined = tidyText(preDepth > 0 ? raw : raw.replace(/\s+/g, ' '));
    if (!joined) return;
    // The innermost block element owns the text and decides its kind.
    let owner = -1;
    let kindTag = 'div';
    let dekOwner = -1;
    for (let i = open.length - 1, seen = 0; i >= 0 && seen < 3; i--) {
      const index = open[i] ?? -1;
      const el = elements[index];
      if (!el) continue;
      if (BLOCK_TAGS.has(el.tag)) {
        if (owner === -1) {
          owner = index;
          kindTag = el.tag;
        }
        seen++;
      }
      if (el.dek && dekOwner === -1) dekOwner = index;
    }
    if (owner === -1) owner = open[open.length - 1] ?? -1;
    blocks.push({
      text: joined,
      tag: kindTag,
      linkChars: Math.min(linkChars, joined.length),
      links: blockLinks,
      owner,
      dekOwner,
      hard: false,
    });
  };

  const parser = new Parser(
    {
      onopentagname(name) {
        // Past the nesting limit, an element is taken off the parser's stack as soon as it is pushed: its
        // content joins the deepest kept element and its end tag closes that one instead (see `parserStack`).
        if (parserStack.length > options.maxDepth && parserStack[0] === name && !UNFLATTENED.has(name)) {
          parserStack.shift();
          flattening = true;
        }
      },
      onopentag(name, attribs) {
        if (flattening) {
          flattening = false;
          if (skipDepth === 0 && BLOCK_TAGS.has(name)) flush();
          return;
        }
        if (skipDepth > 0 || SKIPPED.has(name) || isHidden(attribs)) {
          if (name === 'script' && skipDepth === 0 && /ld\+json/i.test(attribs.type ?? '')) jsonLd = [];
          skipDepth++;
          stack.push(-1);
          return;
        }
        if (name === 'head') inHead = true;
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
            else if (PUBLISHED_META.has(key)) meta.publishedAt ??= content.trim();
          }
        }
        if (name === 'link' && /canonical/i.test(attribs.rel ?? '') && attribs.href) meta.url ??= attribs.href;
        if (name === 'time' && attribs.datetime && (articleDepth > 0 || /date|publish/i.test(attribs.class ?? ''))) {
          meta.publishedAt ??= attribs.datetime;
        }
        if (BLOCK_TAGS.has(name)) flush();
        if (name === 'a') {
          linkDepth++;
          const link = absoluteLink(attribs.href, baseUrl ?? meta.url);
          if (link) links.push(link);
        }
        // Only block-level elements shape the page: inline ones (a, span, b…) belong to their block's text.
        // A second <html>/<body> (a pasted page) is flattened, as browsers do.
        if (
          !BLOCK_TAGS.has(name) ||
          ((name === 'html' || name === 'body') && open.some((i) => elements[i]?.tag === name))
        ) {
          stack.push(-1);
          return;
        }
        const role = (attribs.role ?? '').toLowerCase().trim();
        const names = `${attribs.class ?? ''} ${attribs.id ?? ''}`.toLowerCase();
        const itemprop = (attribs.itemprop ?? '').toLowerCase();
        const hardZone = hardZoneOf(name, role, articleDepth > 0 || mainRegions.size > 0);
        const words = nameWords(names);
        const bodyWords = words.bodyWords;
        const wordZone = NEVER_WORD_ZONED.has(name) ? null : name === 'form' ? 'form' : words.wordZone;
        const parent = open[open.length - 1] ?? -1;
        const index = elements.length;
        elements.push({
          tag: name,
          parent,
          children: [],
          names,
          hardZone,
          wordZone,
          bodyHint: itemprop === 'articlebody' || bodyWords ? 2 : name === 'article' ? 1 : 0,
          dek: words.dek,
          firstBlock: blocks.length,
          endBlock: blocks.length,
          textChars: 0,
          linkChars: 0,
          score: 0,
          scored: false,
          unclosed: false,
        });
        elements[parent]?.children.push(index);
        stack.push(index);
        open.push(index);
        if (name === 'article') articleDepth++;
        if (name === 'main' || role === 'main') mainRegions.add(index);
        if (name === 'pre') preDepth++;
        if (name === 'h1' && meta.h1 === undefined) h1Text = [];
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
        if (inHead || (open.length === 0 && !data.trim())) return;
        text.push(data);
        if (linkDepth > 0) linkText += data.replace(/\s+/g, ' ').trim().length;
        if (h1Text) h1Text.push(data);
      },
      onclosetag(name, isImplied) {
        const index = stack.pop();
        if (skipDepth > 0) {
          skipDepth--;
          if (skipDepth === 0 && jsonLd) {
            readJsonLd(jsonLd.join(''), meta, hints);
            jsonLd = null;
          }
          return;
        }
        if (name === 'head') inHead = false;
        if (name === 'title' && titleText) {
          meta.title = tidyText(titleText.join(''));
          titleText = null;
        }
        if (BLOCK_TAGS.has(name)) flush();
        if (name === 'a') linkDepth = Math.max(0, linkDepth - 1);
        if (index === undefined || index < 0) return;
        const el = elements[index];
        open.pop();
        if (!el) return;
        el.endBlock = blocks.length;
        // A chrome element closed only by the end of its parent or page may have swallowed the article.
        if (isImplied) el.unclosed = true;
        if (name === 'article') articleDepth--;
        mainRegions.delete(index);
        if (name === 'pre') preDepth--;
        if (name === 'h1' && h1Text) {
          meta.h1 = tidyText(h1Text.join(''));
          h1Text = null;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  // htmlparser2 keeps open elements in an array it shifts and unshifts: linear per tag, quadratic for a page
  // nested 100,000 deep. Flattening past the limit keeps that array short.
  const internal = (parser as unknown as { stack?: string[] }).stack;
  if (!Array.isArray(internal)) throw new Error('htmlparser2 no longer exposes its element stack');
  parserStack = internal;
  parser.write(html);
  parser.end();
  flush();

  const choice = chooseMainContent(blocks, elements, { articleBody: hints.articleBody });
  return {
    blocks: blocks.map((block, i) => ({
      text: block.text,
      kind: kindOf(block.tag, (choice.dek[i] ?? false) && !isLeadParagraph(block.text)),
      linkChars: block.linkChars,
      zone: choice.zones[i] ?? null,
      inMain: choice.inMain[i] ?? false,
      links: block.links,
    })),
    meta,
    method: choice.method,
  };
}

/** A dek-classed block written as full sentences is the article's lead paragraph, not a standfirst line. */
function isLeadParagraph(text: string): boolean {
  return endsLikeSentence(text) && wordCount(text) >= 12;
}

function kindOf(tag: string, dek: boolean): BlockKind {
  if (tag === 'h1') return 'title';
  if (/^h[2-6]$/.test(tag)) return dek ? 'dek' : 'heading';
  if (tag === 'li' || tag === 'dt' || tag === 'dd') return 'list-item';
  if (tag === 'td' || tag === 'th') return 'table-cell';
  if (tag === 'blockquote') return 'quote';
  if (tag === 'figcaption' || tag === 'caption') return 'caption';
  if (dek) return 'dek';
  if (tag === 'p') return 'paragraph';
  return 'other';
}
