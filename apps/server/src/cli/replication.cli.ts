import type { Command } from 'commander';
import { systemClock } from '../clock.js';
import { migrateToLatest } from '../db/database.js';
import { promote } from '../replication/lifecycle.js';
import { readServerState, writeServerState } from '../replication/state.js';
import { createReplicationToken, listReplicationTokens, revokeReplicationToken } from '../replication/tokens.js';
import { startServer } from '../server.js';
import { CliError, loadConfig, stopOnSignals, withDb } from './cli.js';

/** `15m`, `30s`, `2h`, `500ms` → milliseconds. */
export function parseEvery(text: string): number {
  const m = /^(\d+)(ms|s|m|h)$/.exec(text.trim());
  if (!m) throw new CliError(`--every: "${text}" is not a duration like 30s, 15m or 1h.`);
  const ms = Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  if (ms < 1000) throw new CliError('--every: at least 1s.');
  return ms;
}

/** token, replica, promote and ack: the commands of a replicated deployment (docs/operations.md). */
export function registerReplicationCommands(program: Command, env: NodeJS.ProcessEnv): void {
  const token = program.command('token').description('Tokens for machines (replicas).');
  token
    .command('create')
    .description('Create a replication token (it can read every tenant’s data: keep it secret). The token is the last line printed.')
    .requiredOption('--replication', 'a token for `fieldkeep replica --token`')
    .option('--name <name>', 'what the token is for, e.g. "office replica, Leeds"', 'replica')
    .action(async (o: { name: string }) => {
      await withDb(env, async (db) => {
        await migrateToLatest(db.db);
        const t = await createReplicationToken(db.db, o.name, systemClock.now().toISOString());
        process.stdout.write(`Replication token "${o.name}" (id ${t.id}). Give it to the replica with --token; it is not shown again:\n${t.token}\n`);
      });
    });
  token
    .command('list')
    .description('List replication tokens.')
    .action(async () => {
      await withDb(env, async (db) => {
        for (const t of await listReplicationTokens(db.db)) {
          process.stdout.write(`${t.id}  ${t.name.padEnd(30)} created ${t.created_at}${t.revoked_at ? `  revoked ${t.revoked_at}` : ''}\n`);
        }
      });
    });
  token
    .command('revoke')
    .description('Revoke a replication token: replicas using it stop receiving data.')
    .requiredOption('--id <id>', 'token id (from `fieldkeep token list`)')
    .action(async (o: { id: string }) => {
      await withDb(env, async (db) => {
        if (!(await revokeReplicationToken(db.db, o.id, systemClock.now().toISOString()))) throw new CliError(`No live token with id ${o.id}.`);
        process.stdout.write(`Revoked ${o.id}.\n`);
      });
    });

  program
    .command('replica')
    .description(
      'Run an office replica: mirror the primary’s data and files into this FIELDKEEP_DATA_DIR (its own, and its own PORT), serve the office app read-only over it, and queue notes, new jobs and status changes for the primary during an outage.',
    )
    .requiredOption('--primary <url>', 'the primary’s address, e.g. https://fieldkeep.example.com')
    .requiredOption('--token <token>', 'a replication token from `fieldkeep token create --replication` on the primary')
    .option('--every <duration>', 'poll on a schedule (e.g. 15m) instead of following continuously')
    .option('--name <name>', 'how the primary lists this replica', 'office replica')
    .action(async (o: { primary: string; token: string; every?: string; name: string }) => {
      let primaryUrl: string;
      try {
        primaryUrl = new URL(o.primary).toString().replace(/\/+$/, '');
      } catch {
        throw new CliError(`--primary: "${o.primary}" is not a URL.`);
      }
      const everyMs = o.every ? parseEvery(o.every) : undefined;
      const config = loadConfig(env);
      if (config.databaseUrl) throw new CliError('A replica keeps its copy in SQLite in FIELDKEEP_DATA_DIR: unset DATABASE_URL.');
      const server = await startServer(config, { replica: { primaryUrl, token: o.token, everyMs, name: o.name } });
      process.stdout.write(`Fieldkeep replica of ${primaryUrl} is running at ${server.url.replace(/\/\/(0\.0\.0\.0|\[::\])/, '//localhost')} (data: ${config.dataDir})\n`);
      stopOnSignals(server);
    });

  program
    .command('promote')
    .description(
      'Disaster recovery: make this (stopped) replica the primary, with a higher epoch. Then start it with `fieldkeep serve`; the former primary is told and refuses writes from then on.',
    )
    .action(async () => {
      await withDb(env, async (db) => {
        await migrateToLatest(db.db);
        let r;
        try {
          r = await promote(db, systemClock.now().toISOString());
        } catch (err) {
          throw new CliError((err as Error).message);
        }
        process.stdout.write(
          `Promoted: this data dir is now the primary, epoch ${r.epoch}, with everything it had received up to position ${r.position} of ${r.formerPrimary}.\n` +
            `Start it with \`fieldkeep serve\` and point phones and browsers at it. ${r.formerPrimary} will refuse writes once it hears of epoch ${r.epoch}.\n`,
        );
      });
    });

  program
    .command('ack')
    .description('Acknowledgement while FIELDKEEP_ACK=replicated: --degraded answers writes locally while no replica can confirm; --replicated goes back. A running server picks it up within a second.')
    .option('--degraded', 'acknowledge writes locally (shown on the status page and every office page)')
    .option('--replicated', 'wait for a replica again')
    .action(async (o: { degraded?: boolean; replicated?: boolean }) => {
      if (Boolean(o.degraded) === Boolean(o.replicated)) throw new CliError('Say --degraded or --replicated.');
      await withDb(env, async (db) => {
        await migrateToLatest(db.db);
        await writeServerState(db.db, { degraded: o.degraded ? { since: systemClock.now().toISOString(), by: 'operator (CLI)' } : null });
        const s = await readServerState(db.db);
        process.stdout.write(s.degraded ? `Degraded: writes are acknowledged locally since ${s.degraded.since}.\n` : 'Replicated: writes wait for a replica again.\n');
      });
    });
}
