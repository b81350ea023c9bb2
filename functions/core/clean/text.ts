import { tidyLines } from '../text/normalize.ts';
import type { Block } from './blocks.ts';

/**
 * Plain text → blocks. Scrapers usually put one paragraph per line; some
 * hard-wrap at a fixed width, and then a paragraph is a group of lines between
 * blank lines.
 */

const MIN_LINES_FOR_WRAP_DETECTION = 6;

function looksHardWrapped(lines: string[]): boolean {
  const filled = lines.filter((l) => l.length > 0);
  if (filled.length < MIN_LINES_FOR_WRAP_DETECTION) return false;
  const lengths = filled.map((l) => l.length).sort((a, b) => a - b);
  const p90 = lengths[Math.floor(lengths.length * 0.9)] ?? 0;
  if (p90 < 40 || p90 > 120) return false;
  // Most lines end close to the wrap width and without closing punctuation.
  const nearWidth = filled.filter((l) => l.length >= p90 * 0.75 && l.length <= p90 + 2).length;
  const open = filled.filter((l) => !/[.!?؟:»"”]$/.test(l)).length;
  return nearWidth / filled.length >= 0.6 && open / filled.length >= 0.5;
}

export function textToBlocks(text: string): Block[] {
  const lines = tidyLines(text).split('\n');
  const paragraphs: string[] = [];
  if (looksHardWrapped(lines)) {
    let current: string[] = [];
    for (const line of lines) {
      if (line) current.push(line);
      else if (current.length) {
        paragraphs.push(current.join(' '));
        current = [];
      }
    }
    if (current.length) paragraphs.push(current.join(' '));
  } else {
    for (const line of lines) if (line) paragraphs.push(line);
  }
  return paragraphs.map((p) => ({ text: p, kind: 'paragraph', linkChars: 0, zone: null, inMain: true, links: [] }));
}
