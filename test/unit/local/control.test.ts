import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestRedrive, serveControlRequests } from '../../../local/control.ts';
import type { LocalStack } from '../../../local/stack.ts';

describe('dead-letter redrive requests', () => {
  it('reaches the running stack through the data directory and reports what was moved', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'akhbar-control-'));
    const stack = {
      pipe: { redrive: async () => 1 },
      bus: { redrive: async () => 0 },
      queues: { clean: { redrive: () => 2 }, dedupe: { redrive: () => 0 } },
    } as unknown as LocalStack;
    const served = setInterval(() => void serveControlRequests(dataDir, stack), 50);
    try {
      await expect(requestRedrive(dataDir)).resolves.toEqual({ queues: { clean: 2, dedupe: 0 }, pipe: 1, bus: 0 });
    } finally {
      clearInterval(served);
    }
  });

  it('fails clearly when no stack is running', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'akhbar-control-'));
    await expect(requestRedrive(dataDir, 300)).rejects.toThrow(/no running akhbar dev/);
  });
});
