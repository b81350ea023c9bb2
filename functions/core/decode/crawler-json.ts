import { RejectedInputError, type RejectionReason } from '../errors.ts';
import { hasMarkup } from './sniff.ts';
import type { DocumentFields, InputLimits } from './types.ts';

/**
 * Crawler JSON: one article object, an array of them (bare or under a key such
 * as `articles`), or JSON Lines. Field names vary between crawlers
 * (news-please, trafilatura, Scrapy exports, news APIs, schema.org), so each
 * field has a list of the usual names, first match wins. Only own properties
 * are read: a `__proto__` or `constructor` key is data, never a prototype.
 * Nesting is looked into at fixed, shallow depths only (no recursion).
 */

const TEXT_KEYS = [
  'maintext',
  'text',
  'content',
  'body',
  'article',
  'articleBody',
  'article_text',
  'full_text',
  'fulltext',
  'raw_text',
  'paragraphs',
];
const HTML_KEYS = ['html', 'raw_html', 'rawHtml', 'content_html', 'body_html', 'html_content', 'page_html'];
const TITLE_KEYS = ['title', 'headline', 'title_page', 'name'];
const SUBTITLE_KEYS = ['description', 'subtitle', 'summary', 'dek', 'standfirst', 'excerpt', 'lead'];
const PUBLISHED_KEYS = [
  'date_publish',
  'published',
  'published_at',
  'publishedAt',
  'published_date',
  'published_time',
  'datePublished',
  'date_published',
  'publish_date',
  'publication_date',
  'pubdate',
  'pub_date',
  'date',
];
/**
 * When the crawler fetched the page: the reference for relative dates ("yesterday",
 * a weekday) when no publication date is given. news-please writes `date_download`,
 * SaudiNewsNet-style dumps `date_extracted`, Scrapy pipelines often `crawl_date` or
 * `scraped_at`, Common Crawl derived sets `crawl_time`/`fetch_time`.
 */
const CRAWLED_KEYS = [
  'date_download',
  'date_extracted',
  'date_crawled',
  'date_scraped',
  'date_fetched',
  'date_retrieved',
  'crawled_at',
  'crawledAt',
  'crawl_date',
  'crawl_time',
  'crawled',
  'downloaded_at',
  'download_date',
  'extracted_at',
  'fetched_at',
  'fetch_date',
  'fetch_time',
  'scraped_at',
  'scrape_date',
  'retrieved_at',
];
const URL_KEYS = ['url', 'source_url', 'sourceUrl', 'canonical_url', 'canonical_link', 'link', 'uri'];
const LANGUAGE_KEYS = ['language', 'lang', 'inLanguage', 'locale'];
const AUTHOR_KEYS = ['authors', 'author', 'byline', 'creator'];
/** Wrappers around one article (Elasticsearch exports, API envelopes). */
const WRAPPER_KEYS = ['_source', 'article', 'data', 'item', 'document', 'doc', 'fields'];
/** Keys of an envelope object holding the list of articles. */
const LIST_KEYS = ['articles', 'items', 'data', 'results', 'documents', 'docs', 'entries', 'posts', 'news', 'hits'];

export interface CrawlerDocument {
  format: 'html' | 'text';
  body: string;
  container: 'json' | 'jsonl';
  fields: DocumentFields;
  rejected?: { reason: RejectionReason; message: string };
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function own(record: JsonObject, keys: string[]): unknown {
  for (const key of keys) {
    if (Object.hasOwn(record, key)) {
      const value = record[key];
      if (value !== null && value !== undefined && value !== '') return value;
    }
  }
  return undefined;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A string or number, or one wrapped once: `{"$date": …}` (MongoDB exports), `{"name": …}` (schema.org, news APIs). */
function asString(value: unknown): string | undefined {
  if (isObject(value)) return scalar(own(value, ['$date', 'name', 'value', '@value']));
  return scalar(value);
}

/** A body given as a string, or as a list of paragraph strings. */
function asBody(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() ? value : undefined;
  if (Array.isArray(value)) {
    const parts = value.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    return parts.length ? parts.join('\n\n') : undefined;
  }
  return undefined;
}

function asAuthors(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  const names: string[] = [];
  for (const item of list) {
    // One level only: a string, or an object with a name.
    const name = typeof item === 'string' ? item.trim() : isObject(item) ? scalar(own(item, ['name'])) : undefined;
    if (name) names.push(name);
  }
  return names.length ? names : undefined;
}

/** The article object itself, or the one inside a wrapper key (one level). */
function articleObject(value: unknown): JsonObject | null {
  if (!isObject(value)) return null;
  if (bodyOf(value)) return value;
  for (const key of WRAPPER_KEYS) {
    if (!Object.hasOwn(value, key)) continue;
    const inner = value[key];
    if (isObject(inner) && bodyOf(inner)) return inner;
  }
  return null;
}

function bodyOf(record: JsonObject): { body: string; html: boolean } | null {
  // Extracted text is preferred over raw HTML: the crawler already removed the page chrome.
  const text = asBody(own(record, TEXT_KEYS));
  if (text !== undefined) return { body: text, html: hasMarkup(text) };
  const html = asBody(own(record, HTML_KEYS));
  return html === undefined ? null : { body: html, html: true };
}

function toDocument(value: unknown, container: 'json' | 'jsonl'): CrawlerDocument | null {
  const record = articleObject(value);
  if (!record) return null;
  const body = bodyOf(record);
  if (!body) return null;
  // Fields of the envelope count when the article object lacks them (`{"url": …, "_source": {…}}`).
  const outer = isObject(value) && value !== record ? value : null;
  const pick = (keys: string[]) => own(record, keys) ?? (outer ? own(outer, keys) : undefined);
  const fields: DocumentFields = {};
  const set = <K extends keyof DocumentFields>(key: K, v: DocumentFields[K] | undefined) => {
    if (v !== undefined) fields[key] = v;
  };
  set('title', asString(pick(TITLE_KEYS)));
  set('subtitle', asString(pick(SUBTITLE_KEYS)));
  set('publishedAt', asString(pick(PUBLISHED_KEYS)));
  set('crawledAt', asString(pick(CRAWLED_KEYS)));
  set('url', asString(pick(URL_KEYS)));
  set('language', asString(pick(LANGUAGE_KEYS)));
  set('authors', asAuthors(pick(AUTHOR_KEYS)));
  return { format: body.html ? 'html' : 'text', body: body.body, container, fields };
}

const NO_TEXT = 'holds no article text (no maintext/text/content/body/html field)';

function rejectedEntry(container: 'json' | 'jsonl', reason: RejectionReason, message: string): CrawlerDocument {
  return { format: 'text', body: '', container, fields: {}, rejected: { reason, message } };
}

/** The list of entries of a parsed JSON value: the array itself, an envelope's list, or the single object. */
function entriesOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value) && !articleObject(value)) {
    for (const key of LIST_KEYS) {
      if (!Object.hasOwn(value, key)) continue;
      const list = value[key];
      if (Array.isArray(list)) return list;
      // Elasticsearch: {"hits": {"hits": [...]}}
      if (isObject(list) && Object.hasOwn(list, 'hits') && Array.isArray(list.hits)) return list.hits;
    }
  }
  return [value];
}

function parse(text: string): { ok: true; value: unknown } | { ok: false; error: Error } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

export function crawlerDocuments(text: string, limits: InputLimits): CrawlerDocument[] {
  const whole = parse(text);
  if (whole.ok) {
    const entries = entriesOf(whole.value);
    const single = entries.length === 1 && entries[0] === whole.value;
    const documents = entries
      .slice(0, limits.maxDocuments)
      .map((entry, i) => toDocument(entry, 'json') ?? rejectedEntry('json', 'no-content', `entry ${i + 1} ${NO_TEXT}`));
    if (!documents.some((d) => !d.rejected)) {
      throw new RejectedInputError('no-content', `the JSON ${single ? NO_TEXT : `has no entry with article text`}`);
    }
    return documents;
  }
  // JSON Lines: each line is its own article; a broken line is reported as such, the others go on.
  const lines = text.split('\n');
  if (lines.filter((l) => l.trim()).length > 1) {
    const documents: CrawlerDocument[] = [];
    let malformed = 0;
    for (const [i, line] of lines.entries()) {
      if (documents.length >= limits.maxDocuments) break;
      if (!line.trim()) continue;
      const parsed = parse(line);
      if (!parsed.ok) {
        malformed++;
        documents.push(
          rejectedEntry('jsonl', 'malformed-json', `line ${i + 1} does not parse: ${parsed.error.message}`),
        );
        continue;
      }
      documents.push(
        toDocument(parsed.value, 'jsonl') ?? rejectedEntry('jsonl', 'no-content', `line ${i + 1} ${NO_TEXT}`),
      );
    }
    if (documents.some((d) => !d.rejected)) return documents;
    if (malformed === 0) throw new RejectedInputError('no-content', `no line of the JSON Lines ${NO_TEXT}`);
  }
  throw new RejectedInputError('malformed-json', `the JSON does not parse: ${whole.error.message}`, {
    cause: whole.error,
  });
}
