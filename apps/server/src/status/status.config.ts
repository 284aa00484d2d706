import { z } from 'zod';
import { ZCronEnv } from '../config/cron.js';

/** The status page's settings (README configuration table, docs/status.md). Parsed by config.ts. */
export interface StatusConfig {
  /** Cron expression of the database integrity check (server's local time); null: never scheduled. */
  integritySchedule: string | null;
  /** GET /metrics answers without a replication token (for a scraper on a private network). */
  metricsPublic: boolean;
}

export const DEFAULT_INTEGRITY_SCHEDULE = '15 3 * * *';


/** Spread into the server's env schema. */
export const ZStatusEnv = {
  FIELDKEEP_INTEGRITY_SCHEDULE: ZCronEnv('15 3 * * *', DEFAULT_INTEGRITY_SCHEDULE),
  FIELDKEEP_METRICS_PUBLIC: z.enum(['0', '1'], 'must be 1 (GET /metrics without a token) or 0').default('0'),
};

type StatusEnv = z.infer<ReturnType<typeof z.object<typeof ZStatusEnv>>>;

export function statusConfigFrom(e: StatusEnv): StatusConfig {
  return {
    integritySchedule: e.FIELDKEEP_INTEGRITY_SCHEDULE === 'off' ? null : e.FIELDKEEP_INTEGRITY_SCHEDULE,
    metricsPublic: e.FIELDKEEP_METRICS_PUBLIC === '1',
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * When each item turns amber or red (docs/status.md explains each). Kept together so the page, the
 * monitoring view and the metrics agree.
 */
export const STATUS_THRESHOLDS = {
  /** A failed email counts (red) for this long; older ones are listed on the Mail page only. */
  failedEmailWindowMs: 7 * 24 * HOUR,
  /** An email still being retried after this long is red, not amber. */
  emailRetryingRedMs: 30 * MINUTE,
  /** A device not seen for this long while its user has visits under way today: connectivity. */
  deviceSilentMs: 3 * HOUR,
  /** …counting a visit as under way until this long after its end. */
  visitOverMs: 2 * HOUR,
  /** No verified backup for this long while nightly backups are configured: red. */
  backupMaxAgeMs: 26 * HOUR,
  /** FIELDKEEP_ACK=replicated: no replica seen for this long means writes cannot be acknowledged. */
  replicaStaleReplicatedMs: 60 * 1000,
  /** FIELDKEEP_ACK=local: an office replica not seen for this long has fallen behind. */
  replicaStaleLocalMs: HOUR,
  /** On a replica: the primary unreachable for this long is red (a blip is amber). */
  primaryUnreachableRedMs: 5 * MINUTE,
  /** No successful integrity check for this long while one is scheduled: amber. */
  integrityMaxAgeMs: 3 * 24 * HOUR,
  /** Free space on the data folder's disk. */
  diskAmberFraction: 0.15,
  diskRedFraction: 0.05,
  diskRedBytes: 1024 ** 3,
  /** Queued work due this long ago and not yet taken by the worker. */
  outboxAmberMs: 15 * MINUTE,
  outboxRedMs: HOUR,
  /** Server errors: any in the last day is amber; this many in the last hour is red. */
  serverErrorsWindowMs: 24 * HOUR,
  serverErrorsRedPerHour: 5,
  /** No fallback pack newer than this while the nightly pack is scheduled: amber. */
  packMaxAgeMs: 26 * HOUR,
  /** Rows kept in server_errors. */
  serverErrorsKept: 500,
} as const;
