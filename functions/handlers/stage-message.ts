import type { S3Pointer } from '../contract/events.ts';
import type { CleanedArticle, ExtractedArticle } from '../core/pipeline.ts';

/**
 * The JSON objects the stages leave in the processed bucket for the next one.
 * The revision travels inside them, so a replay changes each object and so
 * passes the next stage's idempotency check.
 */
export type StageMessage<Stage extends 'clean' | 'extract'> = Stage extends 'clean'
  ? { raw: S3Pointer; clean: null; revision: number; article: CleanedArticle }
  : { raw: S3Pointer; clean: S3Pointer; revision: number; article: ExtractedArticle };
