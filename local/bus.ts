import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type EventPattern, matchesPattern } from './pattern.ts';
import { DATA_FILES, DeadLetterFile } from './store.ts';

/**
 * An EventBridge stand-in: rules with event patterns, targets, retries with
 * backoff, a dead-letter store for deliveries that keep failing, and an
 * archive (JSON Lines) for replay.
 */

export interface BusEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export type Target = (event: BusEnvelope) => Promise<void> | void;

export interface Rule {
  name: string;
  pattern: EventPattern;
  targets: Target[];
}

export interface FailedDelivery {
  rule: string;
  event: BusEnvelope;
  error: string;
  failedAt: string;
}

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'local';
const DELIVERY_ATTEMPTS = 3;

export class LocalBus {
  private readonly rules: Rule[] = [];
  private readonly deadLetters: DeadLetterFile<FailedDelivery>;
  private pending = 0;

  constructor(
    readonly name: string,
    private readonly dataDir: string | null,
    /** Called for each delivery moved to the dead-letter store (the alarm). */
    onDeadLetter?: (failure: FailedDelivery) => void,
  ) {
    this.deadLetters = new DeadLetterFile(dataDir ? DATA_FILES.busDeadLetters(dataDir, name) : null, onDeadLetter);
  }

  addRule(rule: Rule): void {
    this.rules.push(rule);
  }

  busy(): boolean {
    return this.pending > 0;
  }

  listDeadLetters(): FailedDelivery[] {
    return this.deadLetters.list();
  }

  /** Delivers the failed events again to the rule they failed for. */
  async redrive(): Promise<number> {
    const failed = this.deadLetters.take();
    for (const failure of failed) {
      const rule = this.rules.find((r) => r.name === failure.rule);
      if (rule) for (const target of rule.targets) await this.deliver(rule, target, failure.event);
    }
    return failed.length;
  }

  envelope(entry: {
    source: string;
    detailType: string;
    detail: Record<string, unknown>;
    resources?: string[];
    time?: string;
  }): BusEnvelope {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.detailType,
      source: entry.source,
      account: LOCAL_ACCOUNT,
      time: entry.time ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: LOCAL_REGION,
      resources: entry.resources ?? [],
      detail: entry.detail,
    };
  }

  /** PutEvents: archives the event, then delivers it to every matching rule's targets. */
  async put(event: BusEnvelope): Promise<void> {
    if (this.dataDir) {
      mkdirSync(this.dataDir, { recursive: true });
      appendFileSync(path.join(this.dataDir, `bus-${this.name}-archive.jsonl`), `${JSON.stringify(event)}\n`);
    }
    this.pending++;
    try {
      for (const rule of this.rules) {
        if (!matchesPattern(rule.pattern, event)) continue;
        for (const target of rule.targets) await this.deliver(rule, target, event);
      }
    } finally {
      this.pending--;
    }
  }

  private async deliver(rule: Rule, target: Target, event: BusEnvelope): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await target(event);
        return;
      } catch (error) {
        if (attempt >= DELIVERY_ATTEMPTS) {
          this.deadLetters.add({
            rule: rule.name,
            event,
            error: error instanceof Error ? error.message : String(error),
            failedAt: new Date().toISOString(),
          });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  }
}
