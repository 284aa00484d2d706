import type { Migration } from 'kysely';
import * as m20261123120000 from './20261123120000_initial.js';

/** Every migration, in order. A static list, so the compiled server needs no directory scan. */
export const MIGRATIONS: Record<string, Migration> = {
  '20261123120000_initial': m20261123120000,
};
