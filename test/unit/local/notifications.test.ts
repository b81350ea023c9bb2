import { describe, expect, it } from 'vitest';
import { parseObjectCreated } from '../../../functions/handlers/s3-event.ts';
import { nextSequencer, objectCreatedEvent } from '../../../local/notifications.ts';

/** The local stack's S3 events, against the shape AWS documents for EventBridge "Object Created" events. */
describe('local S3 events', () => {
  const created = (key: string, extra: { sequenced?: boolean } = {}) =>
    objectCreatedEvent({ bucket: 'akhbar-raw', key, size: 5, etag: '"abc"', versionId: 'v1', ...extra });

  it('carry the key encoded as S3 encodes it, and handlers read it back', () => {
    for (const [key, encoded] of [
      ['incoming/a+b %.html', 'incoming/a%2Bb+%25.html'],
      ['incoming/خبر.html', 'incoming/%D8%AE%D8%A8%D8%B1.html'],
    ] as const) {
      const event = created(key);
      expect(event.detail.object.key).toBe(encoded);
      expect(parseObjectCreated({ body: JSON.stringify(event) })?.key).toBe(key);
    }
  });

  it('have the fields and shapes of the documented example', () => {
    const event = created('incoming/a.txt');
    expect(Object.keys(event).sort()).toEqual(
      ['account', 'detail', 'detail-type', 'id', 'region', 'resources', 'source', 'time', 'version'].sort(),
    );
    expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(event.detail.object).toMatchObject({ size: 5, etag: 'abc', 'version-id': 'v1' });
    expect(event.detail.object.sequencer).toMatch(/^00[0-9A-F]{16}$/);
  });

  it('number writes as S3 does: the epoch second first, so later writes compare higher', () => {
    const earlier = nextSequencer(Date.parse('2023-08-09T13:09:49Z'));
    const later = nextSequencer(Date.parse('2023-08-09T13:09:50Z'));
    expect(earlier.slice(0, 10)).toBe('0064D3901D');
    expect(later > earlier).toBe(true);
    expect(nextSequencer(Date.parse('2023-08-09T13:09:50Z')) > later).toBe(true);
  });

  it('leave the sequencer out of a replay, which announces no new write', () => {
    expect(created('incoming/a.txt', { sequenced: false }).detail.object).not.toHaveProperty('sequencer');
  });
});
