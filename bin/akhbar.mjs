#!/usr/bin/env node
// Entry point of the `akhbar` command: runs the TypeScript CLI through tsx's loader,
// so the same sources serve the CLI, the tests and the Lambda bundles.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every start that its 2027 releases will need Node 22: say it once in the docs, not on every command.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
  if (type === 'NodeVersionSupportWarning' || String(warning).includes('NodeVersionSupportWarning')) return;
  emitWarning(warning, ...rest);
};

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
