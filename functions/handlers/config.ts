import { type EnvironmentVariable, environmentNames, type FunctionEnvironment } from '../../infra/definitions.ts';
import * as z from '../core/zod.ts';
import { ConfigurationError } from './errors.ts';

/**
 * Reads the variables a function's definition lists, validated at init: a
 * missing or empty one fails the cold start loudly. There are no defaults to
 * hide a misconfiguration.
 */
export function readConfig<const E extends FunctionEnvironment>(
  environment: E,
  env: Record<string, string | undefined> = process.env,
): Record<keyof E & EnvironmentVariable, string> {
  const names = environmentNames({ environment });
  const schema = z.object(
    Object.fromEntries(
      names.map((name) => [
        name,
        z.string({ error: `${name} is not set` }).check(z.trim(), z.minLength(1, `${name} is empty`)),
      ]),
    ),
  );
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => issue.message).join('; ');
    throw new ConfigurationError(`invalid configuration: ${problems}`, { cause: parsed.error });
  }
  return parsed.data as Record<keyof E & EnvironmentVariable, string>;
}
