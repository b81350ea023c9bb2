import type { ChromeZone } from './blocks.ts';

/**
 * Where the article is on an HTML page, decided after the whole page is seen
 * (docs/extraction.md).
 *
 * 1. Structural zones (nav, aside, footer, ARIA roles) are chrome, unless left
 *    unclosed around the rest of the page; per-element totals of text and link
 *    text leave them out.
 * 2. Class/id chrome words (`sidebar`, `share`, `related`…) mark soft zones. A
 *    soft zone that holds half of the page's text is a page wrapper, not chrome.
 * 3. The container: candidate scoring in the style of Readability (each
 *    paragraph scores its ancestors with decreasing weight, link density
 *    discounts, the choice climbs to a common ancestor and takes strong
 *    siblings along), or the schema.org `articleBody` when it names another.
 * 4. Inside the container a soft zone goes only when it is a comment thread,
 *    link-dense, or short without prose; outside it every block is
 *    `outside-main`. Prose touching the container, and the lead under a nearby
 *    headline, join it.
 * 5. A second opinion before an empty or thin result: a density pass over the
 *    page's long, low-link blocks; and before `no-content`, a last look with
 *    structural zones judged like class words.
 */

export interface PageElement {
  tag: string;
  parent: number;
  children: number[];
  /** Lowercased class and id. */
  names: string;
  /** Structural chrome (nav, aside, footer, ARIA roles): always removed. */
  hardZone: ChromeZone | null;
  /** Chrome named by class/id words: removed only where the whole page says it is chrome. */
  wordZone: ChromeZone | null;
  /** 2 for itemprop=articleBody or an article-body class, 1 for <article>. */
  bodyHint: number;
  /** Class words of a dek (standfirst, summary, lead…). */
  dek: boolean;
  /** Blocks flushed while the element was open: [firstBlock, endBlock). */
  firstBlock: number;
  endBlock: number;
  textChars: number;
  linkChars: number;
  score: number;
  scored: boolean;
  /** Closed by its parent's or the page's end rather than its own end tag. */
  unclosed: boolean;
}

export interface PageBlock {
  text: string;
  /** Innermost block-level tag around the text. */
  tag: string;
  linkChars: number;
  links: string[];
  /** Innermost kept element open when the text ended. */
  owner: number;
  /** Innermost element with dek class words among the nearest block ancestors, or -1. */
  dekOwner: number;
  /** Inside a structural chrome zone (set by `chooseMainContent`). */
  hard: boolean;
}

export interface MainContentChoice {
  inMain: boolean[];
  zones: (ChromeZone | null)[];
  dek: boolean[];
  method: 'container' | 'article-body' | 'density' | 'none';
}

/** A soft zone holding at least this share of the page's text is a page wrapper. */
const PAGE_WIDE_SHARE = 0.5;
/** Inside the container, soft zones go when shorter than this share of the container's text… */
const SHORT_ZONE_SHARE = 0.3;
/** …or when this link-dense. */
const LINK_DENSE_ZONE = 0.2;
/** …(short ones only when they hold less prose than this). */
const PROSE_ZONE_CHARS = 300;
/** Below this many characters, the chosen container is checked against the density pass. */
const THIN_RESULT_CHARS = 500;
/** A dek-classed element longer than this is a body, not a dek. */
const MAX_DEK_CHARS = 400;

const NEGATIVE_NAMES =
  /-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|cookie|consent|newsletter|subscribe/;
const POSITIVE_NAMES = /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story|news/;
const SCORED_TAGS = new Set([
  'p',
  'td',
  'pre',
  'li',
  'dd',
  'blockquote',
  'div',
  'section',
  'article',
  'main',
  'center',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
]);
const COMMA = /[,،、，]/g;

function tagWeight(tag: string): number {
  switch (tag) {
    case 'div':
    case 'article':
    case 'section':
    case 'main':
      return 5;
    case 'pre':
    case 'td':
    case 'blockquote':
      return 3;
    case 'address':
    case 'ol':
    case 'ul':
    case 'dl':
    case 'dd':
    case 'dt':
    case 'li':
    case 'form':
      return -3;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
    case 'th':
      return -5;
    default:
      return 0;
  }
}

// Class-and-id strings repeat across elements and pages: each is weighed once (bounded; emptied when full).
const NAME_WEIGHTS_LIMIT = 4_096;
const nameWeights = new Map<string, number>();

function nameWeight(names: string): number {
  let weight = nameWeights.get(names);
  if (weight === undefined) {
    weight = 0;
    if (NEGATIVE_NAMES.test(names)) weight -= 25;
    if (POSITIVE_NAMES.test(names)) weight += 25;
    if (nameWeights.size >= NAME_WEIGHTS_LIMIT) nameWeights.clear();
    nameWeights.set(names, weight);
  }
  return weight;
}

function linkDensityOf(el: PageElement): number {
  return el.textChars === 0 ? 0 : el.linkChars / el.textChars;
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

export function chooseMainContent(
  blocks: PageBlock[],
  elements: PageElement[],
  hints: { articleBody?: string } = {},
): MainContentChoice {
  const choice = choose(blocks, elements, hints);
  if (choice.method !== 'none') return choice;
  // Nothing outside structural chrome: the page's markup misplaces the article (inside an <aside> or a
  // <header>, say). Last look, with structural zones judged like class-word zones.
  for (const el of elements) {
    el.wordZone ??= el.hardZone;
    el.hardZone = null;
    el.textChars = 0;
    el.linkChars = 0;
    el.score = 0;
    el.scored = false;
  }
  const second = choose(blocks, elements, hints);
  return second.method === 'none' ? choice : second;
}

function choose(blocks: PageBlock[], elements: PageElement[], hints: { articleBody?: string }): MainContentChoice {
  // 1. Structural zones. One left unclosed may have swallowed the article: judged like a class-word zone instead.
  const hardOf: (ChromeZone | null)[] = new Array(elements.length);
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i] as PageElement;
    if (el.hardZone && el.unclosed) {
      el.wordZone ??= el.hardZone;
      el.hardZone = null;
    }
    const parentHard = el.parent >= 0 ? (hardOf[el.parent] ?? null) : null;
    hardOf[i] = parentHard ?? el.hardZone;
  }
  for (const block of blocks) block.hard = block.owner >= 0 && hardOf[block.owner] != null;

  // 2. Totals without structural chrome, bottom-up (children always come after their parent).
  let pageText = 0;
  for (const block of blocks) {
    if (block.hard) continue;
    const el = elements[block.owner];
    if (!el) continue;
    el.textChars += block.text.length;
    el.linkChars += block.linkChars;
    pageText += block.text.length;
  }
  for (let i = elements.length - 1; i >= 0; i--) {
    const el = elements[i] as PageElement;
    const parent = elements[el.parent];
    if (!parent) continue;
    parent.textChars += el.textChars;
    parent.linkChars += el.linkChars;
  }

  // 3. Soft zones inherited down the tree, in document order.
  const softOf: number[] = new Array(elements.length); // innermost page-level soft zone element, or -1
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i] as PageElement;
    const parentSoft = el.parent >= 0 ? (softOf[el.parent] ?? -1) : -1;
    const pageWide = el.textChars >= pageText * PAGE_WIDE_SHARE;
    softOf[i] = el.wordZone && !pageWide ? i : parentSoft;
  }
  const blockSoft = (block: PageBlock) => (block.owner >= 0 ? (softOf[block.owner] ?? -1) : -1);

  // 4. The container.
  const stated = articleBodyContainer(blocks, elements, hints.articleBody);
  let containers = scoreContainers(blocks, elements, { skipSoft: true, blockSoft });
  if (textOf(containers, elements) < THIN_RESULT_CHARS && pageText > THIN_RESULT_CHARS) {
    // Like Readability's second attempt: without the class-word exclusions.
    for (const el of elements) {
      el.score = 0;
      el.scored = false;
    }
    const wider = scoreContainers(blocks, elements, { skipSoft: false, blockSoft });
    if (textOf(wider, elements) > textOf(containers, elements)) containers = wider;
  }
  let method: MainContentChoice['method'] = 'container';
  // The page's own statement of its body wins, unless the scored container holds it (a truncated articleBody).
  if (stated.length > 0 && !stated.every((s) => containers.some((c) => isAncestorOrSelf(c, s, elements)))) {
    containers = stated;
    method = 'article-body';
  }

  const inContainer: boolean[] = new Array(blocks.length).fill(false);
  const isContainer = new Set(containers);
  for (const index of containers) {
    const el = elements[index];
    if (!el) continue;
    for (let b = el.firstBlock; b < el.endBlock; b++) inContainer[b] = true;
  }

  // 5. Zones of each block. Prose in a chrome-named element inside the container is content misnamed.
  const proseBefore = [0];
  blocks.forEach((block, b) => {
    const prose = proseClass(block, null) === 'good' ? block.text.length : 0;
    proseBefore.push((proseBefore[b] ?? 0) + prose);
  });
  const zones: (ChromeZone | null)[] = blocks.map((block, b) => {
    if (block.owner < 0) return null;
    const hard = hardOf[block.owner] ?? null;
    if (hard) return hard;
    if (!inContainer[b]) {
      const soft = elements[blockSoft(block)];
      return soft?.wordZone ?? null;
    }
    // Inside the container: the innermost chrome-named element that is short, link-dense or a comment thread.
    const containerText = containerTextOf(block.owner, elements, isContainer);
    for (let i = block.owner; i >= 0 && !isContainer.has(i); i = elements[i]?.parent ?? -1) {
      const el = elements[i] as PageElement;
      if (!el.wordZone) continue;
      const prose = (proseBefore[el.endBlock] ?? 0) - (proseBefore[el.firstBlock] ?? 0);
      if (
        el.wordZone === 'comments' ||
        linkDensityOf(el) > LINK_DENSE_ZONE ||
        (el.textChars < containerText * SHORT_ZONE_SHARE && prose < PROSE_ZONE_CHARS)
      ) {
        return el.wordZone;
      }
    }
    return null;
  });

  if (containers.length > 0) extendAcrossProse(blocks, inContainer, zones);
  let inMain = inContainer;
  const keptChars = blocks.reduce((sum, block, b) => sum + (inMain[b] && !zones[b] ? block.text.length : 0), 0);
  // 6. Second opinion: the container holds much less than the page's long, low-link blocks.
  const density = densityPass(blocks);
  const densityChars = blocks.reduce((sum, block, b) => sum + (density[b] ? block.text.length : 0), 0);
  if (keptChars === 0 || (keptChars < THIN_RESULT_CHARS && densityChars > keptChars * 3)) {
    if (densityChars > keptChars) {
      inMain = density;
      method = 'density';
      for (let b = 0; b < blocks.length; b++) if (inMain[b] && !blocks[b]?.hard) zones[b] = null;
    } else if (keptChars === 0) {
      method = 'none';
    }
  }

  const dek = blocks.map((block) => {
    const owner = elements[block.dekOwner];
    return owner !== undefined && owner.textChars <= MAX_DEK_CHARS;
  });
  return { inMain, zones, dek, method };
}

function textOf(containers: number[], elements: PageElement[]): number {
  let total = 0;
  for (const index of containers) total += elements[index]?.textChars ?? 0;
  return total;
}

function containerTextOf(owner: number, elements: PageElement[], isContainer: Set<number>): number {
  for (let i = owner; i >= 0; i = elements[i]?.parent ?? -1) {
    if (isContainer.has(i)) return elements[i]?.textChars ?? 0;
  }
  return 0;
}

/** The lowest element holding the blocks that the page's JSON-LD `articleBody` contains. */
function articleBodyContainer(blocks: PageBlock[], elements: PageElement[], articleBody?: string): number[] {
  if (!articleBody) return [];
  const body = collapse(articleBody);
  if (body.length < 200) return [];
  let matched = 0;
  let common: number[] | null = null;
  for (const block of blocks) {
    if (block.hard || block.text.length < 30 || block.owner < 0) continue;
    if (!body.includes(collapse(block.text))) continue;
    matched += block.text.length;
    const path = pathOf(block.owner, elements);
    if (common === null) common = path;
    else {
      let n = 0;
      while (n < common.length && n < path.length && common[n] === path[n]) n++;
      common.length = n;
    }
  }
  if (!common || common.length === 0 || matched < body.length * 0.5) return [];
  const lca = common[common.length - 1] as number;
  // A match spread across the whole page (a teaser and a footer copy) says nothing about the container.
  if ((elements[lca]?.textChars ?? 0) > body.length * 2) return [];
  return [lca];
}

function isAncestorOrSelf(ancestor: number, index: number, elements: PageElement[]): boolean {
  for (let i = index; i >= 0; i = elements[i]?.parent ?? -1) if (i === ancestor) return true;
  return false;
}

function pathOf(index: number, elements: PageElement[]): number[] {
  const path: number[] = [];
  for (let i = index; i >= 0; i = elements[i]?.parent ?? -1) path.push(i);
  return path.reverse();
}

function scoreContainers(
  blocks: PageBlock[],
  elements: PageElement[],
  options: { skipSoft: boolean; blockSoft: (block: PageBlock) => number },
): number[] {
  const candidates: number[] = [];
  const touch = (index: number) => {
    const el = elements[index] as PageElement;
    if (!el.scored) {
      el.scored = true;
      el.score = tagWeight(el.tag) + (options.skipSoft ? nameWeight(el.names) : 0) + (el.bodyHint ? 10 : 0);
      candidates.push(index);
    }
    return el;
  };
  for (const block of blocks) {
    if (block.hard || block.owner < 0 || block.text.length < 25) continue;
    if (options.skipSoft && options.blockSoft(block) >= 0) continue;
    if (!SCORED_TAGS.has(block.tag)) continue;
    if (block.linkChars / block.text.length > 0.5) continue;
    // The paragraph element: the innermost block-level owner of the text.
    let paragraph = block.owner;
    while (paragraph >= 0 && elements[paragraph]?.tag !== block.tag) paragraph = elements[paragraph]?.parent ?? -1;
    if (paragraph < 0) paragraph = block.owner;
    const commas = block.text.match(COMMA)?.length ?? 0;
    const score = 1 + commas + Math.min(Math.floor(block.text.length / 100), 3);
    let ancestor = elements[paragraph]?.parent ?? -1;
    for (let level = 0; level < 5 && ancestor >= 0; level++) {
      const el = touch(ancestor);
      const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
      el.score += score / divider;
      ancestor = el.parent;
    }
  }
  if (candidates.length === 0) return [];

  // Final scores: discounted by link density.
  const finalScore = (index: number) => {
    const el = elements[index] as PageElement;
    return el.score * (1 - linkDensityOf(el));
  };
  const ranked = candidates
    .filter((index) => elements[index]?.tag !== 'body' && elements[index]?.tag !== 'html')
    .map((index) => ({ index, score: finalScore(index) }))
    .sort((a, b) => b.score - a.score);
  const first = ranked[0];
  if (!first) return [];
  let top = first.index;
  const topScore = first.score;

  // Several strong candidates under one ancestor: the article is split across them.
  const alternatives = ranked.slice(1, 5).filter((c) => c.score / topScore >= 0.75);
  if (alternatives.length >= 2) {
    const topPath = pathOf(top, elements);
    const paths = alternatives.map((c) => new Set(pathOf(c.index, elements)));
    for (let depth = topPath.length - 2; depth >= 0; depth--) {
      const ancestor = topPath[depth] as number;
      const tag = elements[ancestor]?.tag;
      if (tag === 'body' || tag === 'html') break;
      if (paths.filter((p) => p.has(ancestor)).length >= 2) {
        top = ancestor;
        break;
      }
    }
  }

  // Climb while the parent scores about as well (the article's real wrapper).
  let lastScore = finalScore(top);
  const threshold = lastScore / 3;
  for (let parent = elements[top]?.parent ?? -1; parent >= 0; parent = elements[parent]?.parent ?? -1) {
    const el = elements[parent] as PageElement;
    if (el.tag === 'body' || el.tag === 'html') break;
    if (!el.scored) continue;
    const parentScore = finalScore(parent);
    if (parentScore < threshold) break;
    if (parentScore > lastScore) {
      top = parent;
      break;
    }
    lastScore = parentScore;
  }
  // An only child says nothing: its parent is the wrapper.
  for (let parent = elements[top]?.parent ?? -1; parent >= 0; parent = elements[parent]?.parent ?? -1) {
    const el = elements[parent] as PageElement;
    if (el.tag === 'body' || el.tag === 'html' || el.children.length !== 1) break;
    top = parent;
  }

  // Siblings that score well, or read like paragraphs, are part of the article.
  const topEl = elements[top] as PageElement;
  const chosen = [top];
  const parent = elements[topEl.parent];
  if (parent) {
    const best = finalScore(top);
    const siblingThreshold = Math.max(10, best * 0.2);
    for (const sibling of parent.children) {
      if (sibling === top) continue;
      const el = elements[sibling] as PageElement;
      if (el.hardZone) continue;
      const bonus = el.names && el.names === topEl.names ? best * 0.2 : 0;
      if (el.scored && finalScore(sibling) + bonus >= siblingThreshold) {
        chosen.push(sibling);
        continue;
      }
      if (el.tag === 'p') {
        const density = linkDensityOf(el);
        if (el.textChars > 80 && density < 0.25) chosen.push(sibling);
        else if (el.textChars > 0 && el.textChars <= 80 && density === 0) {
          const text = blocks
            .slice(el.firstBlock, el.endBlock)
            .map((b) => b.text)
            .join(' ');
          if (/[.!?؟。](?:\s|$)/.test(text)) chosen.push(sibling);
        }
      }
    }
  }
  return chosen;
}

type Prose = 'good' | 'short' | 'bad';

/** jusText-style block classes: long, low-link, sentence-like blocks are prose. */
function proseClass(block: PageBlock, zone: ChromeZone | null): Prose {
  if (zone || block.hard) return 'bad';
  const density = block.text.length === 0 ? 0 : block.linkChars / block.text.length;
  if (density > 0.5) return 'bad';
  if (density <= 0.2) {
    if (block.text.length >= 200) return 'good';
    if (block.text.length >= 70 && /[.!?؟。](?:\s|$)/.test(block.text)) return 'good';
  }
  return 'short';
}

/** Tags of a standfirst or subheading line under the headline. */
const DEK_TAGS = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** A headline this many blocks or fewer above the body heads the article. */
const MAX_HEADER_BLOCKS = 40;
/** Most short blocks (subheadings, one-line paragraphs) bridged between two prose blocks. */
const MAX_BRIDGED = 2;

/**
 * The article often starts above its container (a lead paragraph beside the
 * headline) or runs on in a sibling section: prose touching the container on
 * either side joins it, through at most a couple of short blocks, never across
 * chrome or the headline.
 */
function extendAcrossProse(blocks: PageBlock[], inMain: boolean[], zones: (ChromeZone | null)[]): void {
  const first = inMain.indexOf(true);
  const last = inMain.lastIndexOf(true);
  if (first < 0) return;
  const classes = blocks.map((block, b) => proseClass(block, zones[b] ?? null));
  const walk = (from: number, step: number) => {
    let pending: number[] = [];
    let skipped = 0;
    for (let b = from; b >= 0 && b < blocks.length; b += step) {
      if (inMain[b]) break;
      const block = blocks[b] as PageBlock;
      if (block.tag === 'h1') break;
      const kind = classes[b];
      if (zones[b] === 'caption') {
        // A photo and its caption inside the article: stepped over, not taken.
        if (++skipped > MAX_BRIDGED) break;
        continue;
      }
      if (kind === 'bad') break;
      if (kind === 'short') {
        pending.push(b);
        if (pending.length > MAX_BRIDGED) break;
        continue;
      }
      for (const p of pending) inMain[p] = true;
      pending = [];
      inMain[b] = true;
    }
  };
  walk(first - 1, -1);
  walk(last + 1, 1);
  // The lead paragraph right under the headline, when chrome (a byline box, a photo) separates it from the body.
  let title = -1;
  for (let b = inMain.indexOf(true) - 1; b >= 0; b--) {
    if (blocks[b]?.tag === 'h1') {
      title = b;
      break;
    }
  }
  if (title < 0) return;
  walk(title + 1, 1);
  // Between a nearby headline and the body, prose outside chrome is the dek and lead, whatever separates them.
  const start = inMain.indexOf(true);
  if (start - title <= MAX_HEADER_BLOCKS) {
    for (let b = title + 1; b < start; b++) {
      const block = blocks[b] as PageBlock;
      const dekLike =
        classes[b] === 'short' && (DEK_TAGS.has(block.tag) || block.dekOwner >= 0) && block.text.split(' ').length >= 5;
      if (classes[b] === 'good' || dekLike) inMain[b] = true;
    }
  }
}

/**
 * jusText-style second opinion: long blocks with few links and sentence
 * punctuation are content; short ones are kept only between content blocks.
 */
function densityPass(blocks: PageBlock[]): boolean[] {
  // Structural chrome is already 'bad' here; class-word zones are not trusted on a page whose container failed.
  const classes = blocks.map((block) => proseClass(block, null));
  return classes.map((c, b) => {
    if (c === 'good') return true;
    if (c === 'bad') return false;
    const prev = classes[b - 1];
    const next = classes[b + 1];
    return prev === 'good' && next === 'good';
  });
}
