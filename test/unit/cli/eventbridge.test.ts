import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventBridgePutEvents, PutEventsError } from '../../../cli/eventbridge.ts';

const client = {
  config: {
    region: async () => 'eu-west-1',
    credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
  },
};
const entry = { Source: 'akhbar', DetailType: 'ArticleIngested', Detail: '{"id":"a"}', EventBusName: 'bus' };

afterEach(() => vi.unstubAllGlobals());

describe('PutEvents from the CLI', () => {
  it('sends a SigV4-signed PutEvents call to the regional endpoint and reads which entries were accepted', async () => {
    const fetch = vi.fn(async (_url: string, _init: RequestInit) =>
      Response.json({ FailedEntryCount: 1, Entries: [{ EventId: 'e1' }, { ErrorCode: 'ThrottlingException' }] }),
    );
    vi.stubGlobal('fetch', fetch);
    const accepted = await eventBridgePutEvents(client as never)([entry, { ...entry, Detail: '{"id":"b"}' }]);
    expect(accepted).toEqual([true, false]);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('https://events.eu-west-1.amazonaws.com/');
    const headers = init?.headers as Record<string, string>;
    expect(headers['x-amz-target']).toBe('AWSEvents.PutEvents');
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/events\/aws4_request/,
    );
    expect(JSON.parse(String(init?.body))).toEqual({ Entries: [entry, { ...entry, Detail: '{"id":"b"}' }] });
  });

  it('fails loudly when EventBridge refuses the call', async () => {
    vi.stubGlobal('fetch', async () => new Response('{"__type":"AccessDeniedException"}', { status: 400 }));
    await expect(eventBridgePutEvents(client as never)([entry])).rejects.toBeInstanceOf(PutEventsError);
  });
});
