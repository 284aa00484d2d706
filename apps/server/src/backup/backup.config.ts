import path from 'node:path';
import { z } from 'zod';
import { ZCronEnv } from '../config/cron.js';

/**
 * The backup settings of the environment (README configuration table, docs/backups.md). Parsed by
 * config.ts with everything else, so one run reports every problem.
 */
export interface BackupConfig {
  /** Where the nightly schedule writes; unset → no schedule. Absolute. */
  dir: string | undefined;
  /** Cron expression of the nightly run (server's local time). */
  schedule: string;
  /** How many good (verified) backups retention keeps. */
  keep: number;
  passphrase: string | undefined;
  /** age public keys (`age1…`) the backup folder's key is encrypted to, instead of a passphrase. */
  recipients: string[];
  /** File holding an age identity (`AGE-SECRET-KEY-1…`) for verify/restore of a recipients folder. */
  identityFile: string | undefined;
  /** Who hears of a failed nightly run; empty → the admins of every tenant. */
  operatorEmails: string[];
  /** Off-site copy after each good nightly run. */
  restic: { repository: string; password: string | undefined; passwordFile: string | undefined } | undefined;
}

export const DEFAULT_BACKUP_SCHEDULE = '30 2 * * *';
export const DEFAULT_BACKUP_KEEP = 14;


const list = (s: string) =>
  s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Spread into the server's env schema. */
export const ZBackupEnv = {
  FIELDKEEP_BACKUP_DIR: z.string().min(1).optional(),
  FIELDKEEP_BACKUP_SCHEDULE: ZCronEnv('30 2 * * *', DEFAULT_BACKUP_SCHEDULE, false),
  FIELDKEEP_BACKUP_KEEP: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number from 1 to 10000 (good backups kept)')
    .transform(Number)
    .pipe(z.number().int().min(1).max(10_000))
    .default(DEFAULT_BACKUP_KEEP),
  FIELDKEEP_BACKUP_PASSPHRASE: z.string().min(12, 'must be at least 12 characters').optional(),
  FIELDKEEP_BACKUP_RECIPIENTS: z
    .string()
    .transform(list)
    .pipe(z.array(z.string().regex(/^age1[02-9ac-hj-np-z]{20,}$/, 'each recipient must be an age public key (age1…)')).min(1))
    .optional(),
  FIELDKEEP_BACKUP_IDENTITY: z.string().min(1).optional(),
  FIELDKEEP_OPERATOR_EMAIL: z
    .string()
    .transform(list)
    .pipe(z.array(z.email('each address must be an email address')).min(1))
    .optional(),
  FIELDKEEP_RESTIC_REPOSITORY: z.string().min(1).optional(),
  RESTIC_PASSWORD: z.string().min(1).optional(),
  RESTIC_PASSWORD_FILE: z.string().min(1).optional(),
};

type BackupEnv = z.infer<ReturnType<typeof z.object<typeof ZBackupEnv>>>;

/** Problems between settings, checked on the raw values so they are reported beside any other. */
export function backupEnvProblems(raw: Record<string, string>): string[] {
  const problems: string[] = [];
  if (raw.FIELDKEEP_BACKUP_PASSPHRASE && raw.FIELDKEEP_BACKUP_RECIPIENTS) {
    problems.push('FIELDKEEP_BACKUP_PASSPHRASE and FIELDKEEP_BACKUP_RECIPIENTS: set one of them, not both');
  }
  if (raw.FIELDKEEP_BACKUP_DIR && !raw.FIELDKEEP_BACKUP_PASSPHRASE && !raw.FIELDKEEP_BACKUP_RECIPIENTS) {
    problems.push('FIELDKEEP_BACKUP_DIR: backups are encrypted; set FIELDKEEP_BACKUP_PASSPHRASE or FIELDKEEP_BACKUP_RECIPIENTS');
  }
  if (raw.FIELDKEEP_BACKUP_DIR && raw.FIELDKEEP_BACKUP_RECIPIENTS && !raw.FIELDKEEP_BACKUP_IDENTITY) {
    problems.push('FIELDKEEP_BACKUP_RECIPIENTS: the nightly verify needs FIELDKEEP_BACKUP_IDENTITY (a file with the matching AGE-SECRET-KEY-1…)');
  }
  if (raw.FIELDKEEP_RESTIC_REPOSITORY && !raw.FIELDKEEP_BACKUP_DIR) {
    problems.push('FIELDKEEP_RESTIC_REPOSITORY: off-site copies follow the nightly backup; set FIELDKEEP_BACKUP_DIR too');
  }
  if (raw.FIELDKEEP_RESTIC_REPOSITORY && !raw.RESTIC_PASSWORD && !raw.RESTIC_PASSWORD_FILE) {
    problems.push('FIELDKEEP_RESTIC_REPOSITORY: set RESTIC_PASSWORD or RESTIC_PASSWORD_FILE (the restic repository password)');
  }
  return problems;
}

export function backupConfigFrom(e: BackupEnv): BackupConfig {
  return {
    dir: e.FIELDKEEP_BACKUP_DIR ? path.resolve(e.FIELDKEEP_BACKUP_DIR) : undefined,
    schedule: e.FIELDKEEP_BACKUP_SCHEDULE,
    keep: e.FIELDKEEP_BACKUP_KEEP,
    passphrase: e.FIELDKEEP_BACKUP_PASSPHRASE,
    recipients: e.FIELDKEEP_BACKUP_RECIPIENTS ?? [],
    identityFile: e.FIELDKEEP_BACKUP_IDENTITY ? path.resolve(e.FIELDKEEP_BACKUP_IDENTITY) : undefined,
    operatorEmails: e.FIELDKEEP_OPERATOR_EMAIL ?? [],
    restic: e.FIELDKEEP_RESTIC_REPOSITORY
      ? { repository: e.FIELDKEEP_RESTIC_REPOSITORY, password: e.RESTIC_PASSWORD, passwordFile: e.RESTIC_PASSWORD_FILE }
      : undefined,
  };
}
