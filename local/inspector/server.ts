import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRecord, getStorySummary, queryPartition } from '../../functions/adapters/dynamodb/article-store.ts';
import { listItems } from '../../functions/adapters/dynamodb/listing.ts';
import { getJson, getRawObject } from '../../functions/adapters/s3-store.ts';
import type { S3Pointer } from '../../functions/contract/events.ts';
import { decodeInput } from '../../functions/core/decode/index.ts';
import { LOCAL_NAMES } from '../../infra/definitions.ts';
import type { BusEnvelope, Target } from '../bus.ts';
import type { LocalStack } from '../stack.ts';

/**
 * The inspector: a page served by `akhbar dev` that shows what the pipeline
 * did to each article. Its only data source is this small API over the local
 * DynamoDB table and S3 buckets; it keeps no state of its own. Static files
 * are the project's own (no CDN, no web fonts).
 */

const PUBLIC = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
const STATIC: Record<string, string> = {
  '/': 'index.html',
  '/app.js': 'app.js',
  '/app.css': 'app.css',
};
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
const RAW_PREVIEW_CHARS = 200_000;

type ListItem = Record<string, unknown> & { articleId: string };

export interface Inspector {
  url: string;
  /** A bus target that pushes events to open pages (server-sent events). */
  target: Target;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export async function startInspector(stack: LocalStack, port: number, dataDir: string): Promise<Inspector> {
  const table = LOCAL_NAMES.table;
  const clients = new Set<ServerResponse>();
  const articles = async (): Promise<ListItem[]> =>
    (await listItems(stack.dynamodb, table, 'articles', { limit: 1000 })) as ListItem[];

  const routes: [RegExp, (match: RegExpMatchArray, url: URL) => Promise<unknown>][] = [
    [
      /^\/api\/articles$/,
      async (_m, url) => {
        const status = url.searchParams.get('status');
        const language = url.searchParams.get('language');
        const q = (url.searchParams.get('q') ?? '').trim().toLowerCase();
        return (await articles()).filter(
          (a) =>
            (!status || a.status === status) &&
            (!language || a.language === language) &&
            (!q || `${a.title ?? ''} ${a.articleId}`.toLowerCase().includes(q)),
        );
      },
    ],
    [
      /^\/api\/articles\/([\w-]+)$/,
      async (m) => {
        const id = m[1] ?? '';
        const record = await getRecord(stack.dynamodb, table, id);
        if (!record) return null;
        const pointers = record.pointers as { raw: S3Pointer; clean: S3Pointer | null; extracted: S3Pointer | null };
        // What could not be read is said on the page, not hidden.
        const unavailable: string[] = [];
        const readOr = async <T>(what: string, read: () => Promise<T>): Promise<T | null> =>
          read().catch((error: Error) => {
            unavailable.push(`${what}: ${error.name}: ${error.message}`);
            return null;
          });
        const raw = await readOr('raw object', () => getRawObject(stack.s3, pointers.raw, 16 * 1024 * 1024));
        let rawText: string | null = null;
        if (raw) {
          try {
            const docs = decodeInput({ name: pointers.raw.key, bytes: raw.bytes, metadata: raw.metadata });
            rawText = (docs[record.source.index] ?? docs[0])?.body.slice(0, RAW_PREVIEW_CHARS) ?? null;
          } catch (error) {
            rawText = `(${(error as Error).message})`;
          }
        }
        const { clean: cleanPointer, extracted: extractedPointer } = pointers;
        const clean = cleanPointer
          ? await readOr('cleaned object', () => getJson<{ article: { clean: unknown } }>(stack.s3, cleanPointer))
          : null;
        const extracted = extractedPointer
          ? await readOr('extracted object', () =>
              getJson<{ article: { paragraphs: string[] } }>(stack.s3, extractedPointer),
            )
          : null;
        const history = await queryPartition(stack.dynamodb, table, `ART#${id}`, 50, 'EVENT#');
        const all = await articles();
        const canonicalId = record.dedupe?.duplicateOf ?? id;
        const duplicates = all.filter((a) => a.duplicateOf === canonicalId && a.articleId !== id);
        const storyMembers = record.dedupe?.storyId
          ? all.filter((a) => a.storyId === record.dedupe?.storyId && a.articleId !== id)
          : [];
        return {
          record,
          paragraphs: extracted?.article.paragraphs ?? [],
          clean: clean?.article.clean ?? null,
          raw: rawText,
          events: history.map((e) => ({ detailType: e.detailType, detail: e.detail })),
          canonical: record.dedupe?.duplicateOf
            ? (all.find((a) => a.articleId === record.dedupe?.duplicateOf) ?? null)
            : null,
          duplicates,
          storyMembers,
          unavailable,
        };
      },
    ],
    [/^\/api\/stories$/, async () => listItems(stack.dynamodb, table, 'stories', { limit: 1000 })],
    [
      /^\/api\/stories\/([\w-]+)$/,
      async (m) => {
        const story = await getStorySummary(stack.dynamodb, table, m[1] ?? '');
        if (!story) return null;
        const members = (await articles()).filter((a) => a.storyId === story.storyId);
        return { story, members };
      },
    ],
    [
      /^\/api\/problems$/,
      async () => ({
        rejected: (await articles()).filter((a) => a.status === 'rejected'),
        queues: Object.fromEntries(Object.entries(stack.queues).map(([name, q]) => [name, q.listDeadLetters()])),
        pipe: stack.pipe.listDeadLetters(),
        bus: stack.bus.listDeadLetters(),
        dataDir,
      }),
    ],
  ];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/api/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    const file = STATIC[url.pathname];
    if (file) {
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'text/plain' });
      res.end(readFileSync(path.join(PUBLIC, file)));
      return;
    }
    for (const [pattern, route] of routes) {
      const match = url.pathname.match(pattern);
      if (!match) continue;
      const body = await route(match, url);
      send(res, body === null ? 404 : 200, body ?? { error: 'not found' });
      return;
    }
    send(res, 404, { error: 'not found' });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => send(res, 500, { error: (error as Error).message }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    target: (event: BusEnvelope) => {
      const line = `data: ${JSON.stringify({ detailType: event['detail-type'], detail: event.detail })}\n\n`;
      for (const client of clients) client.write(line);
    },
    close: () =>
      new Promise((resolve) => {
        for (const client of clients) client.end();
        server.close(() => resolve());
      }),
  };
}
