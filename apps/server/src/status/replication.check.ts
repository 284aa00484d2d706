import type { TStatusEntry, TStatusFact, TStatusItem } from '@fieldkeep/domain';
import { checkSyncStandbyConfigured } from '../db/pg-sync-commit.js';
import { logFloor } from '../replication/compaction.js';
import { headPosition } from '../replication/log.repository.js';
import { STATUS_THRESHOLDS as T } from './status.config.js';
import { gauge, seconds, type Judged, type Metric, type StatusScope } from './scope.js';
import { ago, plural, span } from './wording.js';

const ACK_WORDS = {
  local: 'Local: a write is answered once it is durable on this server (FIELDKEEP_ACK=local)',
  replicated: 'Replicated: a write is answered only once a replica has it (FIELDKEEP_ACK=replicated)',
  degraded: 'Degraded: FIELDKEEP_ACK=replicated, but writes are answered on this server alone (operator’s switch)',
} as const;

const DEGRADED_DOC = { label: 'Degraded mode (docs/operations.md)', href: 'docs/operations.md#4-degraded-mode-operators-switch' };

/**
 * 5. Replication (replication/hub.ts): how writes are acknowledged, the replicas with their lag and
 * when each was last seen. Red when writes must wait for a replica and none has been seen for a
 * minute (or PostgreSQL's synchronous standby is not streaming); amber in degraded mode. On an
 * office replica: whether the primary is reachable.
 */
export async function checkReplication(s: StatusScope): Promise<Judged> {
  const { ctx, now, deps } = s;
  const hub = deps.hub;
  const state = hub.state;
  const operator = s.viewer.kind === 'server';
  const base = { key: 'replication' as const, title: 'Replication', scope: 'server' as const };
  const metrics: Metric[] = [
    gauge('fieldkeep_ack_degraded', '1 while degraded (local-only) acknowledgement is switched on.', hub.ackMode === 'degraded' ? 1 : 0),
    gauge('fieldkeep_ack_replicated', '1 while writes wait for a replica (FIELDKEEP_ACK=replicated and not degraded).', hub.ackMode === 'replicated' ? 1 : 0),
    gauge('fieldkeep_is_replica', '1 on an office replica.', state.role === 'replica' ? 1 : 0),
  ];

  if (state.superseded) {
    const sup = state.superseded;
    return {
      item: {
        ...base,
        status: 'red',
        summary: `This server was replaced by ${sup.by} (epoch ${sup.epoch}, ${ago(sup.at, now)}) and refuses writes. Point phones and browsers at the new primary.`,
        details: [{ label: 'Replaced by', value: sup.by, at: sup.at }],
        entries: [],
        action: { label: 'Promote and fence (docs/operations.md)', href: 'docs/operations.md#5-promote-a-replica-disaster-recovery' },
      },
      metrics,
    };
  }

  if (state.role === 'replica') {
    const r = state.replica;
    const details: TStatusFact[] = [
      { label: 'Role', value: 'Office replica (read-only copy of the primary)' },
      { label: 'Primary', value: r?.primaryUrl ?? 'unknown' },
      { label: 'Last update from the primary', value: ago(r?.lastUpdateAt, now), ...(r?.lastUpdateAt ? { at: r.lastUpdateAt } : {}) },
      { label: 'Position', value: String(r?.cursor ?? 0) },
    ];
    metrics.push(gauge('fieldkeep_replica_primary_last_update_timestamp_seconds', 'On a replica: when the primary last answered.', seconds(r?.lastUpdateAt)));
    if (r?.unreachableSince) {
      const down = now.getTime() - Date.parse(r.unreachableSince);
      details.push({ label: 'Unreachable since', value: ago(r.unreachableSince, now), at: r.unreachableSince });
      if (r.lastError) details.push({ label: 'Last error', value: r.lastError });
      return {
        item: {
          ...base,
          status: down > T.primaryUnreachableRedMs ? 'red' : 'amber',
          summary: `The primary (${r.primaryUrl}) has not answered for ${span(down)}${r.lastError ? `: ${r.lastError}` : ''}. Staff see the copy from ${ago(r.lastUpdateAt, now)} and can queue notes, jobs and status changes here.`,
          details,
          entries: [],
          action: { label: 'Office replica (docs/operations.md)', href: 'docs/operations.md#2-start-an-office-replica' },
        },
        metrics,
      };
    }
    return { item: { ...base, status: 'green', summary: `Following the primary (${r?.primaryUrl ?? 'unknown'}); last update ${ago(r?.lastUpdateAt, now)}.`, details, entries: [] }, metrics };
  }

  const [head, floor] = await Promise.all([headPosition(ctx.database.read), logFloor(ctx.database.read)]);
  metrics.push(gauge('fieldkeep_replication_head_position', 'The newest commit number on this server.', head));
  metrics.push(gauge('fieldkeep_replication_log_floor_position', 'Commits at or below this were removed from the replication log (compaction).', floor));
  const mode = hub.ackMode;
  const staleAfter = mode === 'local' ? T.replicaStaleLocalMs : T.replicaStaleReplicatedMs;
  const peers = hub.peerList().filter((p) => p.epoch <= state.epoch);
  const lagMetric: Metric = { name: 'fieldkeep_replica_lag_commits', help: 'Commits a replica has not confirmed yet.', type: 'gauge', samples: [] };
  const seenMetric: Metric = { name: 'fieldkeep_replica_last_seen_timestamp_seconds', help: 'When a replica last asked for changes (which confirms what it has).', type: 'gauge', samples: [] };
  metrics.push(lagMetric, seenMetric);
  const entries: TStatusEntry[] = peers.map((p) => {
    const lag = Math.max(0, head - p.confirmed);
    const age = now.getTime() - Date.parse(p.lastSeenAt);
    const fresh = age <= staleAfter;
    lagMetric.samples.push({ labels: { replica: p.name }, value: lag });
    seenMetric.samples.push({ labels: { replica: p.name }, value: Date.parse(p.lastSeenAt) / 1000 });
    return {
      id: p.replicaId,
      status: fresh ? 'green' : mode === 'replicated' ? 'red' : 'amber',
      title: p.name,
      text: `${lag === 0 ? 'Up to date' : `${plural(lag, 'commit')} behind`}; last seen ${ago(p.lastSeenAt, now)}.`,
      at: p.lastSeenAt,
      facts: [
        { label: 'Confirmed position', value: String(p.confirmed) },
        { label: 'Lag', value: plural(lag, 'commit') },
        ...(operator && p.url ? [{ label: 'Address', value: p.url }] : []),
      ],
    };
  });
  const details: TStatusFact[] = [
    { label: 'Acknowledgement', value: ACK_WORDS[mode] },
    { label: 'Newest commit', value: String(head) },
    { label: 'Replicas seen', value: String(peers.length) },
    {
      label: 'Replication log',
      value: `${floor === 0 ? 'every commit kept so far' : `commits after ${floor} kept; older ones removed`} (${plural(ctx.config.replLogKeepDays, 'day')} kept, and what replicas still need; a replica further behind copies a snapshot)`,
    },
  ];
  if (state.degraded) details.push({ label: 'Degraded since', value: `${ago(state.degraded.since, now)}, switched on by ${state.degraded.by}`, at: state.degraded.since });

  let verdict: Pick<TStatusItem, 'status' | 'summary' | 'action'>;
  if (mode === 'degraded') {
    verdict = {
      status: 'amber',
      summary: `Degraded acknowledgement since ${ago(state.degraded?.since, now)}: writes are answered on this server alone, so a write made now is lost if this server is lost before a replica has it. Switch back once a replica is confirming again.`,
      action: { label: 'Open Replication', href: '/admin/replication' },
    };
  } else if (mode === 'replicated' && hub.confirmBy === 'standby') {
    const sb = await checkSyncStandbyConfigured(ctx.database.db);
    details.push({ label: 'Confirmed by', value: `PostgreSQL synchronous standby (${sb.synchronousStandbyNames})` });
    for (const st of sb.standbys) {
      entries.push({ id: st.applicationName, status: st.state === 'streaming' ? 'green' : 'red', title: st.applicationName, text: `${st.state ?? 'unknown'} (${st.syncState ?? 'unknown'})`, at: null, facts: [] });
    }
    metrics.push(gauge('fieldkeep_pg_sync_standby_connected', '1 while a synchronous PostgreSQL standby is streaming.', sb.syncStandbyConnected ? 1 : 0));
    verdict =
      sb.waitsForStandby && sb.syncStandbyConnected
        ? { status: 'green', summary: 'Every write is confirmed by the PostgreSQL synchronous standby, which is streaming.' }
        : {
            status: 'red',
            summary: sb.waitsForStandby
              ? 'The PostgreSQL synchronous standby is not streaming: writes wait and are answered “replica unavailable”. Bring the standby back, or switch to degraded mode.'
              : `PostgreSQL does not wait for the standby (synchronous_commit=${sb.synchronousCommit}): writes are not replicated before they are answered.`,
            action: { label: 'PostgreSQL standby (docs/postgres-standby.md)', href: 'docs/postgres-standby.md' },
          };
  } else if (mode === 'replicated') {
    const freshest = peers.reduce<string | null>((m, p) => (m === null || p.lastSeenAt > m ? p.lastSeenAt : m), null);
    const quiet = freshest ? now.getTime() - Date.parse(freshest) : Infinity;
    verdict =
      quiet <= staleAfter
        ? { status: 'green', summary: `Every write waits for a replica; ${peers.length === 1 ? `${peers[0]!.name} is` : `${plural(peers.filter((p) => now.getTime() - Date.parse(p.lastSeenAt) <= staleAfter).length, 'replica')} are`} confirming (last ${ago(freshest, now)}).` }
        : {
            status: 'red',
            summary: `${freshest ? `No replica has confirmed anything for ${span(quiet)}` : 'No replica has ever connected'}, and every write waits for one: phones and office pages are answered “replica unavailable” and keep their work. Start the replica, or switch to degraded mode.`,
            action: DEGRADED_DOC,
          };
  } else {
    const stale = peers.filter((p) => now.getTime() - Date.parse(p.lastSeenAt) > staleAfter);
    verdict = stale.length
      ? {
          status: 'amber',
          summary: `${listing2(stale.map((p) => p.name))} ${stale.length === 1 ? 'has' : 'have'} not asked for changes for ${span(now.getTime() - Date.parse(stale[0]!.lastSeenAt))}: the office copy is out of date.`,
          action: { label: 'Office replica (docs/operations.md)', href: 'docs/operations.md#2-start-an-office-replica' },
        }
      : { status: 'green', summary: peers.length ? `Writes are answered on this server; ${plural(peers.length, 'office replica', 'office replicas')} following.` : 'Writes are answered once durable on this server (FIELDKEEP_ACK=local); no replica follows it.' };
  }
  return { item: { ...base, ...verdict, details, entries }, metrics };
}

const listing2 = (names: string[]) => (names.length <= 2 ? names.join(' and ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`);
