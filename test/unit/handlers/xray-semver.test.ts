import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compare, gte } from '../../../functions/adapters/xray-semver.ts';

// The package the bundles replace, as installed beside X-Ray.
const semver = createRequire(import.meta.url)('semver') as {
  gte(a: string, b: string): boolean;
  compare(a: string, b: string): number;
};

// Few values, so that pairs often share their release and differ in the pre-release alone.
const numeric = fc.oneof(
  { arbitrary: fc.constantFrom('0', '1', '2', '10', '01'), weight: 4 },
  { arbitrary: fc.nat({ max: 30 }).map(String), weight: 1 },
);
const identifier = fc.oneof(
  numeric,
  fc.constantFrom('alpha', 'beta', 'rc', 'x-1', '0a', 'a0', '-', 'A', 'B'),
  fc.stringMatching(/^[0-9A-Za-z-]{1,4}$/),
);
const parts = fc.record({
  prefix: fc.constantFrom('', '', '', 'v', '=', ' ', 'v '),
  major: numeric,
  minor: numeric,
  patch: numeric,
  pre: fc.array(identifier, { maxLength: 3 }),
  build: fc.array(fc.stringMatching(/^[0-9A-Za-z-]{1,3}$/), { maxLength: 2 }),
  suffix: fc.constantFrom('', '', '', ' ', '.', '-', '+'),
});
type Parts = typeof parts extends fc.Arbitrary<infer T> ? T : never;
const render = (v: Parts) =>
  `${v.prefix}${v.major}.${v.minor}.${v.patch}${v.pre.length ? `-${v.pre.join('.')}` : ''}${
    v.build.length ? `+${v.build.join('.')}` : ''
  }${v.suffix}`;
const version = parts.map(render);
// Two versions whose pre-releases differ only in their length: one extends the other.
const extended = fc
  .tuple(parts, fc.array(identifier, { minLength: 1, maxLength: 2 }))
  .map(([v, more]) => [render(v), render({ ...v, pre: [...v.pre, ...more] })] as const);

const outcome = (f: () => unknown) => {
  try {
    return { value: f() };
  } catch (error) {
    return { throws: error instanceof TypeError };
  }
};

describe('the semver stand-in of the function bundles', () => {
  it('answers gte and compare as semver does, and throws where it throws', () => {
    fc.assert(
      fc.property(fc.oneof(version, fc.string()), fc.oneof(version, fc.string()), (a, b) => {
        expect(outcome(() => gte(a, b))).toEqual(outcome(() => semver.gte(a, b)));
        expect(outcome(() => compare(a, b))).toEqual(outcome(() => semver.compare(a, b)));
      }),
      { numRuns: 5_000 },
    );
    fc.assert(
      fc.property(extended, ([a, b]) => {
        expect(outcome(() => compare(a, b))).toEqual(outcome(() => semver.compare(a, b)));
        expect(outcome(() => compare(b, a))).toEqual(outcome(() => semver.compare(b, a)));
      }),
      { numRuns: 1_000 },
    );
  });

  it("checks the version X-Ray's SDK v2 patcher requires", () => {
    expect(gte('2.7.15', '2.7.15')).toBe(true);
    expect(gte('2.1692.0', '2.7.15')).toBe(true);
    expect(gte('2.7.9', '2.7.15')).toBe(false);
    expect(gte('2.7.15-beta.1', '2.7.15')).toBe(false);
    expect(() => gte('not a version', '2.7.15')).toThrow(TypeError);
  });
});
