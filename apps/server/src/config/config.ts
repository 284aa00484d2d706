import path from 'node:path';
import { z } from 'zod';
import { backupConfigFrom, backupEnvProblems, ZBackupEnv, type BackupConfig } from '../backup/backup.config.js';
import { packConfigFrom, ZPackEnv, type PackConfig } from '../pack/pack.config.js';
import { statusConfigFrom, ZStatusEnv, type StatusConfig } from '../status/status.config.js';

/** Digits only: `z.coerce.number()` would take " " as 0 (a random port) and "0x10" as 16. */
const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
const ZPort = wholeNumber(0, 65535);

/** Environment variables, as documented in the README's configuration table. */
const ZEnv = z.object({
  PORT: ZPort.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  FIELDKEEP_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave it unset for the embedded SQLite database)')
    .optional(),
  FIELDKEEP_PUBLIC_URL: z.url().optional(),
  FIELDKEEP_ACK: z.enum(['local', 'replicated']).default('local'),
  FIELDKEEP_ACK_TIMEOUT_MS: wholeNumber(100, 600_000).default(10_000),
  // Outage drill on an office replica: minutes without the primary before it is declared (0: at once).
  FIELDKEEP_OUTAGE_AFTER_MIN: wholeNumber(0, 1440).default(30),
  // Replication log retention: days of commits kept for replicas that are behind (replication/compaction.ts).
  FIELDKEEP_REPL_LOG_KEEP_DAYS: wholeNumber(1, 3650).default(7),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL (leave it unset to keep mail in the data folder)')
    .optional(),
  SMTP_FROM: z.string().min(3).default('Fieldkeep <no-reply@fieldkeep.invalid>'),
  // Backups (FIELDKEEP_BACKUP_*, FIELDKEEP_OPERATOR_EMAIL, FIELDKEEP_RESTIC_REPOSITORY): backup/backup.config.ts.
  ...ZBackupEnv,
  // Fallback pack (FIELDKEEP_PACK_SCHEDULE, FIELDKEEP_PACK_KEEP): pack/pack.config.ts.
  ...ZPackEnv,
  // Status page (FIELDKEEP_INTEGRITY_SCHEDULE, FIELDKEEP_METRICS_PUBLIC): status/status.config.ts.
  ...ZStatusEnv,
  FIELDKEEP_TLS_CERT: z.string().min(1).optional(),
  FIELDKEEP_TLS_KEY: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  ack: 'local' | 'replicated';
  ackTimeoutMs: number;
  /** Minutes an office replica goes without the primary before it declares an outage (docs/operations.md). */
  outageAfterMin: number;
  /** Days the replication log keeps commits a replica seen in that time may still need (docs/operations.md). */
  replLogKeepDays: number;
  smtpUrl: string | undefined;
  smtpFrom: string;
  tls: { cert: string; key: string } | undefined;
  logLevel: z.infer<typeof ZEnv>['LOG_LEVEL'];
  backup: BackupConfig;
  pack: PackConfig;
  status: StatusConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment once. Collects every problem before failing, so one run shows them all. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = stripEmpty(env);
  const parsed = ZEnv.safeParse(raw);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    }
  }
  // Checked on the raw values, so it is reported beside any other problem rather than after a fix.
  if (Boolean(raw.FIELDKEEP_TLS_CERT) !== Boolean(raw.FIELDKEEP_TLS_KEY)) {
    problems.push('FIELDKEEP_TLS_CERT and FIELDKEEP_TLS_KEY: set both or neither');
  }
  problems.push(...backupEnvProblems(raw));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;
  const scheme = e.FIELDKEEP_TLS_CERT ? 'https' : 'http';
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.FIELDKEEP_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    publicUrl: (e.FIELDKEEP_PUBLIC_URL ?? `${scheme}://localhost:${e.PORT}`).replace(/\/+$/, ''),
    ack: e.FIELDKEEP_ACK,
    ackTimeoutMs: e.FIELDKEEP_ACK_TIMEOUT_MS,
    outageAfterMin: e.FIELDKEEP_OUTAGE_AFTER_MIN,
    replLogKeepDays: e.FIELDKEEP_REPL_LOG_KEEP_DAYS,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    tls: e.FIELDKEEP_TLS_CERT && e.FIELDKEEP_TLS_KEY ? { cert: e.FIELDKEEP_TLS_CERT, key: e.FIELDKEEP_TLS_KEY } : undefined,
    logLevel: e.LOG_LEVEL,
    backup: backupConfigFrom(e),
    pack: packConfigFrom(e),
    status: statusConfigFrom(e),
  };
}

/** An empty variable (`FOO=`) means "unset", as most shells and .env files intend it. */
function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
