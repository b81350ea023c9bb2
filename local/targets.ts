import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bidi, bold, cyan, dim, green, red, yellow } from '../cli/terminal.ts';
import type { BusEnvelope, Target } from './bus.ts';

/** Targets of the local bus: the console, a JSON Lines file, an HTTP webhook, a local module. */

export function consoleTarget(write: (line: string) => void = (line) => process.stdout.write(line)): Target {
  return (event: BusEnvelope) => {
    const d = event.detail as Record<string, unknown> & {
      summary?: { title?: string | null; language?: string | null; eventDate?: string | null };
      rejection?: { reason: string; message: string };
    };
    const type = event['detail-type'];
    const colour =
      type === 'ArticleRejected'
        ? red
        : type === 'ArticleDuplicateDetected'
          ? yellow
          : type === 'StoryUpdated'
            ? cyan
            : green;
    const time = event.time.slice(11, 19);
    if (type === 'StoryUpdated') {
      write(
        `${dim(time)} ${colour(type.padEnd(25))} ${dim(String(d.storyId))} size ${d.size} ${bidi(String(d.title ?? ''))}\n`,
      );
      return;
    }
    const id = dim(String(d.articleId));
    if (type === 'ArticleRejected') {
      write(
        `${dim(time)} ${colour(type.padEnd(25))} ${id} ${bold(d.rejection?.reason ?? '')}: ${d.rejection?.message ?? ''}\n`,
      );
      return;
    }
    const title = d.summary?.title ? bidi(d.summary.title) : dim('(no title)');
    const extra =
      type === 'ArticleDuplicateDetected'
        ? ` ${dim(`→ ${String(d.duplicateOf)} (${Number(d.similarity).toFixed(2)})`)}`
        : '';
    write(
      `${dim(time)} ${colour(type.padEnd(25))} ${id} [${d.summary?.language ?? '?'} ${d.summary?.eventDate ?? '—'}] ${title}${extra}\n`,
    );
  };
}

export function fileTarget(file: string): Target {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return (event) => appendFileSync(file, `${JSON.stringify(event)}\n`);
}

export function webhookTarget(url: string): Target {
  return async (event) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  };
}

/** A module exporting `default` or `handler`, called with each event. */
export async function moduleTarget(file: string): Promise<Target> {
  const url = pathToFileURL(path.resolve(file)).href;
  const module = (await import(url).catch(async (error: { code?: string }) => {
    // The bundled CLI runs without tsx's loader: a TypeScript target module needs it.
    if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    const { tsImport } = await import('tsx/esm/api');
    const loaded = await tsImport(url, import.meta.url);
    // A file outside an ES-module package loads as CommonJS: its exports are under `default`.
    const inner = loaded?.default;
    return typeof inner === 'object' && inner !== null && !loaded.handler ? inner : loaded;
  })) as { default?: Target; handler?: Target };
  const fn = module.handler ?? module.default;
  if (typeof fn !== 'function') throw new Error(`${file} exports no handler function`);
  return fn;
}
