import type { S3Pointer } from '../contract/events.ts';
import type { CleanedArticle, ExtractedArticle } from '../core/pipeline.ts';

/**
 * The JSON objects the stages leave in the processed bucket for the next one
 * (the claim check: queue messages only point at them). The revision travels
 * inside them, so a replay changes each object and so passes the next stage's
 * idempotency check.
 */
interface StageMessageBase {
  raw: S3Pointer;
  revision: number;
  /** Articles found in the raw input: a later rejection marks the raw object only when it held this one article. */
  articlesInInput: number;
}

export type StageMessage<Stage extends 'clean' | 'extract'> = Stage extends 'clean'
  ? StageMessageBase & { clean: null; article: CleanedArticle }
  : StageMessageBase & { clean: S3Pointer; article: ExtractedArticle };
