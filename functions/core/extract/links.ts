/** URLs written in the text, cleaned of trailing punctuation. */

const URL_IN_TEXT = /\b(?:https?:\/\/|www\.)[^\s<>"'«»()[\]{}]+/giu;
// Every link in text holds "://" or "www." (no other letter folds to w): paragraphs without either, nearly all,
// skip the case-insensitive Unicode scan.
const MAY_HOLD_LINK = /:\/\/|www\./i;

export function linksInText(paragraphs: string[]): string[] {
  const found: string[] = [];
  for (const paragraph of paragraphs) {
    if (!MAY_HOLD_LINK.test(paragraph)) continue;
    for (const match of paragraph.matchAll(URL_IN_TEXT)) {
      const url = match[0].replace(/[.,;:!?،؛]+$/u, '');
      // A link written without its scheme ("www.…", in any case) gets https.
      found.push(/^www\./i.test(url) ? `https://${url}` : url);
    }
  }
  return found;
}

export function uniqueLinks(...lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}
