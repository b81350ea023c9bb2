import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * The schemas of the functions use zod's smaller build: the full one adds
 * every method to every schema it creates, which costs bundle size and cold
 * start. zod/mini has no error messages of its own; these are the full build's.
 */
config(en());

export * from 'zod/mini';
