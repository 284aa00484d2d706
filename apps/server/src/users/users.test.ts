import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS, type TUser } from '@fieldkeep/domain';
import { DIALECTS } from '../testing/dialects.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

const NEW_PASSWORD = 'set-by-the-admin-123';
let seq = 0;
const unique = (what: string) => `${what}.${++seq}.${Math.random().toString(36).slice(2, 7)}`;
let ipSeq = 0;
const nextIp = () => `10.50.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

type Issue = { path: string; message: string };

for (const dialect of DIALECTS) {
  describe(`user administration (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let other: BuiltTenant;
    let admin = '';
    let otherAdmin = '';

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'users' });
      t = await buildTenant(s);
      other = await buildTenant(s);
      admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
      otherAdmin = await s.signIn(other.users.admin.login, TEST_PASSWORD);
    });
    afterAll(async () => s?.stop());

    const signIn = (login: string, password: string) => s.call('POST', '/api/auth/login', { body: { email: login, password }, ip: nextIp() });
    const me = async (token: string) => (await s.call('GET', '/api/auth/me', { token })).statusCode;
    const create = (body: Record<string, unknown>, token = admin) => s.call('POST', '/api/users', { token, body });
    const created = async (body: Record<string, unknown>, token = admin) => {
      const res = await create(body, token);
      expect(res.statusCode).toBe(201);
      return (res.json() as { user: TUser }).user;
    };
    const list = async (token = admin) => {
      const res = await s.call('GET', '/api/users', { token });
      expect(res.statusCode).toBe(200);
      return (res.json() as { users: TUser[] }).users;
    };
    const getUser = async (id: string) => (await s.call('GET', `/api/users/${id}`, { token: admin })).json() as { user: TUser };
    const invitationsTo = async (email: string) =>
      (await s.ctx.database.db.selectFrom('outbox').select('payload').execute()).filter((r) => (JSON.parse(r.payload) as { to: string }).to === email).length;

    it('lists the tenant’s users and flags those without email, who cannot reset a password themselves', async () => {
      const yard = await created({ name: 'Yard Hand', login: unique('yard'), role: 'engineer', password: TEST_PASSWORD });
      const users = await list();
      const byId = new Map(users.map((u) => [u.id, u]));
      expect(byId.get(yard.id)).toMatchObject({ email: null, canResetPassword: false, hasPassword: true });
      for (const role of ['admin', 'office', 'engineer', 'client'] as const) {
        expect(byId.get(t.users[role].id)).toMatchObject({ role, canResetPassword: true });
      }
      expect(users.filter((u) => !u.canResetPassword).map((u) => u.id)).toEqual([yard.id]);
      // Another tenant's users never appear.
      const otherIds = Object.values(other.users).map((u) => u.id);
      expect(users.some((u) => otherIds.includes(u.id))).toBe(false);
    });

    it('lets only admins manage users', async () => {
      for (const role of ['office', 'engineer', 'client'] as const) {
        const token = await s.signIn(t.users[role].login, TEST_PASSWORD);
        const calls = [
          await s.call('GET', '/api/users', { token }),
          await s.call('GET', `/api/users/${t.users.engineer.id}`, { token }),
          await create({ name: 'Sneaky', email: `${unique('sneaky')}@example.test`, role: 'admin' }, token),
          await s.call('PATCH', `/api/users/${t.users.engineer.id}`, { token, body: { role: 'admin' } }),
          await s.call('POST', `/api/users/${t.users.engineer.id}/password`, { token, body: { password: NEW_PASSWORD } }),
        ];
        for (const res of calls) {
          expect(res.statusCode).toBe(403);
          expect(res.json()).toMatchObject({ error: { code: 'forbidden' } });
        }
      }
      const anon = await s.call('GET', '/api/users');
      expect(anon.statusCode).toBe(401);
      expect(anon.json()).toMatchObject({ error: { code: 'unauthenticated' } });
      expect((await getUser(t.users.engineer.id)).user.role).toBe('engineer');
      expect((await signIn(t.users.engineer.login, NEW_PASSWORD)).statusCode).toBe(401);
    });

    it('requires a client organisation of this tenant for a client user', async () => {
      const email = `${unique('portal')}@example.test`;
      const missing = await create({ name: 'Portal User', email, role: 'client' });
      expect(missing.statusCode).toBe(400);
      const body = missing.json() as { error: { code: string; issues: Issue[] } };
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.issues.some((i) => i.path.includes('clientId'))).toBe(true);

      const foreign = await create({ name: 'Portal User', email, role: 'client', clientId: other.clientId });
      expect(foreign.statusCode).toBe(400);
      expect((foreign.json() as { error: { issues: Issue[] } }).error.issues.some((i) => i.path.includes('clientId'))).toBe(true);
      expect((await list()).some((u) => u.login === email)).toBe(false);
      expect(await invitationsTo(email)).toBe(0);

      const office = await create({ name: 'Office With Client', email, role: 'office', clientId: t.clientId });
      expect(office.statusCode).toBe(400);

      const ok = await created({ name: 'Portal User', email, role: 'client', clientId: t.clientId });
      expect(ok).toMatchObject({ role: 'client', clientId: t.clientId });
    });

    it('keeps sign-in names unique across the whole server, whatever the case', async () => {
      const email = `${unique('shared')}@example.test`;
      await created({ name: 'First Claim', email, role: 'office' });
      for (const [token, login] of [
        [otherAdmin, email],
        [admin, email.toUpperCase()],
      ] as const) {
        const res = await create({ name: 'Second Claim', email: login, role: 'office' }, token);
        expect(res.statusCode).toBe(409);
        expect(res.json()).toMatchObject({ error: { code: 'login_taken' } });
      }
      const byName = await create({ name: 'Name Clash', login: t.users.office.login, email: `${unique('clash')}@example.test`, role: 'office' }, otherAdmin);
      expect(byName.json()).toMatchObject({ error: { code: 'login_taken' } });
      expect(await invitationsTo(email)).toBe(1);
      expect((await list(otherAdmin)).some((u) => u.login === email)).toBe(false);
    });

    it('answers login_taken, not a server error, to all but one of several admins adding the same sign-in name at once', async () => {
      // A few rounds: on PostgreSQL the requests really run side by side and race to the unique index.
      for (let round = 0; round < 3; round++) {
        const email = `${unique('race')}@example.test`;
        const results = await Promise.all(
          [admin, otherAdmin, admin, otherAdmin].map((token, i) => create({ name: `Racer ${i}`, email, role: 'office' }, token)),
        );
        expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
        for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json()).toMatchObject({ error: { code: 'login_taken' } });
        expect(await invitationsTo(email)).toBe(1);
      }
    });

    it('unlocks a locked-out user so they can sign in at once', async () => {
      const login = `${unique('fumble')}@example.test`;
      const u = await created({ name: 'Fumbler', email: login, role: 'engineer', password: TEST_PASSWORD });
      for (let i = 0; i < LIMITS.lockoutThreshold; i++) await signIn(login, `wrong-guess-${i}`);
      expect((await signIn(login, TEST_PASSWORD)).json()).toMatchObject({ error: { code: 'account_locked' } });
      expect((await getUser(u.id)).user.lockedUntil).not.toBeNull();
      expect((await list()).find((x) => x.id === u.id)?.lockedUntil).not.toBeNull();

      const res = await s.call('PATCH', `/api/users/${u.id}`, { token: admin, body: { unlock: true } });
      expect(res.statusCode).toBe(200);
      expect((res.json() as { user: TUser }).user.lockedUntil).toBeNull();
      expect((await signIn(login, TEST_PASSWORD)).statusCode).toBe(200);
    });

    it('does not let an admin disable themselves or drop their own admin role', async () => {
      for (const body of [{ disabled: true }, { role: 'office' }]) {
        const res = await s.call('PATCH', `/api/users/${t.users.admin.id}`, { token: admin, body });
        expect(res.statusCode).toBe(409);
        expect(res.json()).toMatchObject({ error: { code: 'conflict' } });
      }
      expect(await me(admin)).toBe(200);
      expect((await getUser(t.users.admin.id)).user).toMatchObject({ role: 'admin', disabled: false });
    });

    it('sets a password for a user: they sign in with it and every session they had ends', async () => {
      const login = `${unique('forgetful')}@example.test`;
      const u = await created({ name: 'Forgetful', email: login, role: 'engineer', password: TEST_PASSWORD });
      const phone = await s.signIn(login, TEST_PASSWORD);

      const short = await s.call('POST', `/api/users/${u.id}/password`, { token: admin, body: { password: 'short' } });
      expect(short.statusCode).toBe(400);
      expect(short.json()).toMatchObject({ error: { code: 'validation_failed' } });
      expect(await me(phone)).toBe(200);

      const res = await s.call('POST', `/api/users/${u.id}/password`, { token: admin, body: { password: NEW_PASSWORD } });
      expect(res.statusCode).toBe(200);
      expect(await me(phone)).toBe(401);
      expect((await signIn(login, TEST_PASSWORD)).statusCode).toBe(401);
      expect((await signIn(login, NEW_PASSWORD)).statusCode).toBe(200);
      expect(await me(admin)).toBe(200);
    });

    it('an invitation link stops working once the admin has set the password', async () => {
      const login = `${unique('invited')}@example.test`;
      const u = await created({ name: 'Invited', email: login, role: 'office' });
      const token = await inviteTokenFromOutbox(s, login);
      expect((await s.call('POST', `/api/users/${u.id}/password`, { token: admin, body: { password: NEW_PASSWORD } })).statusCode).toBe(200);

      const res = await s.call('POST', '/api/auth/invitation/accept', { body: { token, password: 'whoever-had-the-email' } });
      expect(res.json()).toMatchObject({ error: { code: 'token_invalid' } });
      expect((await signIn(login, NEW_PASSWORD)).statusCode).toBe(200);
    });

    it('a link mailed to a user’s old address stops working when the admin changes the address', async () => {
      const typo = `${unique('typo')}@exmaple.test`;
      const u = await created({ name: 'Typo', email: typo, role: 'office' });
      const token = await inviteTokenFromOutbox(s, typo);
      const fixed = `${unique('fixed')}@example.test`;
      const res = await s.call('PATCH', `/api/users/${u.id}`, { token: admin, body: { email: fixed } });
      expect(res.statusCode).toBe(200);
      expect((res.json() as { user: TUser }).user.email).toBe(fixed);

      const stranger = await s.call('POST', '/api/auth/invitation/accept', { body: { token, password: 'a-strangers-passphrase' } });
      expect(stranger.json()).toMatchObject({ error: { code: 'token_invalid' } });
      expect((await getUser(u.id)).user.hasPassword).toBe(false);

      // The admin resends to the right address, and that link works.
      expect((await s.call('POST', `/api/users/${u.id}/invitation`, { token: admin, body: {} })).statusCode).toBe(200);
      const fresh = await inviteTokenFromOutbox(s, fixed);
      expect((await s.call('POST', '/api/auth/invitation/accept', { body: { token: fresh, password: NEW_PASSWORD } })).statusCode).toBe(200);
    });

    it('never lets an admin touch another tenant’s user', async () => {
      const target = other.users.engineer.id;
      expect((await s.call('GET', `/api/users/${target}`, { token: admin })).statusCode).toBe(404);
      expect((await s.call('PATCH', `/api/users/${target}`, { token: admin, body: { disabled: true } })).statusCode).toBe(404);
      expect((await s.call('POST', `/api/users/${target}/password`, { token: admin, body: { password: NEW_PASSWORD } })).statusCode).toBe(404);
      expect((await signIn(other.users.engineer.login, TEST_PASSWORD)).statusCode).toBe(200);
    });

    it('records users in the change log and never a password hash', async () => {
      const login = `${unique('logged')}@example.test`;
      const u = await created({ name: 'Logged', email: login, role: 'engineer', password: TEST_PASSWORD });
      await s.call('POST', `/api/users/${u.id}/password`, { token: admin, body: { password: NEW_PASSWORD } });
      await s.call('PATCH', `/api/users/${u.id}`, { token: admin, body: { name: 'Logged Renamed' } });

      const db = s.ctx.database.db;
      const rows = await db.selectFrom('change_log').selectAll().where('entity', '=', 'user').where('entity_id', '=', u.id).orderBy('position').execute();
      expect(rows.length).toBeGreaterThanOrEqual(3);
      expect(rows[0]).toMatchObject({ tenant_id: t.tenant.id, op: 'put' });
      expect(JSON.parse(rows[0]!.data)).toMatchObject({ id: u.id, login, email: login, role: 'engineer', name: 'Logged' });
      expect(JSON.parse(rows.at(-1)!.data)).toMatchObject({ name: 'Logged Renamed' });

      const hashes = (await db.selectFrom('users').select('password_hash').where('password_hash', 'is not', null).execute()).map((r) => r.password_hash!);
      const everything = (await db.selectFrom('change_log').select('data').execute()).map((r) => r.data).join('\n');
      expect(everything).not.toMatch(/scrypt\$|password/i);
      for (const h of hashes) expect(everything).not.toContain(h.split('$').at(-1)!);
    });
  });
}

/** The invitation token from the newest email queued to this address (the outbox row carries the text). */
async function inviteTokenFromOutbox(s: TestServer, email: string): Promise<string> {
  const rows = await s.ctx.database.db.selectFrom('outbox').select(['payload', 'created_at', 'id']).orderBy('created_at').orderBy('id').execute();
  const texts = rows.map((r) => JSON.parse(r.payload) as { to: string; text: string }).filter((p) => p.to === email);
  const m = /\/accept-invitation\?token=([\w-]+)/.exec(texts.at(-1)?.text ?? '');
  if (!m?.[1]) throw new Error(`no invitation queued to ${email}`);
  return m[1];
}
