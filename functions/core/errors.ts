/**
 * Typed errors of the pipeline.
 *
 * Retry policy: a `RejectedInputError` is poison input. It is recorded as a
 * `rejected` article with its reason and never retried. Anything else is treated
 * as transient by the adapters: retried, then sent to a dead-letter store.
 */

export const REJECTION_REASONS = [
  'empty',
  'binary',
  'too-large',
  'decompression-limit',
  'undecodable',
  'malformed-json',
  'too-deep',
  'no-content',
  'unsupported-format',
  /** A newer write to the same object key was already processed (events arrived out of order, or the object was overwritten before it was read). */
  'superseded',
] as const;

export type RejectionReason = (typeof REJECTION_REASONS)[number];

export class RejectedInputError extends Error {
  override readonly name = 'RejectedInputError';
  constructor(
    readonly reason: RejectionReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isRejection(error: unknown): error is RejectedInputError {
  return error instanceof RejectedInputError;
}
