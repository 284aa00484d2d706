import { spawn } from 'node:child_process';
import { BackupError } from './backup-error.js';

const INSTALL_HINT: Record<string, string> = {
  pg_dump: 'install the PostgreSQL client tools (Debian: postgresql-client), the same major version as the server or newer',
  pg_restore: 'install the PostgreSQL client tools (Debian: postgresql-client), the same major version as the server or newer',
  restic: 'install restic (Debian: apt-get install restic)',
};

/** Runs a command to completion; rejects with its stderr when it fails. Answers stdout. */
export function runTool(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'ENOENT'
          ? new BackupError('tool_failed', `${cmd} is not installed (or not on PATH): ${INSTALL_HINT[cmd] ?? 'install it'}.`)
          : new BackupError('tool_failed', `${cmd} could not start: ${err.message}`),
      );
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new BackupError('tool_failed', `${cmd} failed (${signal ?? `exit ${code}`}): ${stderr.trim().slice(-2000) || '(no message)'}`));
    });
  });
}
