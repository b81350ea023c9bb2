import { createHash, createHmac } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * EventBridge PutEvents for the CLI, signed with SigV4 by the SDK's own
 * signer and sent with fetch, with the credentials and region of the SDK
 * client the CLI already has: the project carries no EventBridge client for
 * one call that only `akhbar dlq redrive` makes.
 */

export interface PutEventsEntry {
  Source: string;
  DetailType: string;
  Detail: string;
  EventBusName: string;
}

/** Per entry: true when EventBridge accepted it. */
export type PutEvents = (entries: PutEventsEntry[]) => Promise<boolean[]>;

class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

export class PutEventsError extends Error {
  override readonly name = 'PutEventsError';
}

export function eventBridgePutEvents(sdkClient: DynamoDBClient): PutEvents {
  return async (entries) => {
    const region = await sdkClient.config.region();
    const hostname = `events.${region}.amazonaws.com`;
    const signer = new SignatureV4({
      credentials: sdkClient.config.credentials,
      region,
      service: 'events',
      sha256: Sha256,
    });
    const body = JSON.stringify({ Entries: entries });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'https:',
      hostname,
      path: '/',
      query: {},
      headers: {
        host: hostname,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSEvents.PutEvents',
      },
      body,
    });
    const response = await fetch(`https://${hostname}/`, { method: 'POST', headers: signed.headers, body });
    const text = await response.text();
    if (!response.ok) throw new PutEventsError(`PutEvents answered ${response.status}: ${text.slice(0, 500)}`);
    const out = JSON.parse(text) as { Entries?: { EventId?: string; ErrorCode?: string }[] };
    return entries.map((_, i) => Boolean(out.Entries?.[i]?.EventId && !out.Entries?.[i]?.ErrorCode));
  };
}
