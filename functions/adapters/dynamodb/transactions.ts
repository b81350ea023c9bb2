import {
  type DynamoDBClient,
  TransactionCanceledException,
  TransactionConflictException,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';

/**
 * TransactWriteItems with the retries the SDK does not make. A transaction
 * cancelled because one of its items was throttled (ThrottlingError,
 * ProvisionedThroughputExceeded) or conflicted with another transaction
 * (TransactionConflict) is cancelled as a whole, with nothing written, and
 * the SDK does not retry a cancellation: without this, the whole stage runs
 * again from its queue. Retried with full-jitter exponential backoff; a
 * cancellation for any other reason (a failed condition) is the caller's.
 */

const RETRYABLE_REASONS = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded', 'TransactionConflict']);

export interface TransactionRetry {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * At most about 2.5 s of waiting per transaction (about half that on average, the jitter being full): a batch
 * of 10 records that all meet throttling still fits the 30 s timeout of the functions that write records.
 */
export const RECORD_TRANSACTION_RETRY: TransactionRetry = { attempts: 6, baseDelayMs: 50, maxDelayMs: 1_000 };

/** The transaction was still throttled or conflicting after every attempt; `cause` is the last cancellation. */
export class TransactionRetriesExhaustedError extends Error {
  override readonly name = 'TransactionRetriesExhaustedError';
  constructor(
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(`the transaction was cancelled by throttling or conflicts ${attempts} times`, options);
  }
}

/** Whether a transaction error is worth trying again: nothing was written, and nothing about it was wrong. */
export function isRetryableCancellation(error: unknown): boolean {
  if (error instanceof TransactionConflictException) return true;
  if (!(error instanceof TransactionCanceledException)) return false;
  const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
  return codes.some((c) => RETRYABLE_REASONS.has(c)) && codes.every((c) => c === 'None' || RETRYABLE_REASONS.has(c));
}

export async function transactWrite(
  client: Pick<DynamoDBClient, 'send'>,
  input: TransactWriteItemsCommandInput,
  retry: TransactionRetry = RECORD_TRANSACTION_RETRY,
): Promise<void> {
  const sleep = retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = retry.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteItemsCommand(input));
      return;
    } catch (error) {
      if (!isRetryableCancellation(error)) throw error;
      if (attempt >= retry.attempts) throw new TransactionRetriesExhaustedError(attempt, { cause: error });
      await sleep(random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt));
    }
  }
}
