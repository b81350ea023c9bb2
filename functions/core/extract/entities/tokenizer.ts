// Classes of UTF-16 units for the tokenizer: 0 not yet known, 1 letter/mark/number, 2 whitespace, 3 other.
const unitClasses = new Uint8Array(0x10000);
const WORD_POINT = /^[\p{L}\p{M}\p{N}]$/u;
const SPACE_POINT = /^\s$/u;
const JOINERS = "'’-";

function classOf(point: string): number {
  return WORD_POINT.test(point) ? 1 : SPACE_POINT.test(point) ? 2 : 3;
}

/** Length of the code point at `at` (2 for a surrogate pair) and its class. */
function pointAt(text: string, at: number): [number, number] {
  const code = text.charCodeAt(at);
  if (code >= 0xd800 && code <= 0xdbff && at + 1 < text.length) {
    const low = text.charCodeAt(at + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return [2, classOf(text.slice(at, at + 2))];
  }
  let known = unitClasses[code] ?? 0;
  if (known === 0) {
    // A lone surrogate is a code point of its own, neither a letter nor a space.
    known = code >= 0xd800 && code <= 0xdfff ? 3 : classOf(String.fromCharCode(code));
    unitClasses[code] = known;
  }
  return [1, known];
}

/**
 * Words (letters, marks and numbers, joined by an apostrophe or a hyphen) and single other characters, in order:
 * the matches of `/[\p{L}\p{M}\p{N}\u0640]+(?:['’-][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]/gu`,
 * read in one pass without a match object each.
 */
export function tokenTexts(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const [size, kind] = pointAt(text, i);
    if (kind === 2) {
      i += size;
      continue;
    }
    if (kind === 3) {
      out.push(text.slice(i, i + size));
      i += size;
      continue;
    }
    const start = i;
    i += size;
    for (;;) {
      while (i < text.length) {
        const [next, nextKind] = pointAt(text, i);
        if (nextKind !== 1) break;
        i += next;
      }
      // A joiner continues the word only when a letter follows it ("O'Brien", "al-Assad").
      if (i + 1 < text.length && JOINERS.includes(text.charAt(i)) && pointAt(text, i + 1)[1] === 1) {
        i += 1;
        continue;
      }
      break;
    }
    out.push(text.slice(start, i));
  }
  return out;
}
