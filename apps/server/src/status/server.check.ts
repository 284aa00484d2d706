import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { TStatusFact, TStatusItem } from '@fieldkeep/domain';
import { STATUS_THRESHOLDS as T } from './status.config.js';
import { gauge, tenantOf, type Judged, type Metric, type StatusScope } from './scope.js';
import { packStatus } from '../pack/pack.service.js';
import { ago, bytes, fromNow, isoBefore, plural } from './wording.js';

const HOUR = 3600_000;

/**
 * Where the disk item reads free space. Tests replace `statfs` to inject a nearly full disk (the
 * same injection point style as the storage layer's ENOSPC hook); production reads `fs.statfs`.
 */
export const diskProbe = {
  statfs: async (dir: string): Promise<{ free: number; total: number }> => {
    const s = await fs.promises.statfs(dir);
    return { free: s.bavail * s.bsize, total: s.blocks * s.bsize };
  },
};

async function databaseSize(s: StatusScope): Promise<number | null> {
  const { database } = s.ctx;
  try {
    if (database.dialect === 'postgres') {
      const r = await sql<{ n: number }>`select pg_database_size(current_database())::bigint as n`.execute(database.read);
      return Number(r.rows[0]?.n ?? 0);
    }
    const file = database.sqlitePath;
    if (!file) return null;
    let n = 0;
    for (const f of [file, `${file}-wal`]) n += await fs.promises.stat(f).then((st) => st.size, () => 0);
    return n;
  } catch {
    return null;
  }
}

/** 7. Disk space of the data folder (database, photos, mail): amber under 15 % free, red under 5 % or 1 GB. */
export async function checkDisk(s: StatusScope): Promise<Judged> {
  const dir = s.ctx.config.dataDir;
  const base = { key: 'disk' as const, title: 'Disk space', scope: 'server' as const, entries: [] };
  const size = await databaseSize(s);
  let free: number;
  let total: number;
  try {
    ({ free, total } = await diskProbe.statfs(dir));
  } catch (err) {
    return {
      item: { ...base, status: 'amber', summary: `The free space of the data folder could not be read: ${(err as Error).message}`, details: [] },
      metrics: [],
    };
  }
  const fraction = total > 0 ? free / total : 0;
  const details: TStatusFact[] = [
    { label: 'Free', value: `${bytes(free)} (${Math.floor(fraction * 100)} %)` },
    { label: 'Disk size', value: bytes(total) },
    { label: s.ctx.database.dialect === 'postgres' ? 'PostgreSQL database' : 'Database file', value: bytes(size) },
  ];
  if (s.viewer.kind === 'server') details.push({ label: 'Data folder', value: path.resolve(dir) });
  const metrics: Metric[] = [
    gauge('fieldkeep_disk_free_bytes', 'Free bytes on the disk of the data folder (for unprivileged users).', free),
    gauge('fieldkeep_disk_total_bytes', 'Size of the disk of the data folder.', total),
    gauge('fieldkeep_database_size_bytes', 'Size of the SQLite file (with its WAL) or of the PostgreSQL database.', size),
  ];
  const line = `${bytes(free)} free of ${bytes(total)} (${Math.floor(fraction * 100)} %) on the disk of the data folder.`;
  let verdict: Pick<TStatusItem, 'status' | 'summary' | 'action'>;
  if (free < T.diskRedBytes || fraction < T.diskRedFraction) {
    verdict = {
      status: 'red',
      summary: `${line} When it is full, phones keep their work but nothing new is stored. Free space or grow the disk now.`,
      action: { label: 'Disk full (docs/operations.md)', href: 'docs/operations.md#6-disk-full' },
    };
  } else if (fraction < T.diskAmberFraction) {
    verdict = { status: 'amber', summary: `${line} Plan more space before it runs out.`, action: { label: 'Disk full (docs/operations.md)', href: 'docs/operations.md#6-disk-full' } };
  } else {
    verdict = { status: 'green', summary: line };
  }
  return { item: { ...base, ...verdict, details }, metrics };
}

/** 9. Recent server errors (the support log): the last 20 with their request ids. */
export async function checkServerErrors(s: StatusScope): Promise<Judged> {
  const { now, errors } = s;
  const tenantId = tenantOf(s.viewer);
  const [rows, lastHour, lastDay, allDay] = await Promise.all([
    errors.recent(tenantId, 20),
    errors.countSince(tenantId, isoBefore(now, HOUR)),
    errors.countSince(tenantId, isoBefore(now, T.serverErrorsWindowMs)),
    tenantId ? errors.countSince(undefined, isoBefore(now, T.serverErrorsWindowMs)) : Promise.resolve(0),
  ]);
  const details: TStatusFact[] = [
    { label: 'In the last hour', value: String(lastHour) },
    { label: 'In the last 24 hours', value: String(lastDay) },
  ];
  if (tenantId) details.push({ label: 'Whole server, last 24 hours (all companies)', value: String(allDay) });
  const recentSince = isoBefore(now, T.serverErrorsWindowMs);
  const entries = rows.map((r) => ({
    id: r.id,
    status: r.at >= recentSince ? ('amber' as const) : ('green' as const),
    title: `${r.method} ${r.route}`,
    text: r.message,
    at: r.at,
    facts: [{ label: 'Request id', value: r.request_id }],
  }));
  const whose = tenantId ? ' for your company' : '';
  let verdict: Pick<TStatusItem, 'status' | 'summary' | 'action'>;
  if (lastDay === 0) {
    verdict = { status: 'green', summary: `No server errors${whose} in the last 24 hours.` };
  } else {
    verdict = {
      status: lastHour >= T.serverErrorsRedPerHour ? 'red' : 'amber',
      summary: `${plural(lastDay, 'request')} failed with a server error${whose} in the last 24 hours (${lastHour} in the last hour, the latest ${ago(rows[0]?.at, now)}). Give the request ids to whoever supports Fieldkeep: the server log has the details.`,
      action: { label: 'Reporting a server error (docs/status.md)', href: 'docs/status.md#9-recent-server-errors' },
    };
  }
  return {
    item: { key: 'server_errors', title: 'Recent server errors', scope: s.viewer.kind, ...verdict, details, entries },
    metrics: [
      { name: 'fieldkeep_server_errors_total', help: 'Requests answered 500 internal_error since this process started.', type: 'counter', samples: [{ value: errors.total }] },
      gauge('fieldkeep_server_errors_last_hour', 'Requests answered 500 internal_error in the last hour (kept in the support log).', s.viewer.kind === 'server' ? lastHour : await errors.countSince(undefined, isoBefore(now, HOUR))),
    ],
  };
}

/** 2. Integrations: none exist yet; the item is ready for them. */
export function checkIntegrations(): Judged {
  return {
    item: {
      key: 'integrations',
      title: 'Integrations',
      scope: 'server',
      status: 'grey',
      summary: 'None configured: no accounting, webhook or other integration is set up, so there is nothing to watch yet.',
      details: [],
      entries: [],
    },
    metrics: [],
  };
}

/** The office app's Fallback pack page (pack/, apps/office/src/pages/pack). */
const PACK_PAGE = '/pack';

/** 10. The fallback pack (pack/pack.service.ts `packStatus`): the newest pack per company, and any failed run since. */
export async function checkFallbackPack(s: StatusScope): Promise<Judged> {
  const { ctx, now } = s;
  const base = { key: 'fallback_pack' as const, title: 'Fallback pack', scope: s.viewer.kind, entries: [] };
  const tenantIds = s.viewer.kind === 'tenant' ? [s.viewer.tenantId] : (await ctx.database.read.selectFrom('tenants').select('id').execute()).map((t) => t.id);
  const statuses = await Promise.all(tenantIds.map((id) => packStatus(ctx.database, id, { config: ctx.config.pack, now })));
  const scheduled = Boolean(ctx.config.pack.schedule);
  const failing = statuses.filter((p) => p.lastFailure);
  // Out of date: the newest pack is older than a night and a half while a nightly one is due. (None yet
  // is not a failure: the first night has not come.)
  const stale = statuses.filter((p) => !p.lastFailure && scheduled && p.latestPack && now.getTime() - Date.parse(p.latestPack.createdAt) > T.packMaxAgeMs);
  const metrics = [
    gauge('fieldkeep_fallback_pack_failing', 'Companies whose last fallback pack run failed (nothing good since).', failing.length),
    gauge('fieldkeep_fallback_pack_stale', 'Companies without a fallback pack newer than 26 hours while the nightly pack is scheduled.', stale.length),
  ];
  const next = statuses[0]?.nextRunAt ?? null;
  const action = s.viewer.kind === 'tenant' ? { action: { label: 'Open the Fallback pack page', href: PACK_PAGE } } : {};
  if (s.viewer.kind === 'server') {
    const details: TStatusFact[] = [
      { label: 'Companies', value: String(statuses.length) },
      { label: 'Last run failed', value: String(failing.length) },
      { label: 'No recent pack', value: String(stale.length) },
    ];
    if (failing.length) return { item: { ...base, status: 'red', summary: `The fallback pack of ${plural(failing.length, 'company', 'companies')} could not be made.`, details }, metrics };
    if (stale.length) return { item: { ...base, status: 'amber', summary: `${plural(stale.length, 'company has', 'companies have')} no fallback pack from the last 26 hours.`, details }, metrics };
    return { item: { ...base, status: 'green', summary: scheduled ? 'No company’s fallback pack is failing or out of date.' : 'The nightly fallback pack is switched off (FIELDKEEP_PACK_SCHEDULE=off).', details }, metrics };
  }
  const p = statuses[0]!;
  const latest = p.latestPack;
  const details: TStatusFact[] = [
    latest ? { label: 'Newest pack', value: `${latest.fileName} (${bytes(latest.size)}), ${latest.summary.jobSheets} job sheets`, at: latest.createdAt } : { label: 'Newest pack', value: 'none yet' },
    next ? { label: 'Next nightly pack', value: fromNow(next, now), at: next } : { label: 'Next nightly pack', value: 'Not scheduled (FIELDKEEP_PACK_SCHEDULE=off)' },
  ];
  if (p.lastFailure) {
    details.push({ label: 'Last failure', value: p.lastFailure.error ?? 'no reason recorded', at: p.lastFailure.finishedAt });
    return {
      item: {
        ...base,
        status: 'red',
        summary: `The last fallback pack could not be made (${ago(p.lastFailure.finishedAt, now)}): ${p.lastFailure.error ?? 'no reason recorded'}. ${latest ? `The newest pack you have is from ${ago(latest.createdAt, now)}.` : 'There is no pack yet.'} Make one now on the Fallback pack page.`,
        details,
        ...action,
      },
      metrics,
    };
  }
  if (stale.length && latest) {
    return {
      item: { ...base, status: 'amber', summary: `The newest fallback pack is from ${ago(latest.createdAt, now)}: its day sheets are out of date. Make one now.`, details, ...action },
      metrics,
    };
  }
  if (!latest && !scheduled) {
    return {
      item: { ...base, status: 'amber', summary: 'The nightly fallback pack is switched off and none has been made: make one, print it, and keep it where the office can reach it.', details, ...action },
      metrics,
    };
  }
  return {
    item: {
      ...base,
      status: 'green',
      summary: latest ? `Newest fallback pack made ${ago(latest.createdAt, now)}, ready to print.` : `No fallback pack yet: the first is made ${fromNow(next, now)} (or make one now on the Fallback pack page).`,
      details,
    },
    metrics,
  };
}
