// One local Lambda execution environment: loads a function bundle once (its
// init phase), then runs one invocation at a time for the parent thread.
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { handler } = await import(pathToFileURL(workerData.bundle).href);
if (typeof handler !== 'function') throw new Error(`${workerData.bundle} exports no handler`);

parentPort.on('message', async ({ event, context }) => {
  const lambdaContext = {
    ...context,
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, context.deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  try {
    const result = await handler(event, lambdaContext);
    parentPort.postMessage({ ok: true, result: result ?? null });
  } catch (error) {
    parentPort.postMessage({
      ok: false,
      error: { name: error?.name ?? 'Error', message: error?.message ?? String(error) },
    });
  }
});
parentPort.postMessage({ ready: true });
