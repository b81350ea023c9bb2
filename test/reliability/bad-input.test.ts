import { describe, expect, it } from 'vitest';
import { createMemoryIndex } from '../../functions/core/dedupe/index.ts';
import { processInput } from '../../functions/core/pipeline.ts';
import { BAD_INPUTS } from './cases.ts';

/** Every bad input ends as an accepted record or a rejection with its reason: none crashes, hangs or is lost. */
describe('bad input', () => {
  it.each(BAD_INPUTS.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    const records = await processInput(
      {
        name: testCase.key ?? 'incoming/case',
        sourceId: testCase.name,
        bytes: testCase.make(),
        metadata: {},
        receivedAt: '2024-01-01T00:00:00Z',
      },
      { index: createMemoryIndex(), now: () => new Date() },
    );
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      if (testCase.expect.status === 'rejected') {
        expect(record.status).toBe('rejected');
        expect(record.rejection?.reason).toBe(testCase.expect.reason);
        expect(record.rejection?.message.length).toBeGreaterThan(5);
      } else {
        expect(record.status, JSON.stringify(record.rejection)).not.toBe('rejected');
        expect(record.paragraphs.length).toBeGreaterThan(0);
      }
      const text = JSON.stringify([record.title, record.paragraphs, record.links]);
      for (const forbidden of testCase.mustNotContain ?? []) expect(text).not.toContain(forbidden);
    }
  });
});
