import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { Journal } from './journal.ts';

/**
 * An SQS stand-in with SQS's delivery semantics: at-least-once delivery,
 * a visibility timeout, a receive count, redelivery with backoff of what a
 * consumer did not delete, and a dead-letter store after maxReceiveCount.
 * Every change is appended to a journal, so a restart loses nothing.
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
  /** The journal where state persists; null keeps it in memory. */
  file: string | null;
  /** Called for each message moved to the dead-letter store (the alarm). */
  onDeadLetter?: (message: QueueMessage) => void;
}

export type Consumer = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

type JournalEntry =
  | { op: 'send'; message: QueueMessage }
  | { op: 'receive'; id: string; receiveCount: number }
  | { op: 'delete'; id: string }
  | { op: 'fail'; id: string; error: string }
  | { op: 'dead'; id: string }
  | { op: 'redrive' };

export class LocalQueue {
  /** Waiting and in-flight messages, oldest first (a Map keeps insertion order). */
  private readonly messages = new Map<string, QueueMessage>();
  private readonly deadLetters = new Map<string, QueueMessage>();
  private readonly journal: Journal<JournalEntry>;
  private inFlight = 0;

  /** The dead letters in a queue's journal, read without taking the queue over (`akhbar dlq list` beside a running stack). */
  static readDeadLetters(file: string): QueueMessage[] {
    const reader = new LocalQueue({ name: '', visibilityTimeoutMs: 0, maxReceiveCount: 1, batchSize: 1, file: null });
    Journal.replay<JournalEntry>(file, (entry) => reader.apply(entry));
    return reader.listDeadLetters();
  }

  constructor(readonly options: QueueOptions) {
    this.journal = new Journal(options.file, () => [
      ...[...this.messages.values()].map((message) => ({ op: 'send' as const, message })),
      ...[...this.deadLetters.values()].flatMap((message) => [
        { op: 'send' as const, message },
        { op: 'dead' as const, id: message.messageId },
      ]),
    ]);
    this.journal.open((entry) => this.apply(entry));
    // After a restart, what was in flight is delivered again: at least once.
    for (const message of this.messages.values()) message.visibleAt = 0;
  }

  get name(): string {
    return this.options.name;
  }

  send(body: string): string {
    const messageId = randomUUID();
    this.change({ op: 'send', message: { messageId, body, sentAt: Date.now(), receiveCount: 0, visibleAt: 0 } });
    return messageId;
  }

  /** Messages waiting or in flight (not counting dead letters). */
  depth(): number {
    return this.messages.size;
  }

  busy(): boolean {
    return this.messages.size > 0 || this.inFlight > 0;
  }

  listDeadLetters(): QueueMessage[] {
    return [...this.deadLetters.values()];
  }

  /** Moves dead letters back to the queue (`akhbar dlq redrive`). */
  redrive(): number {
    const count = this.deadLetters.size;
    if (count) this.change({ op: 'redrive' });
    return count;
  }

  /** Delivers one batch to the consumer, if any message is visible. Returns the number delivered. */
  async deliver(consumer: Consumer, now = Date.now()): Promise<number> {
    const batch: QueueMessage[] = [];
    for (const message of this.messages.values()) {
      if (batch.length >= this.options.batchSize) break;
      if (message.visibleAt > now) continue;
      // As SQS does: a message due for one receive too many goes to the dead-letter store instead.
      if (message.receiveCount >= this.options.maxReceiveCount) {
        this.change({ op: 'dead', id: message.messageId });
        this.options.onDeadLetter?.(message);
        continue;
      }
      this.change({ op: 'receive', id: message.messageId, receiveCount: message.receiveCount + 1 });
      message.visibleAt = now + this.options.visibilityTimeoutMs;
      batch.push(message);
    }
    if (batch.length === 0) return 0;
    this.inFlight++;
    let failed = new Set<string>();
    let error: string | undefined;
    try {
      const response = await consumer(this.toEvent(batch));
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (thrown) {
      // A function error (or timeout) fails the whole batch, as Lambda does.
      failed = new Set(batch.map((m) => m.messageId));
      error = thrown instanceof Error ? thrown.message : String(thrown);
    } finally {
      this.inFlight--;
    }
    for (const message of batch) {
      if (!failed.has(message.messageId)) {
        this.change({ op: 'delete', id: message.messageId });
        continue;
      }
      this.change({ op: 'fail', id: message.messageId, error: error ?? 'reported as a batch item failure' });
      // Retry sooner than the full visibility timeout, with exponential backoff, so local runs stay brisk.
      message.visibleAt = Date.now() + Math.min(this.options.visibilityTimeoutMs, 200 * 2 ** message.receiveCount);
    }
    return batch.length;
  }

  /** Applies a change and appends it to the journal. */
  private change(entry: JournalEntry): void {
    this.apply(entry);
    this.journal.append(entry);
  }

  private apply(entry: JournalEntry): void {
    switch (entry.op) {
      case 'send':
        this.messages.set(entry.message.messageId, { ...entry.message });
        return;
      case 'receive': {
        const message = this.messages.get(entry.id);
        if (message) message.receiveCount = entry.receiveCount;
        return;
      }
      case 'delete':
        this.messages.delete(entry.id);
        return;
      case 'fail': {
        const message = this.messages.get(entry.id);
        if (message) message.lastError = entry.error;
        return;
      }
      case 'dead': {
        const message = this.messages.get(entry.id);
        if (!message) return;
        this.messages.delete(entry.id);
        this.deadLetters.set(entry.id, message);
        return;
      }
      case 'redrive':
        for (const message of this.deadLetters.values())
          this.messages.set(message.messageId, { ...message, receiveCount: 0, visibleAt: 0 });
        this.deadLetters.clear();
        return;
    }
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
}
