import { Cron } from 'croner';
import type { AppContext } from '../context.js';
import { readServerState } from '../replication/state.js';
import { listTenants } from './pack.repository.js';
import { makePack } from './pack.service.js';

export interface PackRunResult {
  tenantId: string;
  tenantSlug: string;
  ok: boolean;
  packId?: string;
  error?: string;
}

export interface PackSchedule {
  /** Stops the timer and waits for a run in progress to finish. */
  stop(): Promise<void>;
  /** Makes every tenant's pack now (joins a run already in progress rather than starting a second). */
  runNow(): Promise<PackRunResult[]>;
  /** When the timer fires next (null: schedule off). */
  nextRun(): Date | null;
}

/**
 * The nightly fallback pack (DESIGN.md "Durability and continuity"): at FIELDKEEP_PACK_SCHEDULE,
 * every tenant's pack, one after another. A tenant's failure is recorded in pack_runs (the status
 * page shows it) and logged; the others still get theirs. A replica or a replaced primary makes
 * none: its packs come from the primary.
 */
export function startPackSchedule(ctx: AppContext): PackSchedule {
  let running: Promise<PackRunResult[]> | undefined;
  const runNow = (): Promise<PackRunResult[]> =>
    (running ??= runAllTenants(ctx).finally(() => {
      running = undefined;
    }));
  const schedule = ctx.config.pack.schedule;
  if (!schedule) {
    ctx.log.info('nightly fallback packs are off (FIELDKEEP_PACK_SCHEDULE=off)');
    return { stop: async () => undefined, runNow, nextRun: () => null };
  }
  const job = new Cron(schedule, { protect: true, unref: true }, async () => {
    try {
      const results = await runNow();
      const failed = results.filter((r) => !r.ok);
      if (failed.length) ctx.log.error({ failed }, 'nightly fallback pack failed for some tenants');
      else ctx.log.info({ tenants: results.length }, 'nightly fallback packs made');
    } catch (err) {
      ctx.log.error({ err }, 'nightly fallback packs could not run');
    }
  });
  ctx.log.info({ schedule, next: job.nextRun()?.toISOString() }, 'nightly fallback packs scheduled');
  return {
    async stop() {
      job.stop();
      await running?.catch(() => undefined);
    },
    runNow,
    nextRun: () => job.nextRun(),
  };
}

/** Every tenant's pack. Never throws for one tenant's failure. */
export async function runAllTenants(ctx: AppContext): Promise<PackRunResult[]> {
  const state = await readServerState(ctx.database.db);
  if (state.role === 'replica' || state.superseded) {
    ctx.log.info('fallback packs are made on the primary; this server skips them');
    return [];
  }
  const tenants = await listTenants(ctx.database.read);
  const results: PackRunResult[] = [];
  for (const t of tenants) {
    try {
      const pack = await makePack(ctx, t.id, { kind: 'schedule', userId: null });
      results.push({ tenantId: t.id, tenantSlug: t.slug, ok: true, packId: pack.id });
    } catch (err) {
      results.push({ tenantId: t.id, tenantSlug: t.slug, ok: false, error: (err as Error).message });
    }
  }
  return results;
}
