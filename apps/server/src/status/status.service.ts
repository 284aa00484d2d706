import { worstStatus, type TDeviceProblem, type TStatusDevice, type TStatusItem, type TStatusKey, type TStatusReport } from '@fieldkeep/domain';
import { requireRole, type Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { withWriteTx } from '../db/write.js';
import { notFound } from '../errors/app-error.js';
import { checkBackups } from './backups.check.js';
import { checkDevices, hasApplicationError } from './devices.check.js';
import { checkIntegrity } from './integrity.check.js';
import { checkMessages, checkOutbox } from './messages.check.js';
import { checkReplication } from './replication.check.js';
import { gauge, type Judged, type Metric, type StatusScope } from './scope.js';
import { checkDisk, checkFallbackPack, checkIntegrations, checkServerErrors } from './server.check.js';
import { findDevice, resolveRejections, unresolvedRejections } from './status.repository.js';

const STARTED_AT = new Date(Date.now() - process.uptime() * 1000);

const CHECKS: Array<{ key: TStatusKey; title: string; run: (s: StatusScope) => Judged | Promise<Judged> }> = [
  { key: 'messages', title: 'Messages', run: checkMessages },
  { key: 'integrations', title: 'Integrations', run: checkIntegrations },
  { key: 'devices', title: 'Devices', run: checkDevices },
  { key: 'backups', title: 'Backups', run: checkBackups },
  { key: 'replication', title: 'Replication', run: checkReplication },
  { key: 'integrity', title: 'Database integrity', run: checkIntegrity },
  { key: 'disk', title: 'Disk space', run: checkDisk },
  { key: 'outbox', title: 'Outbox backlog', run: checkOutbox },
  { key: 'server_errors', title: 'Recent server errors', run: checkServerErrors },
  { key: 'fallback_pack', title: 'Fallback pack', run: checkFallbackPack },
];

const LEVEL_VALUE = { green: 0, amber: 1, red: 2 } as const;

/**
 * Every item of the status page, judged now. A check that itself fails shows as amber with the
 * reason rather than taking the whole page down: the page is most needed when things are broken.
 */
export async function buildStatus(s: StatusScope): Promise<{ report: TStatusReport; metrics: Metric[] }> {
  const judged = await Promise.all(
    CHECKS.map(async (c): Promise<Judged> => {
      try {
        return await c.run(s);
      } catch (err) {
        s.ctx.log.error({ err, item: c.key }, 'a status check failed');
        const item: TStatusItem = {
          key: c.key,
          title: c.title,
          status: 'amber',
          scope: 'server',
          summary: `This could not be checked: ${(err as Error).message}`,
          details: [],
          entries: [],
        };
        return { item, metrics: [] };
      }
    }),
  );
  const items = judged.map((j) => j.item);
  const status = worstStatus(items.map((i) => i.status));
  const levels: Metric = { name: 'fieldkeep_status', help: 'Each status page item: 0 green, 1 amber, 2 red (grey items are left out).', type: 'gauge', samples: [] };
  for (const i of items) if (i.status !== 'grey') levels.samples.push({ labels: { item: i.key }, value: LEVEL_VALUE[i.status] });
  const mem = process.memoryUsage();
  const metrics: Metric[] = [
    gauge('fieldkeep_status_overall', 'The worst item: 0 green, 1 amber, 2 red.', status === 'grey' ? 0 : LEVEL_VALUE[status]),
    levels,
    ...judged.flatMap((j) => j.metrics),
    gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', mem.rss),
    gauge('process_start_time_seconds', 'Start time of the process since the Unix epoch in seconds.', Math.floor(STARTED_AT.getTime() / 1000)),
    gauge('fieldkeep_uptime_seconds', 'Seconds since this server process started.', Math.floor(process.uptime())),
    gauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes.', mem.heapUsed),
  ];
  return {
    report: {
      status,
      generatedAt: s.now.toISOString(),
      view: s.viewer.kind,
      server: { role: s.deps.hub.state.role, startedAt: STARTED_AT.toISOString(), uptimeSeconds: Math.floor(process.uptime()) },
      items,
    },
    metrics,
  };
}

/** One device as the admin opens it from the status page: what it last did, and its refused changes. */
export async function deviceDetail(ctx: AppContext, actor: Actor | undefined, clientId: string): Promise<TStatusDevice> {
  const a = requireRole(actor, 'admin');
  const d = await findDevice(ctx.database.read, a.tenantId, clientId);
  if (!d) throw notFound('Device');
  const rows = await unresolvedRejections(ctx.database.read, a.tenantId, clientId);
  const problems: TDeviceProblem[] = [];
  if (rows.length > 0) problems.push('data');
  if (hasApplicationError(d)) problems.push('application');
  return {
    device: {
      clientId: d.client_id,
      userId: d.user_id,
      userName: d.name,
      lastMutationId: d.last_mutation_id,
      createdAt: d.created_at,
      lastPushAt: d.last_push_at,
      lastPullAt: d.last_pull_at,
      appVersion: d.app_version,
      lastError: d.last_error,
      lastErrorAt: d.last_error_at,
      pendingRejections: rows.length,
      revokedAt: d.revoked_at,
    },
    problems,
    rejections: rows.map((r) => ({
      clientId: r.client_id,
      userName: d.name,
      mutationId: r.mutation_id,
      name: r.name,
      code: r.code,
      message: r.message,
      args: JSON.parse(r.args) as unknown,
      at: r.at,
      ackedAt: r.acked_at,
    })),
  };
}

/**
 * The office has dealt with a device's refused changes (re-entered them, or decided they are not
 * needed): they stop counting against the device. They stay stored whole, as every rejection does.
 */
export async function resolveDeviceRejections(ctx: AppContext, actor: Actor | undefined, clientId: string, upTo: number | undefined): Promise<number> {
  const a = requireRole(actor, 'admin');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    if (!(await findDevice(tx.trx, a.tenantId, clientId))) throw notFound('Device');
    return resolveRejections(tx.trx, a.tenantId, clientId, upTo, tx.now);
  });
  ctx.log.info({ clientId, resolved: value, by: a.login }, 'refused changes marked as dealt with');
  return value;
}
