import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../functions/handlers/config.ts';
import { ConfigurationError } from '../../../functions/handlers/errors.ts';
import { FUNCTIONS } from '../../../infra/definitions.ts';

const full = { RAW_BUCKET: 'raw', PROCESSED_BUCKET: 'processed', TABLE_NAME: 't', IDEMPOTENCY_TABLE_NAME: 'i' };

describe('handler configuration', () => {
  it('reads the variables the function definition lists', () => {
    expect(readConfig(FUNCTIONS.clean.environment, full)).toEqual(full);
  });

  it('asks only for what the function uses', () => {
    const { RAW_BUCKET: _unused, ...withoutRaw } = full;
    expect(readConfig(FUNCTIONS.dedupe.environment, withoutRaw)).toEqual({
      PROCESSED_BUCKET: 'processed',
      TABLE_NAME: 't',
      IDEMPOTENCY_TABLE_NAME: 'i',
    });
  });

  it('fails loudly, naming each missing or empty variable', () => {
    const env = { ...full, TABLE_NAME: '  ', IDEMPOTENCY_TABLE_NAME: undefined };
    expect(() => readConfig(FUNCTIONS.clean.environment, env)).toThrow(ConfigurationError);
    expect(() => readConfig(FUNCTIONS.clean.environment, env)).toThrow(/TABLE_NAME is empty.*IDEMPOTENCY_TABLE_NAME/);
  });
});
