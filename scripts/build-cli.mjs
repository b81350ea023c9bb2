// Bundles the CLI (cli/main.ts and everything it imports from this repository) with esbuild into
// dist/cli/, one chunk per command so that a command loads only its own code. Plain JavaScript so
// that it runs without tsx: from `npm ci` (the `prepare` script), from `npm run build:cli`, and
// from bin/akhbar.mjs when the bundle is missing or older than a source it was built from.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CLI_DIR = path.join('dist', 'cli');
export const CLI_ENTRY = 'main.mjs';
/** Inputs of the bundle (paths relative to the repository) and when the build started reading them. */
const INPUTS = 'inputs.json';

/** The bundle's entry if it exists and no source it was built from changed since; else undefined. */
export function freshCli(root) {
  const dir = path.join(root, CLI_DIR);
  try {
    const { builtFrom, inputs } = JSON.parse(readFileSync(path.join(dir, INPUTS), 'utf8'));
    if (typeof builtFrom !== 'number' || !Array.isArray(inputs)) return undefined;
    for (const input of inputs) if (statSync(path.join(root, input)).mtimeMs > builtFrom) return undefined;
    return path.join(dir, CLI_ENTRY);
  } catch {
    return undefined; // missing, unreadable, or a source was removed or renamed: rebuild
  }
}

/**
 * Some modules find files beside their source (the inspector's public files, the Lambda
 * runtime worker, the samples): in the bundle, `import.meta.url` keeps naming the source file.
 * Each such module gets its own `__akhbarSourceUrl`, which `define` puts in place of `import.meta.url`.
 */
const SOURCE_URL = '__akhbarSourceUrl';
const sourceUrls = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      return {
        // Declared first (on the first line, so that line numbers stay): the bundle turns it into a hoisted `var`.
        contents: `const ${SOURCE_URL} = ${JSON.stringify(pathToFileURL(args.path).href)}; ${text}`,
        loader: 'ts',
        resolveDir: path.dirname(args.path),
      };
    });
  },
};

/**
 * The packages of the offline pipeline (what `akhbar process` runs) are bundled: Node would
 * otherwise resolve and load their files one by one (zod alone is ~95 modules). The others (the
 * local stack's s3rver, koa, DynamoDB Local, the AWS SDK) stay in node_modules, loaded by Node
 * only when a command needs them. JSON files of packages are always bundled, since Node imports
 * JSON only with an import attribute.
 */
const BUNDLED = new Set(['zod', 'htmlparser2', 'franc-min', 'i18n-iso-countries']);
const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
const packagesOutside = {
  name: 'packages-outside',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || args.path.endsWith('.json')) return undefined;
      if (BUNDLED.has(packageName(args.path))) return undefined;
      if (args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      return { external: true };
    });
  },
};

/** Builds dist/cli/ and returns its entry. Written beside it first, then moved in place. */
export async function buildCli(root) {
  const { build } = await import('esbuild');
  const target = path.join(root, CLI_DIR);
  const staging = `${target}.${process.pid}.${Date.now()}`;
  // A source saved while esbuild reads it is newer than this, so the next run builds again.
  const builtFrom = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: path.join(root, 'cli', 'main.ts') },
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    logLevel: 'silent',
    // Bundled CommonJS still calls require().
    banner: {
      js: "import { createRequire as __akhbarRequire } from 'node:module'; const require = __akhbarRequire(import.meta.url);",
    },
    define: { 'import.meta.url': SOURCE_URL },
    plugins: [packagesOutside, sourceUrls],
  });
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith('node_modules/'));
  inputs.push('package.json', 'package-lock.json', 'scripts/build-cli.mjs');
  writeFileSync(path.join(staging, INPUTS), `${JSON.stringify({ builtFrom, inputs })}\n`);
  mkdirSync(path.dirname(target), { recursive: true });
  // Another process may be building at the same time: the last one to finish wins.
  const previous = `${target}.old.${process.pid}.${Date.now()}`;
  if (existsSync(target)) {
    try {
      renameSync(target, previous);
    } catch {}
  }
  try {
    renameSync(staging, target);
  } catch {
    // Another build moved in between: it is as fresh as this one.
    rmSync(staging, { recursive: true, force: true });
  }
  // A process that started from the previous bundle may still import its command's chunk: the
  // previous bundle is removed by a later build, a minute after it was replaced.
  const parent = path.dirname(target);
  for (const name of readdirSync(parent)) {
    // Named <target>.old.<pid>.<when it was replaced>.
    const replacedAt = Number(name.split('.').at(-1));
    if (name.startsWith(`${path.basename(target)}.old.`) && replacedAt < Date.now() - 60_000) {
      rmSync(path.join(parent, name), { recursive: true, force: true });
    }
  }
  return path.join(target, CLI_ENTRY);
}

// `node scripts/build-cli.mjs` (the prepare script): build, and never fail the install, since
// bin/akhbar.mjs falls back to running the sources through tsx.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  try {
    const entry = await buildCli(root);
    console.log(`akhbar CLI bundled: ${path.relative(root, path.dirname(entry))}`);
  } catch (error) {
    console.warn(`akhbar CLI not bundled (${error?.message ?? error}); it will run through tsx`);
  }
}
