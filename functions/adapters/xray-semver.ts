/**
 * Stands in for `semver` in the function bundles (an esbuild alias, see infra/bundling.ts). Its one
 * importer there is X-Ray's patcher for the AWS SDK v2, which checks the SDK's version with `gte` when
 * `captureAWS` is called; the functions use SDK v3 and never call it. The whole package was 28 KB of
 * every stage bundle and built some forty regular expressions at import: about 7 ms of each cold start.
 * `gte` keeps semver's answers for valid versions (a property test compares them) and throws as it does
 * for invalid ones.
 */

// semver's strict form: an optional `v`, major.minor.patch, an optional pre-release and build metadata.
const VERSION =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z0-9-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z0-9-]*))*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

interface Version {
  release: [number, number, number];
  prerelease: string[];
}

function parse(version: string): Version {
  const match = typeof version === 'string' && version.length <= 256 ? VERSION.exec(version.trim()) : null;
  if (!match) throw new TypeError(`Invalid Version: ${version}`);
  const release = [Number(match[1]), Number(match[2]), Number(match[3])] as [number, number, number];
  if (release.some((part) => part > Number.MAX_SAFE_INTEGER)) throw new TypeError(`Invalid Version: ${version}`);
  return { release, prerelease: match[4] ? match[4].split('.') : [] };
}

const NUMERIC = /^\d+$/;

function compareIdentifiers(a: string, b: string): number {
  const aNumeric = NUMERIC.test(a);
  const bNumeric = NUMERIC.test(b);
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b));
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

export function compare(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = Math.sign((x.release[i] ?? 0) - (y.release[i] ?? 0));
    if (d) return d;
  }
  // A pre-release comes before its release; pre-releases compare identifier by identifier.
  if (!x.prerelease.length || !y.prerelease.length) {
    return x.prerelease.length === y.prerelease.length ? 0 : x.prerelease.length ? -1 : 1;
  }
  for (let i = 0; ; i++) {
    const p = x.prerelease[i];
    const q = y.prerelease[i];
    if (p === undefined && q === undefined) return 0;
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const d = compareIdentifiers(p, q);
    if (d) return d;
  }
}

export function gte(a: string, b: string): boolean {
  return compare(a, b) >= 0;
}
