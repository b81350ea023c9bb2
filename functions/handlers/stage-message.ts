import type { S3Pointer } from '../contract/events.ts';
import type { CleanedArticle, ExtractedArticle } from '../core/pipeline.ts';

/** The JSON objects the stages leave in the processed bucket for the next one. */
export type StageMessage<Stage extends 'clean' | 'extract'> = Stage extends 'clean'
  ? { raw: S3Pointer; clean: null; article: CleanedArticle }
  : { raw: S3Pointer; clean: S3Pointer; article: ExtractedArticle };
