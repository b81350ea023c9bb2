#!/usr/bin/env node
// Entry point of the `akhbar` command: runs the TypeScript CLI through tsx's loader,
// so the same sources serve the CLI, the tests and the Lambda bundles.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
