import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
import { mapStackTraces } from './stack-traces.ts';

/**
 * Logger and metrics every function shares, and the wrapper that instruments
 * a handler the way Powertools' `captureLambdaHandler` and `logMetrics`
 * decorators do, without decorators: a `## <handler>` trace subsegment with
 * the cold start and service annotations and the response or error as
 * metadata, the `ColdStart` metric, the Lambda context on every log line,
 * and stored metrics flushed at the end of every invocation. Kept apart from
 * the SDK clients so the publish function stays small.
 */

// Every function imports this module: in a deployed bundle, `import.meta.url` is the bundle itself.
mapStackTraces(import.meta.url);

export const logger = new Logger({ serviceName: 'akhbar' });
export const metrics = new Metrics({ namespace: 'Akhbar', serviceName: 'akhbar' });
export { MetricUnit };

export function instrumented<E, R>(
  handler: (event: E, context: Context) => Promise<R>,
  tracer?: Tracer,
): (event: E, context: Context) => Promise<R> {
  return async (event, context) => {
    logger.addContext(context);
    metrics.captureColdStartMetric(context.functionName);
    const segment = tracer?.isTracingEnabled() ? tracer.getSegment() : undefined;
    const subsegment = segment?.addNewSubsegment(`## ${process.env._HANDLER ?? context.functionName}`);
    if (tracer && subsegment) {
      tracer.setSegment(subsegment);
      tracer.annotateColdStart();
      tracer.addServiceNameAnnotation();
    }
    try {
      const response = await handler(event, context);
      if (subsegment) tracer?.addResponseAsMetadata(response, process.env._HANDLER);
      return response;
    } catch (error) {
      if (subsegment) tracer?.addErrorAsMetadata(error as Error);
      throw error;
    } finally {
      if (tracer && segment && subsegment) {
        subsegment.close();
        tracer.setSegment(segment);
      }
      // Powertools warns on every flush that has nothing to publish: the publisher records no metric of its own,
      // and would log that warning at every stream batch (the cold-start metric is published apart).
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}
