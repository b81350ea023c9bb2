import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Source-mapped stack traces for a deployed bundle, at no cost to its cold
 * start. Node's `--enable-source-maps` reads and parses the bundle's map
 * (about 1 MB) when the bundle is imported, some 20 ms of every cold start,
 * although most environments never format a stack. Here the map is read
 * the first time a stack is formatted (`error.stack` is formatted lazily by
 * V8, when first read: by the logger, the tracer or the runtime), and frames
 * of the bundle are written as Node writes them with the flag: the original
 * file, line and column, and the original function name where the map has it.
 *
 * Installs nothing when the module has no map beside it (the TypeScript
 * sources under tests and the CLI) or when Node already maps stacks.
 */
export function mapStackTraces(moduleUrl: string): boolean {
  if (process.sourceMapsEnabled) return false;
  const file = moduleUrl.startsWith('file:') ? fileURLToPath(moduleUrl) : moduleUrl;
  const mapFile = `${file}.map`;
  if (!existsSync(mapFile)) return false;

  let map: SourceMap | null | undefined;
  const sourceMap = (): SourceMap | null => {
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload);
      } catch {
        // A stack must still be written when its map is unreadable: unmapped, as V8 writes it.
        map = null;
      }
    }
    return map;
  };

  const inBundle = (site: NodeJS.CallSite) => site.getFileName() === moduleUrl || site.getFileName() === file;
  Error.prepareStackTrace = (error: Error, sites: NodeJS.CallSite[]): string => {
    const frame = (site: NodeJS.CallSite, caller: NodeJS.CallSite | undefined) => {
      try {
        const mapped = inBundle(site) ? sourceMap() : null;
        return (mapped && mappedFrame(mapped, site, caller)) ?? String(site);
      } catch {
        // Reading a stack must never throw: a frame the map cannot place is written as V8 writes it.
        return String(site);
      }
    };
    return `${errorHeader(error)}${sites.map((site, i) => `\n    at ${frame(site, sites[i + 1])}`).join('')}`;
  };
  return true;
}

interface Entry {
  originalSource?: string;
  originalLine?: number;
  originalColumn?: number;
  name?: string;
}

function entryAt(map: SourceMap, line: number | null, column: number | null): Entry {
  if (line === null || column === null) return {};
  return map.findEntry(line - 1, column - 1) as Entry;
}

/** A frame of the bundle in the original source (`caller`: the frame below it), or null where the map has none. */
function mappedFrame(map: SourceMap, site: NodeJS.CallSite, caller: NodeJS.CallSite | undefined): string | null {
  const entry = entryAt(map, site.getLineNumber(), site.getColumnNumber());
  if (entry.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined) {
    return null;
  }
  const location = `${readableSource(entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  // The minified name is meaningless: the map names the enclosing function, or else the caller's call names it.
  const sameFile = caller !== undefined && caller.getFileName() === site.getFileName();
  const name =
    entryAt(map, site.getEnclosingLineNumber(), site.getEnclosingColumnNumber()).name ||
    (sameFile ? entryAt(map, caller.getLineNumber(), caller.getColumnNumber()).name : undefined) ||
    undefined;
  const fnName = site.getFunctionName() ?? site.getMethodName();
  const typeName = site.getTypeName();
  const minified = fnName ? `${typeName !== null && typeName !== 'global' ? `${typeName}.` : ''}${fnName}` : null;
  const shown = name ?? minified;
  const prefix = `${site.isAsync() ? 'async ' : ''}${site.isConstructor() ? 'new ' : ''}`;
  return shown ? `${prefix}${shown} (${location})` : `${prefix}${location}`;
}

/** `../../../functions/core/x.ts` (relative to the map) → `functions/core/x.ts`. */
function readableSource(source: string): string {
  return source.replace(/^(?:\.\.\/)+/, '');
}

function errorHeader(error: Error): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return '<error>';
  }
}
