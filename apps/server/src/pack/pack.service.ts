import { createHash } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Cron } from 'croner';
import { SYNC_LIMITS } from '@fieldkeep/domain';
import { requireRole, type Actor } from '../auth/actor.js';
import { BlobStore } from '../blobs/blob-store.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/database.js';
import { withWriteTx } from '../db/write.js';
import { AppError, notFound } from '../errors/app-error.js';
import { newId } from '../ids.js';
import type { PackConfig } from './pack.config.js';
import { DEFAULT_BACK_UP_CHECKLIST, DEFAULT_CUSTOMER_SCRIPT } from './pack-defaults.js';
import { buildPack, type BuildProgress } from './pack-build.js';
import { collectPackData } from './pack-data.js';
import { packFileName, packsDir, prunePackFiles, writePackFile } from './pack-files.js';
import * as repo from './pack.repository.js';
import type { TPack, TPackRun, TPackSettings, TPackStatus, TPackSummary, TUpdatePackSettingsRequest } from './pack.schemas.js';

const STAFF = ['admin', 'office'] as const;
/** Runs kept per tenant (the status page needs the recent ones only). */
const RUNS_KEPT = 50;

export const packRowToPack = (r: repo.PackRow): TPack => ({
  id: r.id,
  createdAt: r.created_at,
  kind: r.kind,
  fileName: r.file_name,
  size: Number(r.size),
  sha256: r.sha256,
  createdByName: r.created_by_name,
  summary: JSON.parse(r.summary) as TPackSummary,
});

const runRowToRun = (r: repo.PackRunRow): TPackRun => ({
  id: r.id,
  startedBy: r.started_by,
  status: r.status,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  durationMs: Number(r.duration_ms),
  packId: r.pack_id,
  error: r.error,
});

export const packBlobStore = (dataDir: string): BlobStore => new BlobStore(path.join(dataDir, 'blobs'));

/** One generation per tenant at a time: a second request joins the one under way. */
const inFlight = new Map<string, Promise<TPack>>();

/**
 * Makes a tenant's pack and keeps it: the zip as a file under <dataDir>/packs/<tenant>/ and as a
 * blob (so office replicas copy it), a `packs` row, and a `pack_runs` row either way — a failure is
 * recorded (and rethrown) for the status page. Older packs beyond FIELDKEEP_PACK_KEEP are dropped.
 */
export function makePack(ctx: AppContext, tenantId: string, by: { kind: 'schedule' | 'request'; userId: string | null }, onProgress?: BuildProgress): Promise<TPack> {
  const running = inFlight.get(tenantId);
  if (running) return running;
  const p = makePackNow(ctx, tenantId, by, onProgress).finally(() => inFlight.delete(tenantId));
  inFlight.set(tenantId, p);
  return p;
}

async function makePackNow(ctx: AppContext, tenantId: string, by: { kind: 'schedule' | 'request'; userId: string | null }, onProgress?: BuildProgress): Promise<TPack> {
  const started = ctx.clock.now();
  const t0 = performance.now();
  const run = { id: newId(), tenant_id: tenantId, started_by: by.kind, started_at: started.toISOString() };
  try {
    const data = await collectPackData(ctx.database, tenantId, started);
    const built = await buildPack(data, onProgress);
    if (built.zip.length > SYNC_LIMITS.blobBytes) {
      throw new Error(`The pack is ${built.zip.length} bytes, over the ${SYNC_LIMITS.blobBytes}-byte limit replicas copy: it was not kept.`);
    }
    const sha256 = createHash('sha256').update(built.zip).digest('hex');
    // Files first (fsynced), outside the write transaction; then the rows that name them.
    const dir = packsDir(ctx.config.dataDir, tenantId);
    await writePackFile(dir, packFileName(run.started_at), built.zip);
    const store = packBlobStore(ctx.config.dataDir);
    if (!store.exists(sha256)) await store.put(sha256, Readable.from([built.zip]), SYNC_LIMITS.blobBytes);
    const packId = newId();
    const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
      await repo.insertPack(tx, {
        id: packId,
        tenant_id: tenantId,
        sha256,
        size: built.zip.length,
        created_at: run.started_at,
        kind: by.kind,
        file_name: built.fileName,
        created_by: by.userId,
        summary: JSON.stringify(built.summary),
      });
      await repo.insertPackRun(tx, { ...run, status: 'ok', finished_at: tx.now, duration_ms: Math.round(performance.now() - t0), pack_id: packId, error: null });
      const old = await repo.packsBeyond(tx.trx, tenantId, ctx.config.pack.keep);
      await repo.deletePacks(tx, tenantId, old.map((o) => o.id));
      await repo.pruneRuns(tx, tenantId, RUNS_KEPT);
      return repo.findPack(tx.trx, tenantId, packId);
    });
    await prunePackFiles(dir, ctx.config.pack.keep);
    return packRowToPack(value!);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await withWriteTx(ctx.database, ctx.clock, (tx) =>
      repo.insertPackRun(tx, { ...run, status: 'failed', finished_at: tx.now, duration_ms: Math.round(performance.now() - t0), pack_id: null, error: message.slice(0, 2000) }),
    ).catch((e: unknown) => ctx.log.error({ err: e, tenantId }, 'could not record the failed pack run'));
    throw err;
  }
}

// ---- What the routes call (first line: who may) ----

export async function requestPack(ctx: AppContext, actor: Actor | undefined): Promise<TPack> {
  const a = requireRole(actor, ...STAFF);
  try {
    return await makePack(ctx, a.tenantId, { kind: 'request', userId: a.userId });
  } catch (err) {
    // Refusals and system errors with a code (a full disk) keep their own answer.
    if (err instanceof AppError || typeof (err as { code?: unknown }).code === 'string') throw err;
    ctx.log.error({ err, tenantId: a.tenantId }, 'fallback pack failed');
    throw new AppError('internal_error', `The pack could not be made: ${(err as Error).message} It is recorded on the status page; try again, and tell your operator if it keeps failing.`);
  }
}

export async function listPacksFor(ctx: AppContext, actor: Actor | undefined): Promise<{ packs: TPack[]; status: TPackStatus }> {
  const a = requireRole(actor, ...STAFF);
  const [rows, status] = await Promise.all([repo.listPacks(ctx.database.read, a.tenantId, 100), packStatus(ctx.database, a.tenantId, { config: ctx.config.pack, now: ctx.clock.now() })]);
  return { packs: rows.map(packRowToPack), status };
}

/** A pack to download: the newest, or one by id. Its zip must be in this server's blob store. */
export async function packToDownload(ctx: AppContext, actor: Actor | undefined, which: 'latest' | { id: string }): Promise<{ pack: TPack; open: () => NodeJS.ReadableStream }> {
  const a = requireRole(actor, ...STAFF);
  const row = which === 'latest' ? (await repo.listPacks(ctx.database.read, a.tenantId, 1))[0] : await repo.findPack(ctx.database.read, a.tenantId, which.id);
  if (!row) {
    if (which === 'latest') throw new AppError('not_found', 'No fallback pack has been made yet: make one now on the Fallback pack page.');
    throw notFound('Pack');
  }
  const store = packBlobStore(ctx.config.dataDir);
  if (!store.exists(row.sha256)) throw new AppError('not_found', 'The pack is recorded but its file is not on this server. Make a new pack, or ask your operator to check the data folder.');
  return { pack: packRowToPack(row), open: () => store.open(row.sha256) };
}

/**
 * The fallback pack's part of the status page, for one tenant: the newest pack, the last run, and
 * the last failure when nothing has succeeded since. Read-only. `config` gives the schedule.
 */
export async function packStatus(database: Database, tenantId: string, opts: { config?: PackConfig; now?: Date } = {}): Promise<TPackStatus> {
  const db = database.read;
  const [latest, last, lastOk, lastFailed] = await Promise.all([
    repo.listPacks(db, tenantId, 1),
    repo.lastRun(db, tenantId),
    repo.lastRun(db, tenantId, 'ok'),
    repo.lastRun(db, tenantId, 'failed'),
  ]);
  const schedule = opts.config ? opts.config.schedule : null;
  const unresolved = lastFailed && (!lastOk || lastFailed.started_at > lastOk.started_at) ? lastFailed : undefined;
  return {
    schedule,
    nextRunAt: schedule ? (new Cron(schedule, { paused: true }).nextRun(opts.now ?? new Date())?.toISOString() ?? null) : null,
    latestPack: latest[0] ? packRowToPack(latest[0]) : null,
    lastRun: last ? runRowToRun(last) : null,
    lastFailure: unresolved ? runRowToRun(unresolved) : null,
  };
}

// ---- Settings ----

function settingsOf(row: repo.PackSettingsRow | undefined): TPackSettings {
  return {
    customerScript: row?.customer_script ?? DEFAULT_CUSTOMER_SCRIPT,
    backUpChecklist: row?.back_up_checklist ?? DEFAULT_BACK_UP_CHECKLIST,
    customerScriptIsDefault: row?.customer_script == null,
    backUpChecklistIsDefault: row?.back_up_checklist == null,
    updatedAt: row?.updated_at ?? null,
    updatedByName: row?.updated_by_name ?? null,
  };
}

/** The office reads the script (to use it); only an admin changes it. */
export async function getPackSettings(ctx: AppContext, actor: Actor | undefined): Promise<TPackSettings> {
  const a = requireRole(actor, ...STAFF);
  return settingsOf(await repo.findSettings(ctx.database.read, a.tenantId));
}

export async function updatePackSettings(ctx: AppContext, actor: Actor | undefined, input: TUpdatePackSettingsRequest): Promise<TPackSettings> {
  const a = requireRole(actor, 'admin');
  // The default text sent back unchanged stays "the default" (and follows improvements to it).
  const own = (text: string | null, fallback: string) => (text === null || text === fallback.trim() ? null : text);
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    await repo.saveSettings(tx, {
      tenant_id: a.tenantId,
      customer_script: own(input.customerScript, DEFAULT_CUSTOMER_SCRIPT),
      back_up_checklist: own(input.backUpChecklist, DEFAULT_BACK_UP_CHECKLIST),
      updated_by: a.userId,
    });
    return repo.findSettings(tx.trx, a.tenantId);
  });
  return settingsOf(value);
}
