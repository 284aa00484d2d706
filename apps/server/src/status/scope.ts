import type { TStatusItem } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ReplicationHub } from '../replication/hub.js';
import type { ServerErrorLog } from './error-recorder.js';

/**
 * Who is looking: a tenant's admin (their own emails and devices, plus the server's health without
 * anyone else's data) or monitoring with a replication token (the whole server, counts only).
 */
export type Viewer = { kind: 'tenant'; tenantId: string } | { kind: 'server' };

export interface StatusDeps {
  hub: ReplicationHub;
}

/** Everything an item needs to judge itself. */
export interface StatusScope {
  ctx: AppContext;
  deps: StatusDeps;
  errors: ServerErrorLog;
  viewer: Viewer;
  now: Date;
}

/** One Prometheus series: a gauge or counter with its samples. */
export interface Metric {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  samples: Array<{ labels?: Record<string, string>; value: number }>;
}

/** What each item check answers: the item, and the numbers behind it for /metrics. */
export interface Judged {
  item: TStatusItem;
  metrics: Metric[];
}

export const gauge = (name: string, help: string, value: number | null | undefined, labels?: Record<string, string>): Metric => ({
  name,
  help,
  type: 'gauge',
  samples: value === null || value === undefined || Number.isNaN(value) ? [] : [{ ...(labels ? { labels } : {}), value }],
});

export const tenantOf = (v: Viewer): string | undefined => (v.kind === 'tenant' ? v.tenantId : undefined);

export const seconds = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) / 1000 : null);
