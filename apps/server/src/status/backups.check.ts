import type { TStatusEntry, TStatusFact, TStatusItem } from '@fieldkeep/domain';
import { lastRun } from '../backup/runs.repository.js';
import { backupStatus, type BackupRunSummary } from '../backup/status.js';
import { STATUS_THRESHOLDS as T } from './status.config.js';
import { gauge, seconds, type Judged, type StatusScope } from './scope.js';
import { ago, bytes, duration, fromNow, plural, span } from './wording.js';

const STEP_WORDS: Record<BackupRunSummary['kind'], string> = {
  create: 'Backup',
  verify: 'Restore check',
  prune: 'Removing old backups',
  offsite: 'Off-site copy',
};

const ran = (r: BackupRunSummary) => r.finishedAt ?? r.startedAt;

/**
 * 4. Backups (backup/status.ts): the last backup and the last restore check (each backup is restored
 * into scratch and compared before it counts as good), sizes, durations, the next run. Red when the
 * last check or backup failed, or no good backup is newer than 26 hours while nightly backups are
 * configured; amber when none are configured.
 */
export async function checkBackups(s: StatusScope): Promise<Judged> {
  const { ctx, now } = s;
  const cfg = ctx.config.backup;
  const st = await backupStatus(ctx.database, { config: cfg, now });
  const [lastVerify, lastCreate] = await Promise.all([lastRun(ctx.database.read, 'verify'), lastRun(ctx.database.read, 'create')]);
  const good = st.lastVerifiedRestore;
  const goodAge = good ? now.getTime() - Date.parse(ran(good)) : Infinity;
  const verifyFailed = lastVerify?.status === 'failed';
  const createFailed = lastCreate?.status === 'failed';
  const operator = s.viewer.kind === 'server';

  const details: TStatusFact[] = [];
  const b = st.lastBackup;
  details.push(
    b
      ? { label: 'Last backup', value: `${bytes(b.bytes)} written, took ${duration(b.durationMs)}${b.blobs !== null ? `, ${plural(b.blobs, 'photo or file', 'photos and files')}` : ''}`, at: ran(b) }
      : { label: 'Last backup', value: 'none yet' },
  );
  details.push(
    good
      ? { label: 'Last verified restore', value: `${bytes(good.bytes)} restored and compared, took ${duration(good.durationMs)}`, at: ran(good) }
      : { label: 'Last verified restore', value: 'none yet' },
  );
  details.push(st.nextRunAt ? { label: 'Next backup', value: fromNow(st.nextRunAt, now), at: st.nextRunAt } : { label: 'Next backup', value: 'Not scheduled (FIELDKEEP_BACKUP_DIR is not set)' });
  if (st.lastOffsite) details.push({ label: 'Last off-site copy', value: st.lastOffsite.detail ?? 'restic', at: ran(st.lastOffsite) });
  for (const r of st.running) details.push({ label: 'Running now', value: `${STEP_WORDS[r.kind]} since ${ago(r.startedAt, now)}`, at: r.startedAt });
  if (operator && cfg.dir) details.push({ label: 'Backup folder', value: cfg.dir });

  const entries: TStatusEntry[] = st.recentFailures.slice(0, 5).map((r) => ({
    id: r.id,
    status: r.kind === 'create' || r.kind === 'verify' ? 'red' : 'amber',
    title: `${STEP_WORDS[r.kind]} failed (${r.startedBy === 'cli' ? 'command line' : 'nightly'})`,
    text: r.error ?? r.detail ?? 'No reason recorded.',
    at: ran(r),
    facts: [{ label: 'Took', value: duration(r.durationMs) }],
  }));

  const help = { label: 'When a backup fails (docs/backups.md)', href: 'docs/backups.md#when-a-backup-fails' };
  let verdict: Pick<TStatusItem, 'status' | 'summary' | 'action'>;
  const goodLine = good ? `The newest good backup is ${ago(ran(good), now)}.` : 'There is no good backup yet.';
  if (verifyFailed) {
    verdict = { status: 'red', summary: `The last restore check failed (${ago(lastVerify.finished_at ?? lastVerify.started_at, now)}): ${lastVerify.error ?? lastVerify.detail ?? 'the restored copy did not match'}. ${goodLine}`, action: help };
  } else if (createFailed) {
    verdict = { status: 'red', summary: `The last backup failed (${ago(lastCreate.finished_at ?? lastCreate.started_at, now)}): ${lastCreate.error ?? 'no reason recorded'}. ${goodLine}`, action: help };
  } else if (cfg.dir && !lastCreate) {
    verdict = { status: 'amber', summary: `Nightly backups are configured but none has run yet: the first runs ${fromNow(st.nextRunAt, now)}.` };
  } else if (cfg.dir && goodAge > T.backupMaxAgeMs) {
    verdict = {
      status: 'red',
      summary: good ? `No good backup for ${span(goodAge)}: the nightly backup did not run or did not pass its restore check.` : 'No backup has passed its restore check yet.',
      action: help,
    };
  } else if (!cfg.dir && goodAge > T.backupMaxAgeMs) {
    verdict = {
      status: 'amber',
      summary: `No nightly backup is configured. Set FIELDKEEP_BACKUP_DIR (a folder, ideally on another disk) and FIELDKEEP_BACKUP_PASSPHRASE, then restart.${good ? ` ${goodLine}` : ''}`,
      action: { label: 'Configure backups (docs/backups.md)', href: 'docs/backups.md#configure' },
    };
  } else if (st.recentFailures[0] && (st.recentFailures[0].kind === 'offsite' || st.recentFailures[0].kind === 'prune') && (!st.lastOffsite || st.recentFailures[0].startedAt > st.lastOffsite.startedAt)) {
    const f = st.recentFailures[0];
    verdict = { status: 'amber', summary: `${STEP_WORDS[f.kind]} failed ${ago(ran(f), now)}: ${f.error ?? 'no reason recorded'}. The backup itself is good (${ago(ran(good!), now)}).`, action: help };
  } else {
    verdict = {
      status: 'green',
      summary: `Last backup ${ago(ran(good!), now)} (${bytes(good!.bytes)}), restored and checked. ${st.nextRunAt ? `Next ${fromNow(st.nextRunAt, now)}.` : 'Backups are made from the command line.'}`,
    };
  }
  const lastVerifyAt = lastVerify ? lastVerify.finished_at ?? lastVerify.started_at : null;
  return {
    item: { key: 'backups', title: 'Backups', scope: 'server', ...verdict, details, entries },
    metrics: [
      gauge('fieldkeep_backup_configured', '1 when nightly backups are configured (FIELDKEEP_BACKUP_DIR).', cfg.dir ? 1 : 0),
      gauge('fieldkeep_backup_last_success_timestamp_seconds', 'When the newest backup that passed its restore check finished.', seconds(good ? ran(good) : null)),
      gauge('fieldkeep_backup_last_size_bytes', 'Bytes written by the last backup.', st.lastBackup?.bytes ?? null),
      gauge('fieldkeep_backup_last_verify_ok', '1 when the last restore check passed, 0 when it failed.', lastVerify ? (lastVerify.status === 'ok' ? 1 : lastVerify.status === 'failed' ? 0 : null) : null),
      gauge('fieldkeep_backup_last_verify_timestamp_seconds', 'When the last restore check ran.', seconds(lastVerifyAt)),
      gauge('fieldkeep_backup_next_run_timestamp_seconds', 'When the next nightly backup is due.', seconds(st.nextRunAt)),
    ],
  };
}
