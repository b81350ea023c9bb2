import type { Tracer } from '@aws-lambda-powertools/tracer';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from './fakes.ts';

type Observability = typeof import('../../../functions/handlers/observability.ts');
let observability: Observability;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  observability = await import('../../../functions/handlers/observability.ts');
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A tracer that records what the wrapper does with segments, as X-Ray's SDK would see it. */
function recordingTracer() {
  const calls: string[] = [];
  const subsegment = { name: '', close: () => calls.push(`close ${subsegment.name}`) };
  const facade = {
    addNewSubsegment: (name: string) => {
      subsegment.name = name;
      return subsegment;
    },
  };
  const tracer = {
    isTracingEnabled: () => true,
    getSegment: () => facade,
    setSegment: (segment: unknown) => calls.push(segment === facade ? 'set facade' : `set ${subsegment.name}`),
    annotateColdStart: () => calls.push('cold start annotated'),
    addServiceNameAnnotation: () => calls.push('service annotated'),
    addResponseAsMetadata: () => calls.push('response recorded'),
    addErrorAsMetadata: (error: Error) => calls.push(`error recorded: ${error.message}`),
  };
  return { tracer: tracer as unknown as Tracer, calls };
}

describe('handler instrumentation', () => {
  it('traces the handler in its own subsegment with the cold start annotated, and restores the facade', async () => {
    const { tracer, calls } = recordingTracer();
    process.env._HANDLER = 'index.handler';
    const handler = observability.instrumented(async () => 'ok', tracer);
    expect(await handler({}, lambdaContext)).toBe('ok');
    expect(calls).toEqual([
      'set ## index.handler',
      'cold start annotated',
      'service annotated',
      'response recorded',
      'close ## index.handler',
      'set facade',
    ]);
  });

  it('records a failure on the trace, rethrows it, and still flushes the metrics', async () => {
    const { tracer, calls } = recordingTracer();
    const flush = vi.spyOn(observability.metrics, 'publishStoredMetrics');
    const coldStart = vi.spyOn(observability.metrics, 'captureColdStartMetric');
    const handler = observability.instrumented(async () => {
      observability.metrics.addMetric('Rejected', observability.MetricUnit.Count, 1);
      throw new Error('bus unavailable');
    }, tracer);
    await expect(handler({}, lambdaContext)).rejects.toThrow('bus unavailable');
    expect(calls).toContain('error recorded: bus unavailable');
    expect(calls.at(-1)).toBe('set facade');
    expect(flush).toHaveBeenCalledTimes(1);
    expect(coldStart).toHaveBeenCalledWith(lambdaContext.functionName);
  });

  it('flushes nothing, and so logs no empty-metrics warning, after an invocation that recorded no metric', async () => {
    const flush = vi.spyOn(observability.metrics, 'publishStoredMetrics');
    const handler = observability.instrumented(async () => 'published');
    expect(await handler({}, lambdaContext)).toBe('published');
    expect(flush).not.toHaveBeenCalled();
    expect(observability.metrics.hasStoredMetrics()).toBe(false);
  });

  it('runs untraced when tracing is off', async () => {
    const handler = observability.instrumented(async (event: number) => event + 1);
    expect(await handler(1, lambdaContext)).toBe(2);
  });
});
