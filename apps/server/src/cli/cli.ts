import { randomBytes } from 'node:crypto';
import { Command, Option } from 'commander';
import { ROLES, type TRole } from '@fieldkeep/domain';
import { hashPassword } from '../auth/password.js';
import { systemClock } from '../clock.js';
import { ConfigError, parseConfig, type Config } from '../config/config.js';
import { countTenants, findTenantBySlug } from '../tenants/tenants.repository.js';
import { createTenant } from '../tenants/tenants.service.js';
import { migrateToLatest, openDatabase, type Database } from '../db/database.js';
import { withWriteTx } from '../db/write.js';
import { DEMO_TENANT_SLUG, seedDemo, type DemoLogin } from '../demo/demo.js';
import { AppError } from '../errors/app-error.js';
import { startServer } from '../server.js';
import { registerReplicationCommands } from './replication.cli.js';
import { registerBackupCommands } from '../backup/backup.cli.js';
import { registerPackCommand } from '../pack/pack.cli.js';
import { registerExportCommands } from '../export/export.cli.js';
import { findUserByLogin, listTenantUsers, updateUser } from '../users/users.repository.js';
import { createUserInTx } from '../users/users.service.js';

/** Exit codes: 0 done, 1 failed (configuration, database, refused), 2 usage. */
export function buildCli(env: NodeJS.ProcessEnv = process.env): Command {
  const program = new Command('fieldkeep')
    .description('Fieldkeep — field service management. Configuration comes from environment variables (see the README).')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('serve')
    .description('Run the server: API, office app at /, field app at /field/, background workers.')
    .option('--demo', 'on an empty database, create the demo tenant first and print its sign-ins')
    .option('--demo-password <password>', 'password for the demo users (default: a random one, printed)')
    .action(async (o: { demo?: boolean; demoPassword?: string }) => {
      const config = loadConfig(env);
      const server = await startServer(config, {
        beforeListen: async (ctx) => {
          if (!o.demo) return;
          if ((await countTenants(ctx.database.db)) > 0) return;
          const password = o.demoPassword ?? randomBytes(9).toString('base64url');
          printDemo(await seedDemo(ctx, password), password);
        },
      });
      // Listening on every interface: say "localhost", the address a person on this machine types.
      const listeningEverywhere = config.host === '0.0.0.0' || config.host === '::';
      const shownUrl = listeningEverywhere ? server.url.replace(/\/\/[^:/]+|\/\/\[[^\]]+\]/, '//localhost') : server.url;
      process.stdout.write(`Fieldkeep is running at ${shownUrl} (data: ${config.databaseUrl ? 'PostgreSQL' : config.dataDir})\n`);
      stopOnSignals(server);
    });

  program
    .command('migrate')
    .description('Apply pending database migrations and exit.')
    .action(async () => {
      await withDb(env, async (db) => {
        const applied = await migrateToLatest(db.db);
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
      });
    });

  program
    .command('demo')
    .description('Create the demo tenant (admin@demo.test, office@demo.test, eng1…eng5@demo.test, client@demo.test).')
    .requiredOption('--password <password>', 'password for every demo user (at least 10 characters)')
    .action(async (o: { password: string }) => {
      if (o.password.length < 10) throw new CliError('--password needs at least 10 characters.');
      await withDb(env, async (db) => {
        await migrateToLatest(db.db);
        const config = loadConfig(env);
        printDemo(await seedDemo({ config, database: db, clock: systemClock, log: silentLog(), wakeOutbox: () => undefined }, o.password), o.password);
      });
    });

  const tenant = program.command('tenant').description('Tenants (one per contractor).');
  tenant
    .command('create')
    .description('Create a tenant; add its first admin with `fieldkeep user add --role admin`.')
    .requiredOption('--name <name>', 'company name')
    .requiredOption('--slug <slug>', 'short name used by the CLI, e.g. acme')
    .option('--time-zone <tz>', 'IANA time zone', 'Europe/London')
    .action(async (o: { name: string; slug: string; timeZone: string }) => {
      if (!/^[a-z0-9][a-z0-9-]{1,40}$/.test(o.slug)) throw new CliError('--slug: lowercase letters, digits and dashes.');
      try {
        new Intl.DateTimeFormat('en-GB', { timeZone: o.timeZone });
      } catch {
        throw new CliError(`--time-zone: ${o.timeZone} is not a known time zone.`);
      }
      await withDb(env, async (db) => {
        await migrateToLatest(db.db);
        if (await findTenantBySlug(db.db, o.slug)) throw new CliError(`A tenant with slug ${o.slug} exists already.`);
        const { value } = await withWriteTx(db, systemClock, (tx) => createTenant(tx, { name: o.name, slug: o.slug, timeZone: o.timeZone }));
        process.stdout.write(`Created tenant ${value.name} (${value.slug}).\n`);
      });
    });

  const user = program.command('user').description('Users of a tenant.');
  user
    .command('add')
    .description('Add a user. With --password the user can sign in at once; otherwise an invitation is emailed.')
    .option('--tenant <slug>', 'tenant slug', DEMO_TENANT_SLUG)
    .requiredOption('--name <name>', 'full name')
    .option('--email <email>', 'email address (also the sign-in name unless --login is given)')
    .option('--login <login>', 'sign-in name, for people without an email address')
    .addOption(new Option('--role <role>', 'role').choices([...ROLES]).makeOptionMandatory())
    .option('--client <clientId>', 'client organisation id (role client only)')
    .option('--password <password>', 'initial password (at least 10 characters)')
    .action(async (o: { tenant: string; name: string; email?: string; login?: string; role: TRole; client?: string; password?: string }) => {
      await withDb(env, async (db) => {
        await migrateToLatest(db.db);
        const t = await findTenantBySlug(db.db, o.tenant);
        if (!t) throw new CliError(`No tenant with slug ${o.tenant}.`);
        const input = {
          name: o.name,
          email: o.email ?? null,
          role: o.role,
          sendInvitation: !o.password,
          ...(o.login ? { login: o.login } : {}),
          ...(o.client ? { clientId: o.client } : {}),
          ...(o.password ? { password: o.password } : {}),
        };
        const hash = o.password ? await hashPassword(o.password) : null;
        const { AuthService } = await import('../auth/auth.service.js');
        const config = loadConfig(env);
        const auth = new AuthService({ config, database: db, clock: systemClock, log: silentLog(), wakeOutbox: () => undefined });
        const { value } = await withWriteTx(db, systemClock, (tx) => createUserInTx(tx, auth, { tenantId: t.id, actor: null, input, passwordHash: hash }));
        process.stdout.write(
          `Added ${value.name} <${value.login}> as ${value.role}.${o.password ? '' : ' An invitation email is queued; the running server sends it.'}\n`,
        );
      });
    });

  user
    .command('list')
    .description('List the users of a tenant.')
    .option('--tenant <slug>', 'tenant slug', DEMO_TENANT_SLUG)
    .action(async (o: { tenant: string }) => {
      await withDb(env, async (db) => {
        const t = await findTenantBySlug(db.db, o.tenant);
        if (!t) throw new CliError(`No tenant with slug ${o.tenant}.`);
        for (const u of await listTenantUsers(db.db, t.id)) {
          const flags = [u.email ? '' : 'no email: cannot reset password', u.disabled_at ? 'disabled' : '', u.password_hash ? '' : 'no password yet']
            .filter(Boolean)
            .join('; ');
          process.stdout.write(`${u.role.padEnd(8)} ${u.login.padEnd(28)} ${u.name}${flags ? `  (${flags})` : ''}\n`);
        }
      });
    });

  user
    .command('set-password')
    .description("Set a user's password and clear any lockout (for an admin who is locked out).")
    .requiredOption('--login <login>', 'sign-in name')
    .requiredOption('--password <password>', 'new password (at least 10 characters)')
    .action(async (o: { login: string; password: string }) => {
      if (o.password.length < 10) throw new CliError('--password needs at least 10 characters.');
      await withDb(env, async (db) => {
        const u = await findUserByLogin(db.db, o.login);
        if (!u) throw new CliError(`No user signs in as ${o.login}.`);
        const hash = await hashPassword(o.password);
        await withWriteTx(db, systemClock, (tx) => updateUser(tx, u.tenant_id, u.id, { password_hash: hash, locked_until: null, failed_sign_ins: 0 }));
        process.stdout.write(`Password set for ${u.login}.\n`);
      });
    });

  registerReplicationCommands(program, env);
  registerBackupCommands(program, env);
  registerPackCommand(program, env);
  registerExportCommands(program, env);
  return program;
}

export class CliError extends Error {}

/** Closes the server cleanly on SIGINT / SIGTERM, then exits. */
export function stopOnSignals(server: { ctx: { log: { info(o: object, m: string): void } }; close(): Promise<void> }): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.ctx.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  return parseConfig(env);
}

export async function withDb(env: NodeJS.ProcessEnv, fn: (db: Database) => Promise<void>): Promise<void> {
  const config = loadConfig(env);
  const db = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await fn(db);
  } finally {
    await db.close();
  }
}

function printDemo(logins: DemoLogin[], password: string): void {
  const lines = [
    '',
    'Demo tenant "Demo Contracting Ltd" created. Sign in with:',
    ...logins.map((l) => `  ${l.login.padEnd(20)} ${l.role.padEnd(9)} ${l.name}`),
    `  password for all:    ${password}`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

function silentLog() {
  // The CLI prints plain lines; services it calls get a logger that says nothing.
  return { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, child: () => silentLog() } as never;
}

/** Runs the CLI; prints configuration problems and refusals plainly, then exits 1. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const program = buildCli(env);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
    // Help shown because no (sub)command was given is a usage error; `fieldkeep help` is not.
    if (e.code === 'commander.help') return e.exitCode === 0 ? 0 : 2;
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) return 2;
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    if (err instanceof CliError || err instanceof AppError) {
      process.stderr.write(`fieldkeep: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`fieldkeep: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}
