import * as z from '../core/zod.ts';
import { DETAIL_SCHEMAS, EnvelopeSchema, SCHEMA_VERSION } from './events.ts';

/** JSON Schemas of the event contract, generated from the zod definitions (one source of truth). */
export function jsonSchemas(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(DETAIL_SCHEMAS)) {
    out[name] = {
      $id: `https://akhbar.dev/schemas/v${SCHEMA_VERSION}/${name}.json`,
      title: `${name} detail (schemaVersion ${SCHEMA_VERSION})`,
      ...z.toJSONSchema(schema),
    };
  }
  out.Envelope = {
    $id: 'https://akhbar.dev/schemas/Envelope.json',
    title: 'EventBridge envelope',
    ...z.toJSONSchema(EnvelopeSchema),
  };
  return out;
}

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
};

/**
 * Changes that break a subscriber of `before`: a property removed, a required
 * property made optional, a type changed, an enum value dropped. Adding
 * optional properties or enum values is not a break.
 */
export function breakingChanges(before: Schema, after: Schema, at = '$'): string[] {
  const problems: string[] = [];
  const typeOf = (s: Schema) => JSON.stringify(s.type ?? s.anyOf?.map((a) => a.type) ?? s.const ?? null);
  if (typeOf(before) !== typeOf(after)) problems.push(`${at}: type ${typeOf(before)} became ${typeOf(after)}`);
  for (const value of before.enum ?? [])
    if (!(after.enum ?? []).includes(value)) problems.push(`${at}: enum value ${JSON.stringify(value)} removed`);
  for (const name of before.required ?? [])
    if (!(after.required ?? []).includes(name)) problems.push(`${at}.${name}: no longer required`);
  for (const [name, child] of Object.entries(before.properties ?? {})) {
    const next = after.properties?.[name];
    if (!next) problems.push(`${at}.${name}: removed`);
    else problems.push(...breakingChanges(child, next, `${at}.${name}`));
  }
  if (before.items && after.items) problems.push(...breakingChanges(before.items, after.items, `${at}[]`));
  before.anyOf?.forEach((option, i) => {
    const next = after.anyOf?.[i];
    if (next) problems.push(...breakingChanges(option, next, `${at}|${i}`));
  });
  return problems;
}
