import path from 'node:path';
import { BackupError } from './backup-error.js';
import type { BackupConfig } from './backup.config.js';
import { runTool } from './external-tool.js';
import { paths } from './folder.js';

/**
 * Off-site copies: `restic backup` of the (already encrypted) backup folder into the configured
 * repository, which restic encrypts again and deduplicates, so each night sends only what changed.
 * The repository is initialised the first time. restic reads its password from RESTIC_PASSWORD or
 * RESTIC_PASSWORD_FILE, as always; any other RESTIC_* / cloud variables in the environment pass through.
 */
export interface ResticResult {
  snapshotId: string;
  filesNew: number;
  bytesAdded: number;
}

export function resticEnv(restic: NonNullable<BackupConfig['restic']>, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, RESTIC_REPOSITORY: restic.repository };
  delete env.RESTIC_PASSWORD;
  delete env.RESTIC_PASSWORD_FILE;
  if (restic.password) env.RESTIC_PASSWORD = restic.password;
  if (restic.passwordFile) env.RESTIC_PASSWORD_FILE = restic.passwordFile;
  return env;
}

/** Initialises the repository unless it exists (restic says so by failing to read its config). */
export async function ensureResticRepository(env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await runTool('restic', ['cat', 'config', '--no-lock'], { env });
    return;
  } catch (readErr) {
    try {
      await runTool('restic', ['init'], { env });
    } catch (initErr) {
      throw new BackupError(
        'tool_failed',
        `The restic repository ${env.RESTIC_REPOSITORY ?? ''} can neither be read nor created. Reading: ${(readErr as Error).message}. Creating: ${(initErr as Error).message}`,
      );
    }
  }
}

export async function resticBackup(dir: string, restic: NonNullable<BackupConfig['restic']>, base?: NodeJS.ProcessEnv): Promise<ResticResult> {
  const env = resticEnv(restic, base);
  await ensureResticRepository(env);
  const out = await runTool('restic', ['backup', '--json', '--quiet', '--tag', 'fieldkeep', '--exclude', paths.lock(path.resolve(dir)), path.resolve(dir)], { env });
  const summary = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { message_type?: string; snapshot_id?: string; files_new?: number; data_added?: number })
    .find((m) => m.message_type === 'summary');
  if (!summary?.snapshot_id) throw new BackupError('tool_failed', `restic backup finished without reporting a snapshot: ${out.slice(-500)}`);
  return { snapshotId: summary.snapshot_id, filesNew: summary.files_new ?? 0, bytesAdded: summary.data_added ?? 0 };
}
