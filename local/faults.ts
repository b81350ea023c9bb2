import { createServer, request, type Server, type ServerResponse } from 'node:http';

/**
 * A fault-injecting HTTP proxy for the local stack's servers: a share of the
 * requests get the error AWS itself returns under load (S3 `503 SlowDown`,
 * DynamoDB `ProvisionedThroughputExceededException`), the rest pass through.
 * It can also let a request through and swallow the answer, so the function
 * that sent it hangs after its write took effect until its timeout kills it:
 * a function dying in the middle of a record. The handlers talk to the proxy
 * exactly as they would to AWS.
 */

export type FaultKind = 's3' | 'dynamodb';

export interface FaultProxy {
  endpoint: string;
  /** Share of requests that fail, 0..1; change it at any time (0: the fault is gone). */
  rate: number;
  injected: number;
  /** The next `count` requests whose operation (DynamoDB `X-Amz-Target`, e.g. `TransactWriteItems`) matches reach the server, and their answer never comes back. */
  swallowAnswers(operation: string, count: number): void;
  /** Answers swallowed so far. */
  swallowed: number;
  /** Requests seen, by operation (DynamoDB `X-Amz-Target` operation, else the HTTP method). */
  requests: Record<string, number>;
  close(): Promise<void>;
}

function failure(kind: FaultKind): { status: number; type: string; body: string } {
  return kind === 's3'
    ? {
        status: 503,
        type: 'application/xml',
        body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
      }
    : {
        status: 400,
        type: 'application/x-amz-json-1.0',
        body: JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          message: 'The level of configured provisioned throughput for the table was exceeded.',
        }),
      };
}

export async function startFaultProxy(
  kind: FaultKind,
  target: string,
  port: number,
  rate: number,
  seed = 1,
): Promise<FaultProxy> {
  const upstream = new URL(target);
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const swallow = { operation: '', remaining: 0 };
  const hanging = new Set<ServerResponse>();
  const proxy: FaultProxy = {
    endpoint: `http://127.0.0.1:${port}`,
    rate,
    injected: 0,
    swallowed: 0,
    requests: {},
    swallowAnswers: (operation, count) => Object.assign(swallow, { operation, remaining: count }),
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target ? (target.split('.').at(-1) ?? target) : (req.method ?? 'GET');
    proxy.requests[operation] = (proxy.requests[operation] ?? 0) + 1;
    if (random() < proxy.rate) {
      proxy.injected++;
      const fault = failure(kind);
      req.resume();
      res.writeHead(fault.status, { 'content-type': fault.type, 'x-amzn-requestid': 'fault' });
      res.end(fault.body);
      return;
    }
    const swallowThis = swallow.remaining > 0 && operation === swallow.operation;
    if (swallowThis) swallow.remaining--;
    const forward = request(
      { hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (reply) => {
        if (swallowThis) {
          // The write took effect; its caller never hears so.
          proxy.swallowed++;
          reply.resume();
          hanging.add(res);
          return;
        }
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    forward.on('error', (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  proxy.close = () =>
    new Promise((resolve) => {
      for (const res of hanging) res.destroy();
      server.close(() => resolve());
    });
  return proxy;
}
