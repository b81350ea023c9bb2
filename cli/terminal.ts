import { isRtl } from '../functions/core/text/normalize.ts';

/** Terminal output helpers: bidi isolation so right-to-left lines display in the right order. */

const RLI = '\u2067';
const LRI = '\u2066';
const PDI = '\u2069';

/** Wraps a line in a directional isolate matching its script, so punctuation and numbers stay in place. */
export function bidi(text: string): string {
  return `${isRtl(text) ? RLI : LRI}${text}${PDI}`;
}

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string) => (text: string) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);
export const bold = paint('1');
export const dim = paint('2');
export const red = paint('31');
export const green = paint('32');
export const yellow = paint('33');
export const cyan = paint('36');
