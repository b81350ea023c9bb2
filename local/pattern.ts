/**
 * EventBridge event patterns, as AWS documents them: exact values, prefix,
 * suffix, anything-but (values, prefix, suffix), exists, numeric ranges,
 * equals-ignore-case, wildcard, nested fields, arrays (any element matches)
 * and $or. Pipes filters use the same language.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type EventPattern = { [key: string]: Json };

const own = (value: unknown, key: string): boolean =>
  value !== null && typeof value === 'object' && Object.hasOwn(value as object, key);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function wildcard(pattern: string, value: string): boolean {
  const parts = pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's').test(value);
}

function numeric(conditions: Json[], value: unknown): boolean {
  if (typeof value !== 'number') return false;
  for (let i = 0; i + 1 < conditions.length; i += 2) {
    const op = conditions[i];
    const bound = conditions[i + 1];
    if (typeof bound !== 'number') return false;
    const ok =
      op === '='
        ? value === bound
        : op === '<'
          ? value < bound
          : op === '<='
            ? value <= bound
            : op === '>'
              ? value > bound
              : op === '>='
                ? value >= bound
                : false;
    if (!ok) return false;
  }
  return true;
}

function stringTest(spec: Json, value: unknown, test: (needle: string, hay: string) => boolean): boolean {
  if (typeof value !== 'string') return false;
  if (typeof spec === 'string') return test(spec, value);
  if (isObject(spec) && typeof spec['equals-ignore-case'] === 'string') {
    return test(spec['equals-ignore-case'].toLowerCase(), value.toLowerCase());
  }
  return false;
}

/** One matcher of a pattern array against one scalar value of the event. */
function matchOne(matcher: Json, value: unknown): boolean {
  if (!isObject(matcher)) return matcher === value;
  if ('prefix' in matcher) return stringTest(matcher.prefix ?? null, value, (n, h) => h.startsWith(n));
  if ('suffix' in matcher) return stringTest(matcher.suffix ?? null, value, (n, h) => h.endsWith(n));
  if ('equals-ignore-case' in matcher) {
    return (
      typeof value === 'string' &&
      typeof matcher['equals-ignore-case'] === 'string' &&
      value.toLowerCase() === matcher['equals-ignore-case'].toLowerCase()
    );
  }
  if ('wildcard' in matcher)
    return typeof value === 'string' && typeof matcher.wildcard === 'string' && wildcard(matcher.wildcard, value);
  if ('numeric' in matcher) return Array.isArray(matcher.numeric) && numeric(matcher.numeric, value);
  if ('anything-but' in matcher) {
    const but = matcher['anything-but'] ?? null;
    if (value === undefined) return false;
    if (Array.isArray(but)) return !but.some((b) => b === value);
    if (isObject(but)) return !matchOne(but, value);
    return but !== value;
  }
  return false;
}

function matchField(matchers: Json[], present: boolean, field: unknown): boolean {
  for (const matcher of matchers) {
    if (isObject(matcher) && 'exists' in matcher) {
      if (matcher.exists === present) return true;
      continue;
    }
    if (!present) continue;
    const values = Array.isArray(field) ? field : [field];
    if (values.some((v) => matchOne(matcher, v))) return true;
  }
  return false;
}

export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  for (const [key, spec] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(spec) || !spec.some((p) => isObject(p) && matchesPattern(p as EventPattern, event)))
        return false;
      continue;
    }
    const present = own(event, key) && (event as Record<string, unknown>)[key] !== undefined;
    const field = present ? (event as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(spec)) {
      if (!matchField(spec, present, field)) return false;
    } else if (isObject(spec)) {
      if (!present) {
        // A nested pattern of only `exists: false` matchers can still match an absent object.
        if (!matchesPattern(spec as EventPattern, {})) return false;
        continue;
      }
      const items = Array.isArray(field) ? field : [field];
      if (!items.some((item) => matchesPattern(spec as EventPattern, item))) return false;
    } else {
      return false; // patterns hold arrays or objects only
    }
  }
  return true;
}
