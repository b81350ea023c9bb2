import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { JsonFile } from './store.ts';

/**
 * An SQS stand-in with SQS's delivery semantics: at-least-once delivery,
 * a visibility timeout, a receive count, redelivery with backoff of what a
 * consumer did not delete, and a dead-letter store after maxReceiveCount.
 * State is kept in a JSON file so a restart loses nothing.
 */

export interface QueueMessage {
  messageId: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  /** Not deliverable before this time (ms epoch). */
  visibleAt: number;
  /** Why the last delivery failed, for `akhbar dlq list`. */
  lastError?: string;
}

export interface QueueOptions {
  name: string;
  visibilityTimeoutMs: number;
  maxReceiveCount: number;
  batchSize: number;
  /** Where state persists; null keeps it in memory. */
  file: string | null;
}

export type Consumer = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

export class LocalQueue {
  private messages: QueueMessage[];
  private deadLetters: QueueMessage[];
  private readonly state: JsonFile<{ messages: QueueMessage[]; deadLetters: QueueMessage[] }>;
  private inFlight = 0;

  constructor(readonly options: QueueOptions) {
    this.state = new JsonFile(options.file, () => ({ messages: [], deadLetters: [] }));
    const saved = this.state.read();
    // After a restart, what was in flight is delivered again: at least once.
    this.messages = saved.messages.map((m) => ({ ...m, visibleAt: 0 }));
    this.deadLetters = saved.deadLetters;
  }

  get name(): string {
    return this.options.name;
  }

  send(body: string): string {
    const messageId = randomUUID();
    this.messages.push({ messageId, body, sentAt: Date.now(), receiveCount: 0, visibleAt: 0 });
    this.persist();
    return messageId;
  }

  /** Messages waiting or in flight (not counting dead letters). */
  depth(): number {
    return this.messages.length;
  }

  busy(): boolean {
    return this.messages.length > 0 || this.inFlight > 0;
  }

  listDeadLetters(): QueueMessage[] {
    return [...this.deadLetters];
  }

  /** Moves dead letters back to the queue (`akhbar dlq redrive`). */
  redrive(): number {
    const count = this.deadLetters.length;
    for (const m of this.deadLetters) this.messages.push({ ...m, receiveCount: 0, visibleAt: 0 });
    this.deadLetters = [];
    this.persist();
    return count;
  }

  /** Delivers one batch to the consumer, if any message is visible. Returns the number delivered. */
  async deliver(consumer: Consumer, now = Date.now()): Promise<number> {
    const batch: QueueMessage[] = [];
    for (const message of this.messages) {
      if (batch.length >= this.options.batchSize) break;
      if (message.visibleAt > now) continue;
      if (message.receiveCount >= this.options.maxReceiveCount) continue;
      message.receiveCount++;
      message.visibleAt = now + this.options.visibilityTimeoutMs;
      batch.push(message);
    }
    this.moveExhaustedToDeadLetters(now);
    if (batch.length === 0) return 0;
    this.persist();
    this.inFlight++;
    let failed = new Set<string>();
    let error: string | undefined;
    try {
      const response = await consumer(this.toEvent(batch));
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (thrown) {
      // A function error fails the whole batch, as Lambda does.
      failed = new Set(batch.map((m) => m.messageId));
      error = thrown instanceof Error ? thrown.message : String(thrown);
    } finally {
      this.inFlight--;
    }
    const delivered = new Set(batch.map((m) => m.messageId));
    this.messages = this.messages.filter((m) => !delivered.has(m.messageId) || failed.has(m.messageId));
    for (const message of this.messages) {
      if (!failed.has(message.messageId)) continue;
      message.lastError = error ?? 'reported as a batch item failure';
      // Retry sooner than the full visibility timeout, with exponential backoff, so local runs stay brisk.
      message.visibleAt = Date.now() + Math.min(this.options.visibilityTimeoutMs, 200 * 2 ** message.receiveCount);
    }
    this.moveExhaustedToDeadLetters(Date.now());
    this.persist();
    return batch.length;
  }

  private moveExhaustedToDeadLetters(now: number): void {
    const exhausted = this.messages.filter((m) => m.receiveCount >= this.options.maxReceiveCount && m.visibleAt <= now);
    if (exhausted.length === 0) return;
    const ids = new Set(exhausted.map((m) => m.messageId));
    this.messages = this.messages.filter((m) => !ids.has(m.messageId));
    this.deadLetters.push(...exhausted);
  }

  private toEvent(batch: QueueMessage[]): SQSEvent {
    return {
      Records: batch.map((m) => ({
        messageId: m.messageId,
        receiptHandle: `${m.messageId}:${m.receiveCount}`,
        body: m.body,
        attributes: {
          ApproximateReceiveCount: String(m.receiveCount),
          SentTimestamp: String(m.sentAt),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: String(m.sentAt),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:local:000000000000:${this.options.name}`,
        awsRegion: 'local',
      })),
    };
  }

  private persist(): void {
    this.state.write({ messages: this.messages, deadLetters: this.deadLetters });
  }
}
