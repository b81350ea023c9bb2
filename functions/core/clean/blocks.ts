/** The unit the cleaner works on: a paragraph-sized block of text and what is known about where it came from. */

/** Site-chrome containers a block can sit in (from HTML structure or class/id names). */
export type ChromeZone =
  | 'navigation'
  | 'header'
  | 'footer'
  | 'aside'
  | 'form'
  | 'comments'
  | 'share'
  | 'related'
  | 'caption'
  | 'advert'
  | 'byline';

export type BlockKind =
  | 'paragraph'
  | 'heading'
  | 'title'
  | 'dek'
  | 'list-item'
  | 'table-cell'
  | 'quote'
  | 'caption'
  | 'other';

export interface Block {
  text: string;
  kind: BlockKind;
  /** Characters of the text that sit inside links (HTML only). */
  linkChars: number;
  /** Innermost chrome container, when the block sits in one. */
  zone: ChromeZone | null;
  /** False when HTML structure places the block outside the main content. */
  inMain: boolean;
  /** Absolute http(s) links found in the block. */
  links: string[];
}

/** What the markup of an HTML page says about the article. */
export interface PageMeta {
  title?: string;
  ogTitle?: string;
  h1?: string;
  description?: string;
  publishedAt?: string;
  language?: string;
  url?: string;
  siteName?: string;
}

export function linkDensity(block: Block): number {
  return block.text.length === 0 ? 0 : block.linkChars / block.text.length;
}
