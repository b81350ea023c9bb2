/**
 * Version of the article record's schema (`schemaVersion` of every record). Kept apart from the schema in
 * record.ts: the functions stamp records with it but never validate one, so their bundles need not build
 * the record's zod schemas at every cold start.
 */
export const RECORD_SCHEMA_VERSION = 1;
