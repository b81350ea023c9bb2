import { createHash } from 'node:crypto';
import { type CleanResult, cleanDocument } from './clean/index.ts';
import { decodeInput } from './decode/index.ts';
import { DEFAULT_LIMITS, type DocumentFields, type InputLimits, type RawInput } from './decode/types.ts';
import { type DedupeIndex, dedupe, type StorySummary } from './dedupe/index.ts';
import { isRejection, RejectedInputError, type RejectionReason } from './errors.ts';
import { extractDateline } from './extract/dateline.ts';
import { extractEventDate, parseDate } from './extract/dates.ts';
import { extractEntities, type Gazetteer } from './extract/entities/index.ts';
import { selectHeadline } from './extract/headline.ts';
import { detectLanguage, languageSample, normalizeLanguageTag } from './extract/language.ts';
import { linksInText, uniqueLinks } from './extract/links.ts';
import { extractQuotes } from './extract/quotes.ts';
import type { ArticleRecord, Dateline, Entities, Source } from './record.ts';
import { RECORD_SCHEMA_VERSION } from './record-version.ts';

/**
 * The three stages as plain functions. The Lambda handlers run one stage each
 * and pass the result on through S3; `akhbar process` and the local stack run
 * them back to back. Stage outputs are plain JSON.
 */

export interface PipelineInput extends RawInput {
  /** Stable identity of the input (object key + version, or a path): article ids derive from it. */
  sourceId: string;
  /** When the input arrived (upload time): the last-resort reference for relative dates. */
  receivedAt: string;
}

export interface CleanedArticle {
  id: string;
  input: string;
  source: Source;
  fields: DocumentFields;
  receivedAt: string;
  clean: CleanResult;
}

export interface ExtractedArticle {
  id: string;
  input: string;
  source: Source;
  receivedAt: string;
  language: string | null;
  title: string | null;
  subtitle: string | null;
  paragraphs: string[];
  publishedAt: string | null;
  eventDate: string | null;
  dateline: Dateline | null;
  entities: Entities;
  quotes: ArticleRecord['quotes'];
  links: string[];
  removed: ArticleRecord['removed'];
}

export interface RejectedDocument {
  id: string;
  input: string;
  source: Source;
  rejection: { reason: RejectionReason; message: string };
}

export type CleanOutcome = { ok: true; article: CleanedArticle } | { ok: false; rejected: RejectedDocument };

export interface StageConfig {
  limits: InputLimits;
}

export const DEFAULT_STAGE_CONFIG: StageConfig = { limits: DEFAULT_LIMITS };

export function articleId(sourceId: string, index: number): string {
  return `art_${createHash('sha256').update(`${sourceId}#${index}`).digest('hex').slice(0, 20)}`;
}

function sourceOf(input: PipelineInput, sha256: string, index = 0): Source {
  return {
    name: input.name,
    index,
    bytes: input.bytes.byteLength,
    sha256,
    format: null,
    charset: null,
    containers: [],
    url: input.metadata['source-url'] ?? null,
    crawledAt: input.metadata['crawled-at'] ?? null,
    metadata: { ...input.metadata },
  };
}

function rejectedDocument(input: PipelineInput, source: Source, error: RejectedInputError): RejectedDocument {
  return {
    id: articleId(input.sourceId, source.index),
    input: input.name,
    source,
    rejection: { reason: error.reason, message: error.message },
  };
}

/** Stage 1: bytes → cleaned documents (one per article found in the input). */
export function cleanStage(input: PipelineInput, config: StageConfig = DEFAULT_STAGE_CONFIG): CleanOutcome[] {
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  let documents: ReturnType<typeof decodeInput>;
  try {
    documents = decodeInput(input, config.limits);
  } catch (error) {
    if (isRejection(error)) return [{ ok: false, rejected: rejectedDocument(input, sourceOf(input, sha256), error) }];
    throw error;
  }
  return documents.map((document): CleanOutcome => {
    const source: Source = {
      ...sourceOf(input, sha256, document.index),
      format: document.format,
      charset: document.charset,
      containers: document.containers,
      url: document.fields.url ?? input.metadata['source-url'] ?? null,
      crawledAt: document.fields.crawledAt ?? input.metadata['crawled-at'] ?? null,
    };
    if (document.rejected) {
      return {
        ok: false,
        rejected: {
          id: articleId(input.sourceId, document.index),
          input: input.name,
          source,
          rejection: document.rejected,
        },
      };
    }
    try {
      const clean = cleanDocument(document, {
        maxHtmlDepth: config.limits.maxHtmlDepth,
        baseUrl: source.url ?? undefined,
      });
      if (clean.blocks.length === 0 && !document.fields.title) {
        throw new RejectedInputError('no-content', 'no article text was left after removing page furniture');
      }
      return {
        ok: true,
        article: {
          id: articleId(input.sourceId, document.index),
          input: input.name,
          source,
          fields: document.fields,
          receivedAt: input.receivedAt,
          clean,
        },
      };
    } catch (error) {
      if (isRejection(error)) return { ok: false, rejected: rejectedDocument(input, source, error) };
      throw error;
    }
  });
}

export interface ExtractConfig {
  gazetteer?: Gazetteer;
}

/** A line that is a dateline and nothing else, e.g. "ا ف ب (دمشق)". */
function isDatelineOnly(text: string): boolean {
  const found = extractDateline([text]);
  return found.dateline !== null && found.paragraphs.length === 0;
}

/** Stage 2: cleaned document → fields (headline, dateline, language, dates, entities, quotes, links). */
export function extractStage(article: CleanedArticle, config: ExtractConfig = {}): ExtractedArticle {
  const { clean, fields } = article;
  const headline = selectHeadline({
    blocks: clean.blocks,
    meta: clean.meta,
    dek: clean.dek,
    givenTitle: fields.title,
    givenSubtitle: fields.subtitle,
    isDatelineOnly,
  });
  const { dateline, paragraphs } = extractDateline(headline.body.map((b) => b.text));
  if (paragraphs.length === 0) {
    throw new RejectedInputError('no-content', 'the input has a headline but no article body');
  }
  const removed = { ...clean.removedCounts };
  if (headline.repeats.length) removed['headline-repeat'] = headline.repeats.length;
  if (dateline) removed.dateline = 1;

  const language = detectLanguage(
    languageSample(headline.title, paragraphs),
    fields.language ?? clean.meta.language ?? article.source.metadata.lang,
  );
  const publishedAt = firstDate(
    fields.publishedAt,
    clean.meta.publishedAt,
    article.source.metadata['published-at'],
    clean.visibleDate ?? undefined,
  );
  const reference = publishedAt ?? firstDate(article.source.crawledAt) ?? article.receivedAt;
  // The dateline can carry the day ("PARIS, Jan 5 (AFP) -"): dates are read before it is cut.
  const event = extractEventDate({
    title: headline.title,
    paragraphs: headline.body.map((b) => b.text),
    reference,
    language,
  });
  const entities = extractEntities({ title: headline.title, paragraphs, language }, { gazetteer: config.gazetteer });

  return {
    id: article.id,
    input: article.input,
    source: article.source,
    receivedAt: article.receivedAt,
    language: language ?? normalizeLanguageTag(fields.language),
    title: headline.title,
    subtitle: headline.subtitle,
    paragraphs,
    publishedAt,
    eventDate: event.date,
    dateline,
    entities,
    quotes: extractQuotes(paragraphs, entities.persons),
    links: uniqueLinks(clean.links, linksInText(paragraphs)),
    removed,
  };
}

function firstDate(...values: (string | null | undefined)[]): string | null {
  for (const value of values) {
    const parsed = value ? parseDate(value) : null;
    if (parsed) return parsed;
  }
  return null;
}

export interface DedupePorts {
  index: DedupeIndex;
  now: () => Date;
}

/** Stage 3: extracted article → final record with its dedupe verdict, and the story it created or updated. */
export async function dedupeStage(
  article: ExtractedArticle,
  ports: DedupePorts,
): Promise<{ record: ArticleRecord; story: StorySummary | null }> {
  const { outcome, story } = await dedupe(
    {
      id: article.id,
      language: article.language,
      title: article.title,
      paragraphs: article.paragraphs,
      eventDate: article.eventDate,
      publishedAt: article.publishedAt,
      crawledAt: firstDate(article.source.crawledAt),
      entities: article.entities,
      place: article.dateline?.place ?? null,
    },
    ports,
  );
  const record: ArticleRecord = {
    schemaVersion: RECORD_SCHEMA_VERSION,
    id: article.id,
    input: article.input,
    status: outcome.status === 'unique' ? 'ingested' : 'duplicate',
    source: article.source,
    language: article.language,
    title: article.title,
    subtitle: article.subtitle,
    paragraphs: article.paragraphs,
    publishedAt: article.publishedAt,
    eventDate: article.eventDate,
    dateline: article.dateline,
    entities: article.entities,
    quotes: article.quotes,
    links: article.links,
    removed: article.removed,
    dedupe: outcome,
    rejection: null,
    processedAt: ports.now().toISOString(),
  };
  return { record, story };
}

export function rejectedRecord(rejected: RejectedDocument, now: Date): ArticleRecord {
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    id: rejected.id,
    input: rejected.input,
    status: 'rejected',
    source: rejected.source,
    language: null,
    title: null,
    subtitle: null,
    paragraphs: [],
    publishedAt: null,
    eventDate: null,
    dateline: null,
    entities: { persons: [], places: [], organizations: [] },
    quotes: [],
    links: [],
    removed: {},
    dedupe: null,
    rejection: rejected.rejection,
    processedAt: now.toISOString(),
  };
}

export interface ProcessDeps extends DedupePorts, ExtractConfig {
  config?: StageConfig;
}

/** An input after clean and extract: each article ready for dedupe, or the reason it was rejected. */
export type PreparedArticle = { ok: true; article: ExtractedArticle } | { ok: false; rejected: RejectedDocument };

/**
 * Clean and extract of one input, which need no index: they can run apart from dedupe (the CLI runs them in
 * worker threads). Poison input becomes rejections; other errors propagate.
 */
export function prepareInput(
  input: PipelineInput,
  config: Pick<ProcessDeps, 'config' | 'gazetteer'> = {},
): PreparedArticle[] {
  const prepared: PreparedArticle[] = [];
  for (const outcome of cleanStage(input, config.config)) {
    if (!outcome.ok) {
      prepared.push(outcome);
      continue;
    }
    try {
      prepared.push({ ok: true, article: extractStage(outcome.article, config) });
    } catch (error) {
      if (!isRejection(error)) throw error;
      const { id, input: name, source } = outcome.article;
      prepared.push({
        ok: false,
        rejected: { id, input: name, source, rejection: { reason: error.reason, message: error.message } },
      });
    }
  }
  return prepared;
}

/** Dedupe of prepared articles, in their order: one record each. */
export async function finishPrepared(prepared: PreparedArticle[], ports: DedupePorts): Promise<ArticleRecord[]> {
  const records: ArticleRecord[] = [];
  for (const item of prepared) {
    records.push(
      item.ok ? (await dedupeStage(item.article, ports)).record : rejectedRecord(item.rejected, ports.now()),
    );
  }
  return records;
}

/** All stages back to back, for one input. Poison input becomes rejected records; other errors propagate. */
export async function processInput(input: PipelineInput, deps: ProcessDeps): Promise<ArticleRecord[]> {
  return finishPrepared(prepareInput(input, deps), deps);
}
