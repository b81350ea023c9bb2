import { RejectedInputError, type RejectionReason } from '../errors.ts';
import type { DocumentFields, InputLimits } from './types.ts';

/**
 * Crawler JSON: one article object, an array of them, or JSON Lines. Field
 * names vary between crawlers (news-please, trafilatura, Scrapy exports…), so
 * each field has a list of the usual names. Only own properties are read: a
 * `__proto__` or `constructor` key is data, never a prototype.
 */

const TEXT_KEYS = [
  'maintext',
  'text',
  'content',
  'body',
  'article',
  'article_text',
  'full_text',
  'fulltext',
  'raw_text',
];
const HTML_KEYS = ['html', 'raw_html', 'content_html', 'body_html', 'html_content'];
const TITLE_KEYS = ['title', 'headline', 'title_page', 'name'];
const SUBTITLE_KEYS = ['description', 'subtitle', 'summary', 'dek', 'standfirst', 'excerpt'];
const PUBLISHED_KEYS = [
  'date_publish',
  'published',
  'published_at',
  'publishedAt',
  'datePublished',
  'publish_date',
  'pubdate',
  'date',
];
const CRAWLED_KEYS = ['date_download', 'crawled_at', 'crawledAt', 'date_crawled', 'downloaded_at', 'fetched_at'];
const URL_KEYS = ['url', 'source_url', 'sourceUrl', 'link', 'canonical_url'];
const LANGUAGE_KEYS = ['language', 'lang', 'locale'];
const AUTHOR_KEYS = ['authors', 'author', 'byline'];

export interface CrawlerDocument {
  format: 'html' | 'text';
  body: string;
  container: 'json' | 'jsonl';
  fields: DocumentFields;
  rejected?: { reason: RejectionReason; message: string };
}

function rejectedEntry(container: 'json' | 'jsonl', reason: RejectionReason, message: string): CrawlerDocument {
  return { format: 'text', body: '', container, fields: {}, rejected: { reason, message } };
}

export function looksLikeJson(text: string, contentType: string | undefined): boolean {
  const start = text.trimStart()[0];
  return start === '{' || start === '[' || /json/i.test(contentType ?? '');
}

function own(record: Record<string, unknown>, keys: string[]): unknown {
  for (const key of keys) {
    if (Object.hasOwn(record, key)) {
      const value = record[key];
      if (value !== null && value !== undefined && value !== '') return value;
    }
  }
  return undefined;
}

function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function asAuthors(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) {
    const names = value
      .map(
        (v) =>
          asString(v) ??
          (v && typeof v === 'object' ? asString(own(v as Record<string, unknown>, ['name'])) : undefined),
      )
      .filter((v): v is string => !!v);
    return names.length ? names : undefined;
  }
  return undefined;
}

function toDocument(value: unknown, container: 'json' | 'jsonl'): CrawlerDocument | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const text = asString(own(record, TEXT_KEYS));
  const html = asString(own(record, HTML_KEYS));
  const body = text ?? html;
  if (!body) return null;
  const fields: DocumentFields = {};
  const set = <K extends keyof DocumentFields>(key: K, v: DocumentFields[K] | undefined) => {
    if (v !== undefined) fields[key] = v;
  };
  set('title', asString(own(record, TITLE_KEYS)));
  set('subtitle', asString(own(record, SUBTITLE_KEYS)));
  set('publishedAt', asString(own(record, PUBLISHED_KEYS)));
  set('crawledAt', asString(own(record, CRAWLED_KEYS)));
  set('url', asString(own(record, URL_KEYS)));
  set('language', asString(own(record, LANGUAGE_KEYS)));
  set('authors', asAuthors(own(record, AUTHOR_KEYS)));
  // A text field that is really markup is treated as HTML.
  const isHtml = text === undefined || /<(?:p|div|br|article|h[1-6])[\s>/]/i.test(body.slice(0, 5000));
  return { format: isHtml ? 'html' : 'text', body, container, fields };
}

const NO_TEXT = 'holds no article text (no maintext/text/content/body/html field)';

export function crawlerDocuments(text: string, limits: InputLimits): CrawlerDocument[] {
  const trimmed = text.trim();
  let whole: unknown;
  let wholeError: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch (error) {
    wholeError = error;
  }
  if (wholeError === undefined) {
    const items = Array.isArray(whole) ? whole.slice(0, limits.maxDocuments) : [whole];
    const documents = items.map((item) => toDocument(item, 'json')).filter((d): d is CrawlerDocument => d !== null);
    if (documents.length === 0) {
      throw new RejectedInputError(
        'no-content',
        'the JSON holds no article text (no maintext/text/content/body/html field)',
      );
    }
    return documents;
  }
  // JSON Lines: one object per line; a broken line is skipped, not fatal.
  const lines = trimmed.split(/\r?\n/).filter((l) => l.trim());
  if (lines.length > 1) {
    // Each line is its own article: a broken line is reported as such, the others go on.
    const documents: CrawlerDocument[] = [];
    for (const [i, line] of lines.entries()) {
      if (documents.length >= limits.maxDocuments) break;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        documents.push(
          rejectedEntry('jsonl', 'malformed-json', `line ${i + 1} does not parse: ${(error as Error).message}`),
        );
        continue;
      }
      documents.push(toDocument(value, 'jsonl') ?? rejectedEntry('jsonl', 'no-content', `line ${i + 1} ${NO_TEXT}`));
    }
    if (documents.some((d) => !d.rejected)) return documents;
  }
  throw new RejectedInputError('malformed-json', `the JSON does not parse: ${(wholeError as Error).message}`, {
    cause: wholeError,
  });
}
