/** URLs written in the text, cleaned of trailing punctuation. */

const URL_IN_TEXT = /\b(?:https?:\/\/|www\.)[^\s<>"'«»()[\]{}]+/giu;

export function linksInText(paragraphs: string[]): string[] {
  const found: string[] = [];
  for (const paragraph of paragraphs) {
    for (const match of paragraph.matchAll(URL_IN_TEXT)) {
      const url = match[0].replace(/[.,;:!?،؛]+$/u, '');
      found.push(url.startsWith('www.') ? `https://${url}` : url);
    }
  }
  return found;
}

export function uniqueLinks(...lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}
