import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

/** The problems a bad environment produces (fails the test if it parses). */
function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('configuration from the environment', () => {
  it('runs with nothing set: port 3000, ./data made absolute, SQLite, local acknowledgement, mail kept on disk', () => {
    const c = parseConfig({});
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(path.isAbsolute(c.dataDir)).toBe(true);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.ack).toBe('local');
    expect(c.ackTimeoutMs).toBe(10_000);
    expect(c.outageAfterMin).toBe(30);
    expect(c.replLogKeepDays).toBe(7);
    expect(c.smtpUrl).toBeUndefined();
    expect(c.tls).toBeUndefined();
    expect(c.publicUrl).toBe('http://localhost:3000');
  });

  it('takes every documented setting', () => {
    const c = parseConfig({
      PORT: '8080',
      FIELDKEEP_DATA_DIR: 'var/fk',
      DATABASE_URL: 'postgresql://fk@db.internal:5432/fieldkeep',
      FIELDKEEP_PUBLIC_URL: 'https://jobs.example.com/',
      FIELDKEEP_ACK: 'local',
      FIELDKEEP_ACK_TIMEOUT_MS: '2500',
      FIELDKEEP_OUTAGE_AFTER_MIN: '0',
      FIELDKEEP_REPL_LOG_KEEP_DAYS: '30',
      SMTP_URL: 'smtps://user:pw@mail.example.com:465',
      FIELDKEEP_TLS_CERT: '/etc/fk/cert.pem',
      FIELDKEEP_TLS_KEY: '/etc/fk/key.pem',
    });
    expect(c).toMatchObject({
      port: 8080,
      dataDir: path.resolve('var/fk'),
      databaseUrl: 'postgresql://fk@db.internal:5432/fieldkeep',
      publicUrl: 'https://jobs.example.com',
      ack: 'local',
      ackTimeoutMs: 2500,
      outageAfterMin: 0,
      replLogKeepDays: 30,
      smtpUrl: 'smtps://user:pw@mail.example.com:465',
      tls: { cert: '/etc/fk/cert.pem', key: '/etc/fk/key.pem' },
    });
  });

  it('takes FIELDKEEP_ACK=replicated and refuses other modes', () => {
    expect(parseConfig({ FIELDKEEP_ACK: 'replicated' }).ack).toBe('replicated');
    expect(() => parseConfig({ FIELDKEEP_ACK: 'sometimes' })).toThrow(/FIELDKEEP_ACK/);
  });

  it('defaults the public URL to https when TLS certificates are configured', () => {
    const c = parseConfig({ PORT: '8443', FIELDKEEP_TLS_CERT: 'c.pem', FIELDKEEP_TLS_KEY: 'k.pem' });
    expect(c.publicUrl).toBe('https://localhost:8443');
  });

  it('reports every bad value at once, naming each variable', () => {
    const problems = problemsOf({
      PORT: 'abc',
      DATABASE_URL: 'mysql://x',
      FIELDKEEP_ACK: 'sometimes',
      SMTP_URL: 'http://x',
    });
    for (const name of ['PORT', 'DATABASE_URL', 'FIELDKEEP_ACK', 'SMTP_URL']) {
      expect(problems.filter((p) => p.startsWith(`${name}:`)), name).toHaveLength(1);
    }
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('PORT:'))).toMatch(/whole number from 0 to 65535/);
    expect(problems.find((p) => p.startsWith('DATABASE_URL:'))).toMatch(/postgres:\/\//);
    expect(problems.find((p) => p.startsWith('SMTP_URL:'))).toMatch(/smtp:\/\//);
  });

  it('lists each problem in the error message, one per line', () => {
    let message = '';
    try {
      parseConfig({ PORT: '70000', FIELDKEEP_ACK_TIMEOUT_MS: 'soon' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Configuration problems:/);
    expect(message).toMatch(/\n {2}- PORT: /);
    expect(message).toMatch(/\n {2}- FIELDKEEP_ACK_TIMEOUT_MS: /);
  });

  it.each([
    ['PORT', '-1'],
    ['PORT', '3000.5'],
    ['PORT', '65536'],
    ['PORT', ' '],
    ['PORT', '0x10'],
    ['FIELDKEEP_ACK_TIMEOUT_MS', '1e4'],
    ['FIELDKEEP_ACK_TIMEOUT_MS', '50'],
    ['FIELDKEEP_OUTAGE_AFTER_MIN', '1441'],
    ['FIELDKEEP_OUTAGE_AFTER_MIN', 'half an hour'],
    ['FIELDKEEP_REPL_LOG_KEEP_DAYS', '0'],
    ['FIELDKEEP_PACK_SCHEDULE', 'nightly'],
    ['FIELDKEEP_INTEGRITY_SCHEDULE', '61 * * * *'],
    ['FIELDKEEP_PUBLIC_URL', 'not a url'],
    ['FIELDKEEP_BACKUP_PASSPHRASE', 'short'],
  ])('refuses %s=%s', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
  });

  it('treats an empty variable as unset', () => {
    const c = parseConfig({
      PORT: '',
      FIELDKEEP_DATA_DIR: '',
      DATABASE_URL: '',
      FIELDKEEP_ACK: '',
      SMTP_URL: '',
      FIELDKEEP_PUBLIC_URL: '',
      FIELDKEEP_TLS_CERT: '',
      FIELDKEEP_TLS_KEY: '',
    });
    expect(c).toMatchObject({ port: 3000, dataDir: path.resolve('./data'), databaseUrl: undefined, ack: 'local', smtpUrl: undefined, tls: undefined });
  });

  it('refuses a TLS certificate without its key, and a key without its certificate', () => {
    expect(problemsOf({ FIELDKEEP_TLS_CERT: '/etc/fk/cert.pem' })).toEqual([expect.stringMatching(/FIELDKEEP_TLS_CERT.*FIELDKEEP_TLS_KEY/)]);
    expect(problemsOf({ FIELDKEEP_TLS_KEY: '/etc/fk/key.pem' })).toEqual([expect.stringMatching(/FIELDKEEP_TLS_CERT.*FIELDKEEP_TLS_KEY/)]);
  });

  it('reports a half-configured TLS pair together with other problems', () => {
    const problems = problemsOf({ PORT: 'abc', FIELDKEEP_TLS_CERT: '/etc/fk/cert.pem' });
    expect(problems.some((p) => p.startsWith('PORT:'))).toBe(true);
    expect(problems.some((p) => p.includes('FIELDKEEP_TLS_KEY'))).toBe(true);
  });

  it('ignores variables it does not know', () => {
    expect(parseConfig({ HOME: '/root', FIELDKEEP_SOMETHING_NEW: 'x' }).port).toBe(3000);
  });
});

describe('backup settings from the environment', () => {
  const RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';

  it('schedules nothing by default: nightly at 02:30 and 14 kept once FIELDKEEP_BACKUP_DIR is set', () => {
    expect(parseConfig({}).backup).toEqual({
      dir: undefined,
      schedule: '30 2 * * *',
      keep: 14,
      passphrase: undefined,
      recipients: [],
      identityFile: undefined,
      operatorEmails: [],
      restic: undefined,
    });
  });

  it('takes every backup setting', () => {
    const c = parseConfig({
      FIELDKEEP_BACKUP_DIR: 'var/backups',
      FIELDKEEP_BACKUP_SCHEDULE: '15 3 * * 1-5',
      FIELDKEEP_BACKUP_KEEP: '30',
      FIELDKEEP_BACKUP_PASSPHRASE: 'twelve chars or more',
      FIELDKEEP_OPERATOR_EMAIL: 'ops@example.com, oncall@example.com',
      FIELDKEEP_RESTIC_REPOSITORY: 'sftp:backup@offsite.example.com:/fieldkeep',
      RESTIC_PASSWORD_FILE: '/etc/fieldkeep/restic-password',
    });
    expect(c.backup).toEqual({
      dir: path.resolve('var/backups'),
      schedule: '15 3 * * 1-5',
      keep: 30,
      passphrase: 'twelve chars or more',
      recipients: [],
      identityFile: undefined,
      operatorEmails: ['ops@example.com', 'oncall@example.com'],
      restic: { repository: 'sftp:backup@offsite.example.com:/fieldkeep', password: undefined, passwordFile: '/etc/fieldkeep/restic-password' },
    });
  });

  it('takes age recipients with the identity file verification needs', () => {
    const c = parseConfig({ FIELDKEEP_BACKUP_DIR: '/srv/b', FIELDKEEP_BACKUP_RECIPIENTS: `${RECIPIENT} ${RECIPIENT}`, FIELDKEEP_BACKUP_IDENTITY: 'keys/backup.txt' });
    expect(c.backup).toMatchObject({ recipients: [RECIPIENT, RECIPIENT], identityFile: path.resolve('keys/backup.txt'), passphrase: undefined });
  });

  it('reports every bad backup setting in one run', () => {
    const problems = problemsOf({
      FIELDKEEP_BACKUP_SCHEDULE: 'every night',
      FIELDKEEP_BACKUP_KEEP: '0',
      FIELDKEEP_BACKUP_PASSPHRASE: 'short',
      FIELDKEEP_BACKUP_RECIPIENTS: 'ssh-ed25519 AAAA',
      FIELDKEEP_OPERATOR_EMAIL: 'ops at example',
    });
    for (const name of ['FIELDKEEP_BACKUP_SCHEDULE', 'FIELDKEEP_BACKUP_KEEP', 'FIELDKEEP_BACKUP_PASSPHRASE', 'FIELDKEEP_BACKUP_RECIPIENTS', 'FIELDKEEP_OPERATOR_EMAIL']) {
      expect(problems.some((p) => p.startsWith(name)), name).toBe(true);
    }
    expect(problems).toContain('FIELDKEEP_BACKUP_PASSPHRASE and FIELDKEEP_BACKUP_RECIPIENTS: set one of them, not both');
  });

  it('refuses settings that cannot work together', () => {
    expect(problemsOf({ FIELDKEEP_BACKUP_DIR: '/srv/b' })).toEqual([expect.stringMatching(/FIELDKEEP_BACKUP_DIR: backups are encrypted; set FIELDKEEP_BACKUP_PASSPHRASE or FIELDKEEP_BACKUP_RECIPIENTS/)]);
    expect(problemsOf({ FIELDKEEP_BACKUP_DIR: '/srv/b', FIELDKEEP_BACKUP_RECIPIENTS: RECIPIENT })).toEqual([expect.stringMatching(/nightly verify needs FIELDKEEP_BACKUP_IDENTITY/)]);
    expect(problemsOf({ FIELDKEEP_RESTIC_REPOSITORY: '/srv/restic' })).toEqual([
      expect.stringMatching(/FIELDKEEP_RESTIC_REPOSITORY: off-site copies follow the nightly backup; set FIELDKEEP_BACKUP_DIR/),
      expect.stringMatching(/FIELDKEEP_RESTIC_REPOSITORY: set RESTIC_PASSWORD or RESTIC_PASSWORD_FILE/),
    ]);
  });
});
