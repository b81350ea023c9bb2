/**
 * Errors of the handler layer. Poison input is `RejectedInputError` (from the
 * core): recorded as a rejected article, never retried. Everything here, and
 * anything else thrown while processing, fails the message: SQS delivers it
 * again and, after `maxReceiveCount` deliveries, moves it to the dead-letter
 * queue, where it stays for inspection and redrive.
 */

/** A required environment variable is missing or empty: the function cannot start. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** A queue message that is not what the stage expects (not JSON, not an S3 "Object Created" event). */
export class MessageFormatError extends Error {
  override readonly name = 'MessageFormatError';
}

/** A stage failed on one object; `cause` holds the underlying error (S3, DynamoDB, a dedupe race…). */
export class StageError extends Error {
  override readonly name = 'StageError';
  constructor(
    readonly stage: string,
    readonly objectKey: string,
    options: { cause: unknown },
  ) {
    const reason =
      options.cause instanceof Error ? `${options.cause.name}: ${options.cause.message}` : String(options.cause);
    super(`${stage} failed on ${objectKey}: ${reason}`, options);
  }
}
