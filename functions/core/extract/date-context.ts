/**
 * What the words around a date say about it: said in the future tense, given
 * as background ("since", "منذ"), or inside a quotation. Texts are in the date
 * match form (see `dateMatchForm`).
 */

const WORD = /[\p{L}\p{N}'’]+/gu;

// Future markers in the clause before a date ("will meet on Tuesday", "وسيزور … الأربعاء").
const FUTURE_WORDS = new Set([
  'سوف',
  'المقبل',
  'المقبله',
  'القادم',
  'القادمه',
  'المقرر',
  'المنتظر',
  'المتوقع',
  'المرتقب',
  'المرتقبه',
  'يعتزم',
  'تعتزم',
  'will',
  "'ll",
  'shall',
  'would',
  'planned',
  'expected',
  'scheduled',
  'upcoming',
  'next',
  'va',
  'vont',
  'sera',
  'seront',
  'devrait',
  'devraient',
  'prochain',
  'prochaine',
]);

// A reporting verb between a future marker and the date takes the date: "will go, he said on Tuesday".
const REPORTING_WORDS = new Set([
  'قال',
  'قالت',
  'اعلن',
  'اعلنت',
  'اكد',
  'اكدت',
  'ذكر',
  'ذكرت',
  'افاد',
  'افادت',
  'اوضح',
  'اوضحت',
  'صرح',
  'said',
  'says',
  'told',
  'announced',
  'added',
  'stated',
  'reported',
  'declare',
  'annonce',
]);

// Words that start with the future prefix س but are not verbs: nouns, adjectives, names.
const NOT_FUTURE_VERBS = new Set([
  'سياسي',
  'سياسيا',
  'سياسيون',
  'سياسيين',
  'سيادي',
  'سيطر',
  'سيطرت',
  'سيناء',
  'سيناريو',
  'سيول',
  'سيوف',
  'سينما',
  'سينمايي',
  'سيدي',
  'ستار',
  'ستاير',
  'ستوديو',
  'ستاد',
  'سنوي',
  'سنويا',
  'سيرغي',
  'سيرجي',
  'سيرجيو',
  'ستيفن',
  'ستيف',
  'ستيفان',
  'سيمون',
  'سيباستيان',
  'ستيوارت',
  'سيلفا',
  'سيبيريا',
  'سيدني',
  'سيزار',
  'سيريلانكا',
  'ستوكهولم',
  'ستراسبورغ',
  'سنغافوره',
  'سيكولوجي',
  'سيناتور',
  'سيناتورا',
  'سينغ',
  'سنودن',
  'ستالين',
  'سيريل',
  'سيغولين',
  'ستورم',
  'سيمنز',
  'سيتي',
  'سيراليون',
  'سينودس',
]);

/** Arabic imperfect verb with the future prefix: سيزور، ستبدأ، سنعمل، وسيتم. */
function isArabicFutureVerb(word: string): boolean {
  const bare = word.replace(/^[وف]/, '');
  if (!/^س[يتن]\p{L}{2,}$/u.test(bare) || NOT_FUTURE_VERBS.has(bare)) return false;
  // Nouns and adjectives: feminine ending, sound plurals (سيارات، سنوات), nisba adjectives.
  return !/(?:ه|ات|ين|يه|يا)$/u.test(bare);
}

function isFutureWord(word: string): boolean {
  return FUTURE_WORDS.has(word) || isArabicFutureVerb(word);
}

/** Ends a clause: . ! ? ؟ ؛ ; or a line break (compared as code units: no one-character string per step). */
function isClauseEnd(code: number): boolean {
  return (
    code === 0x2e ||
    code === 0x21 ||
    code === 0x3f ||
    code === 0x061f ||
    code === 0x061b ||
    code === 0x3b ||
    code === 0x0a
  );
}

/** The clause (sentence) around [start, end): from the last sentence mark before to the next one after. */
function clauseBounds(text: string, start: number, end: number): [number, number] {
  let from = start;
  const floor = Math.max(0, start - 400);
  while (from > floor && !isClauseEnd(text.charCodeAt(from - 1))) from--;
  let to = end;
  const ceiling = Math.min(text.length, end + 400);
  while (to < ceiling && !isClauseEnd(text.charCodeAt(to))) to++;
  return [from, to];
}

function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** True when the date is said in the future tense: a future marker shortly before it in its clause, or a future verb right after it. */
export function futureContext(text: string, start: number, end: number): boolean {
  const [from, to] = clauseBounds(text, start, end);
  const before = wordsOf(text.slice(from, start)).slice(-6);
  for (let i = before.length - 1; i >= 0; i--) {
    const word = before[i] ?? '';
    if (REPORTING_WORDS.has(word)) break;
    if (isFutureWord(word)) return true;
  }
  const after = wordsOf(text.slice(end, to)).slice(0, 1);
  return after.some((word) => isArabicFutureVerb(word) || FUTURE_WORDS.has(word));
}

// Background markers right before a date: "منذ 30 أيلول", "since March 3", "depuis le 5 mai", "حتى 5 مايو".
const BACKGROUND_BEFORE =
  /(?:منذ|مذ|since|depuis|اواخر|اوايل|مطلع|منتصف|بدايه|نهايه|حتى|until|till|jusqu['’]au|بين|between|قبل|before|avant)(?:\s+(?:يوم|في|le|on|the|من|شهر))*\s*$/u;

/** True when the words right before the date make it background or a bound of a span. */
export function backgroundContext(text: string, start: number): boolean {
  return BACKGROUND_BEFORE.test(text.slice(Math.max(0, start - 30), start));
}

// Events, groups and places named after a date: "ثورة 25 يناير", "قوى 14 آذار", "ذكرى 6 أكتوبر", "September 11 attacks".
const NAMED_BEFORE = /(?:ثوره|انتفاضه|حرب|هجمات|احداث|مجزره|قوي|تحالف|حركه|ذكري|شارع|ميدان|جسر|anniversary)\s*$/u;
const NAMED_AFTER = /^\s*(?:attacks?|anniversary|revolution|uprising|war|movement|alliance|coalition)(?![\p{L}\p{N}])/u;

/** True when the date is part of a name rather than the day of something. */
export function namedAfterDate(text: string, start: number, end: number): boolean {
  return NAMED_BEFORE.test(text.slice(Math.max(0, start - 16), start)) || NAMED_AFTER.test(text.slice(end, end + 20));
}

/**
 * For each position of `text`, whether it lies inside a quotation. Straight
 * single quotes count only around Arabic words (in Latin text they are apostrophes).
 */
const GUILLEMET_OPEN = 0xab; // «
const GUILLEMET_CLOSE = 0xbb; // »
const CURLY_OPEN = 0x201c; // “
const LOW_OPEN = 0x201e; // „
const CURLY_CLOSE = 0x201d; // ”
const STRAIGHT = 0x22; // "
const APOSTROPHE = 0x27; // '

export function quoteMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length);
  let guillemets = 0;
  let curly = 0;
  let straight = false;
  let single = false;
  // Compared as code units: reading text[i] made a one-character string of every Arabic letter.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === GUILLEMET_OPEN) guillemets++;
    else if (c === GUILLEMET_CLOSE) guillemets = Math.max(0, guillemets - 1);
    else if (c === CURLY_OPEN || c === LOW_OPEN) curly++;
    else if (c === CURLY_CLOSE) curly = Math.max(0, curly - 1);
    else if (c === STRAIGHT) straight = !straight;
    else if (c === APOSTROPHE && isArabicQuote(text, i)) single = !single;
    mask[i] = guillemets > 0 || curly > 0 || straight || single ? 1 : 0;
  }
  return mask;
}

const LETTER = /\p{L}/u;
const ARABIC = /[\u0600-\u06FF]/u;

function isArabicQuote(text: string, i: number): boolean {
  const before = text[i - 1] ?? ' ';
  const after = text[i + 1] ?? ' ';
  if (LETTER.test(before) && LETTER.test(after)) return false;
  return ARABIC.test(before) || ARABIC.test(after);
}
