import { expect } from 'vitest';
import { decodeInput } from '../../../functions/core/decode/index.ts';
import type { InputLimits, RawDocument } from '../../../functions/core/decode/types.ts';
import { DEFAULT_LIMITS } from '../../../functions/core/decode/types.ts';
import { RejectedInputError } from '../../../functions/core/errors.ts';

export const ARABIC =
  'أعلنت هيئة الطيران المدني اليوم عن استئناف الرحلات إلى المطار الجنوبي بعد توقف دام أسبوعين، وقال المتحدث باسمها إن الجداول ستعود إلى طبيعتها تدريجيا.';
export const FRENCH =
  'Le maire a inauguré samedi la nouvelle médiathèque du quartier, un projet très attendu par les habitants après deux années de travaux.';
export const FRENCH_CAPITALS =
  "À Lyon, l'École nationale a accueilli dimanche les élus de la région pour un débat sur l'État et les collectivités.";
export const ENGLISH =
  'The central bank kept its main rate unchanged on Thursday, saying inflation was easing faster than expected.';

export function decode(
  bytes: Uint8Array,
  metadata: Record<string, string> = {},
  name = 'input',
  limits: InputLimits = DEFAULT_LIMITS,
): RawDocument[] {
  return decodeInput({ name, bytes, metadata }, limits);
}

export function only(bytes: Uint8Array, metadata: Record<string, string> = {}, name = 'input'): RawDocument {
  const docs = decode(bytes, metadata, name);
  expect(docs).toHaveLength(1);
  const [doc] = docs;
  if (!doc) throw new Error('no document');
  return doc;
}

/** The rejection raised by `fn`, failing the test when it returns or throws anything else. */
export function rejectionOf(fn: () => unknown): RejectedInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RejectedInputError) return error;
    throw error;
  }
  throw new Error('expected a RejectedInputError');
}

export const utf8 = (text: string) => Buffer.from(text, 'utf8');
