import { z } from 'zod';
import { ZCronEnv } from '../config/cron.js';

/** The fallback-pack settings of the environment (README configuration table, docs/pack.md). */
export interface PackConfig {
  /** Cron expression of the nightly run for every tenant (server's local time); "off" → none. */
  schedule: string | null;
  /** How many packs per tenant are kept (files under <dataDir>/packs and rows in `packs`). */
  keep: number;
}

export const DEFAULT_PACK_SCHEDULE = '0 1 * * *';
export const DEFAULT_PACK_KEEP = 7;


/** Spread into the server's env schema (config.ts). */
export const ZPackEnv = {
  FIELDKEEP_PACK_SCHEDULE: ZCronEnv('0 1 * * *', DEFAULT_PACK_SCHEDULE),
  FIELDKEEP_PACK_KEEP: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number from 1 to 365 (packs kept per tenant)')
    .transform(Number)
    .pipe(z.number().int().min(1).max(365))
    .default(DEFAULT_PACK_KEEP),
};

type PackEnv = z.infer<ReturnType<typeof z.object<typeof ZPackEnv>>>;

export function packConfigFrom(e: PackEnv): PackConfig {
  return { schedule: e.FIELDKEEP_PACK_SCHEDULE === 'off' ? null : e.FIELDKEEP_PACK_SCHEDULE, keep: e.FIELDKEEP_PACK_KEEP };
}
