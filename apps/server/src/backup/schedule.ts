import { Cron } from 'croner';
import type { AppContext } from '../context.js';
import { BackupError } from './backup-error.js';
import { createBackup, type CreateResult } from './create.js';
import { queueFailureEmails } from './failure-email.js';
import { listBackups } from './folder.js';
import { createOutcome, offsiteOutcome, pruneOutcome, recorded, verifyOutcome, type Recorder } from './recorded.js';
import { pruneBackups, type PruneResult } from './retention.js';
import { resticBackup, type ResticResult } from './restic.js';
import { verifyBackup, type VerifyResult } from './verify.js';

export interface NightlyResult {
  ok: boolean;
  backupId: string | undefined;
  create?: CreateResult;
  verify?: VerifyResult;
  prune?: PruneResult;
  offsite?: ResticResult;
  /** One line per failed step (`create: …`). */
  failures: string[];
  /** Failure emails queued in the outbox. */
  emailsQueued: number;
}

export interface BackupSchedule {
  /** Stops the timer and waits for a run in progress to finish. */
  stop(): Promise<void>;
  /** Runs the nightly job now (joins a run already in progress rather than starting a second). */
  runNow(): Promise<NightlyResult>;
  /** When the timer fires next (null: no schedule). */
  nextRun(): Date | null;
}

/**
 * The nightly backup (DESIGN.md "Durability and continuity"): with FIELDKEEP_BACKUP_DIR set, at
 * FIELDKEEP_BACKUP_SCHEDULE: back up, verify (restore into scratch and compare), then retention and
 * the off-site copy once the new backup is good. Every step is recorded in backup_runs; any failure
 * is emailed (FIELDKEEP_OPERATOR_EMAIL, or every tenant's admins).
 */
export function startBackupSchedule(ctx: AppContext): BackupSchedule {
  let running: Promise<NightlyResult> | undefined;
  const runNow = (): Promise<NightlyResult> =>
    (running ??= runNightly(ctx).finally(() => {
      running = undefined;
    }));
  const cfg = ctx.config.backup;
  if (!cfg.dir) {
    return {
      stop: async () => undefined,
      runNow: () => Promise.reject(new BackupError('no_backup', 'No nightly backups: FIELDKEEP_BACKUP_DIR is not set.')),
      nextRun: () => null,
    };
  }
  const job = new Cron(cfg.schedule, { protect: true, unref: true }, async () => {
    try {
      const r = await runNow();
      if (r.ok) ctx.log.info({ backupId: r.backupId, offsite: r.offsite?.snapshotId }, 'nightly backup done and verified');
      else ctx.log.error({ backupId: r.backupId, failures: r.failures }, 'nightly backup failed');
    } catch (err) {
      ctx.log.error({ err }, 'nightly backup could not run');
    }
  });
  ctx.log.info({ dir: cfg.dir, schedule: cfg.schedule, next: job.nextRun()?.toISOString() }, 'nightly backups scheduled');
  return {
    async stop() {
      job.stop();
      await running?.catch(() => undefined);
    },
    runNow,
    nextRun: () => job.nextRun(),
  };
}

/** One nightly run. Never throws for a failed step: failures are recorded, emailed and answered. */
export async function runNightly(ctx: AppContext): Promise<NightlyResult> {
  const cfg = ctx.config.backup;
  const dir = cfg.dir;
  if (!dir) throw new BackupError('no_backup', 'FIELDKEEP_BACKUP_DIR is not set.');
  const rec: Recorder = { database: ctx.database, clock: ctx.clock, startedBy: 'schedule' };
  const result: NightlyResult = { ok: false, backupId: undefined, failures: [], emailsQueued: 0 };
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      result.failures.push(`${name}: ${(err as Error).message}`);
      return undefined;
    }
  };
  const keys = { passphrase: cfg.passphrase, identityFile: cfg.identityFile };

  result.create = await step('create', async () => {
    const { value } = await recorded(
      rec,
      { kind: 'create', target: dir },
      () =>
        createBackup({
          source: { dialect: ctx.database.dialect, sqlitePath: ctx.database.sqlitePath, databaseUrl: ctx.config.databaseUrl, dataDir: ctx.config.dataDir },
          dir,
          keys: { passphrase: cfg.passphrase, recipients: cfg.recipients },
          now: ctx.clock.now(),
        }),
      createOutcome,
    );
    return value;
  });
  result.backupId = result.create?.id;
  if (result.create?.problems.length) result.failures.push(...result.create.problems.map((p) => `create: ${p}`));

  if (result.create) {
    const backupId = result.create.id;
    result.verify = await step('verify', async () => {
      const { value } = await recorded(
        rec,
        { kind: 'verify', target: dir, backupId },
        () => verifyBackup({ dir, backupId, keys, databaseUrl: ctx.config.databaseUrl, now: ctx.clock.now() }),
        verifyOutcome,
      );
      return value;
    });
    if (result.verify && !result.verify.ok) result.failures.push(...result.verify.problems.map((p) => `verify: ${p}`));
  }

  if (result.verify?.ok) {
    result.prune = await step('retention', async () => (await recorded(rec, { kind: 'prune', target: dir }, () => pruneBackups(dir, cfg.keep), pruneOutcome)).value);
    const restic = cfg.restic;
    if (restic) {
      result.offsite = await step('off-site copy (restic)', async () => (await recorded(rec, { kind: 'offsite', target: restic.repository }, () => resticBackup(dir, restic), offsiteOutcome)).value);
    }
  }

  result.ok = result.failures.length === 0;
  if (!result.ok) {
    const good = (await listBackups(dir).catch(() => [])).filter((b) => b.verify?.ok).at(-1);
    result.emailsQueued = await step('failure email', () => queueFailureEmails(ctx, { failures: result.failures, dir, lastGood: good })).then((n) => n ?? 0);
  }
  return result;
}
