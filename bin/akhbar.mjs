#!/usr/bin/env node
// Entry point of the `akhbar` command. Runs the CLI from its esbuild bundle in dist/cli/ (built by
// `npm ci`'s prepare script, or here when missing or older than a source it was built from); if
// esbuild cannot build it, runs the TypeScript sources through tsx's loader as before.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCli, freshCli } from '../scripts/build-cli.mjs';

// The AWS SDK warns on every start that its 2027 releases will need Node 22: say it once in the docs, not on every command.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
  if (type === 'NodeVersionSupportWarning' || String(warning).includes('NodeVersionSupportWarning')) return;
  emitWarning(warning, ...rest);
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function loadMain() {
  if (process.env.AKHBAR_CLI_SOURCES !== '1') {
    let entry = freshCli(root);
    if (!entry) {
      try {
        entry = await buildCli(root);
      } catch (error) {
        if (process.env.AKHBAR_DEBUG) console.error('akhbar: could not bundle the CLI, running the sources', error);
      }
    }
    if (entry) return (await import(pathToFileURL(entry).href)).main;
  }
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../cli/main.ts')).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
