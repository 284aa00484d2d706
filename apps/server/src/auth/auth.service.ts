import { LIMITS, type TLoginResponse, type TRole, type TSessionUser } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import { appendAudit } from '../audit/audit.repository.js';
import { AppError } from '../errors/app-error.js';
import { queueEmail } from '../mail/mail.service.js';
import { findTenantById } from '../tenants/tenants.repository.js';
import { bumpFailedSignIns, findUserById, findUserByLogin, findUsersByEmail, setSignInState, updateUser } from '../users/users.repository.js';
import type { UserRow } from '../db/schema.js';
import { withWriteTx, type WriteTx } from '../db/write.js';
import type { Actor } from './actor.js';
import {
  consumeUserToken,
  discardUserTokens,
  findLiveSession,
  insertSession,
  insertUserToken,
  revokeSession,
  revokeUserSessions,
  touchSession,
  type SessionKind,
  type TokenPurpose,
} from './auth.repository.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.js';
import { AttemptLimiter } from './rate-limit.js';
import { hashSecret, newSecret } from './tokens.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
}

export class AuthService {
  private readonly limiter = new AttemptLimiter(LIMITS.loginAttemptsPerMinutePerIp, MINUTE);

  constructor(private readonly ctx: AppContext) {}

  async signIn(
    input: { login: string; password: string },
    kind: SessionKind,
    req: RequestInfo,
  ): Promise<TLoginResponse> {
    const { database, clock } = this.ctx;
    const now = clock.now();
    if (!this.limiter.take(req.ip ?? 'unknown', now.getTime())) {
      throw new AppError('rate_limited', 'Too many sign-in attempts from this address. Wait a minute and try again.', {
        headers: { 'retry-after': '60' },
      });
    }
    const login = input.login.trim().toLowerCase();
    const user = await findUserByLogin(database.db, login);
    const nowIso = now.toISOString();
    if (!user || !user.password_hash) {
      await burnPasswordCheck(input.password);
      await this.auditFailedSignIn(user, login, req, nowIso, user ? 'no_password_set' : 'unknown_login');
      throw invalidCredentials();
    }
    if (user.locked_until && user.locked_until > nowIso) {
      await this.auditFailedSignIn(user, login, req, nowIso, 'locked');
      throw lockedError(user.locked_until);
    }
    const ok = await verifyPassword(input.password, user.password_hash);
    if (!ok) {
      const failures = await this.recordFailure(user, req, now);
      if (failures.lockedUntil) throw lockedError(failures.lockedUntil);
      throw invalidCredentials();
    }
    if (user.disabled_at) {
      await this.auditFailedSignIn(user, login, req, nowIso, 'disabled');
      throw new AppError('account_disabled', 'This account has been disabled. Ask your admin.');
    }
    const tenant = await findTenantById(database.db, user.tenant_id);
    if (!tenant) throw new AppError('internal_error', 'The account has no tenant.');
    const secret = newSecret();
    const expiresAt = new Date(now.getTime() + LIMITS.sessionDays * DAY).toISOString();
    await database.db.transaction().execute(async (trx) => {
      await insertSession(trx, {
        tenantId: user.tenant_id,
        userId: user.id,
        tokenHash: secret.hash,
        kind,
        now: nowIso,
        expiresAt,
        ip: req.ip,
        userAgent: req.userAgent,
      });
      await setSignInState(trx, user.id, { failed_sign_ins: 0, locked_until: null, last_sign_in_at: nowIso });
      await appendAudit(trx, nowIso, {
        tenantId: user.tenant_id,
        action: 'auth.sign_in',
        actorUserId: user.id,
        actorLogin: user.login,
        subject: user.id,
        ip: req.ip,
        details: { kind },
      });
    });
    const client = user.client_id ? await database.db.selectFrom('clients').select('name').where('id', '=', user.client_id).executeTakeFirst() : undefined;
    return { token: secret.token, expiresAt, user: toSessionUser(user, tenant, client?.name ?? null) };
  }

  /** A refused sign-in, in a transaction of its own (nothing else is written). */
  private async auditFailedSignIn(user: UserRow | undefined, login: string, req: RequestInfo, at: string, reason: string): Promise<void> {
    await this.ctx.database.db.transaction().execute((trx) =>
      appendAudit(trx, at, {
        tenantId: user?.tenant_id ?? null,
        action: 'auth.sign_in_failed',
        actorLogin: login,
        subject: user?.id ?? null,
        ip: req.ip,
        details: { reason },
      }),
    );
  }

  private async recordFailure(user: UserRow, req: RequestInfo, now: Date): Promise<{ lockedUntil: string | null }> {
    const nowIso = now.toISOString();
    return this.ctx.database.db.transaction().execute(async (trx) => {
      // Count atomically (the row is locked until commit), so failures checked at the same time
      // all count, and never undo a lock another attempt has just set.
      const fresh = await bumpFailedSignIns(trx, user.id);
      if (fresh.locked_until && fresh.locked_until > nowIso) return { lockedUntil: fresh.locked_until };
      const failures = fresh.failed_sign_ins;
      const lock = failures >= LIMITS.lockoutThreshold;
      const lockedUntil = lock ? new Date(now.getTime() + LIMITS.lockoutMinutes * MINUTE).toISOString() : null;
      if (lock) await setSignInState(trx, user.id, { failed_sign_ins: 0, locked_until: lockedUntil });
      await appendAudit(trx, nowIso, {
        tenantId: user.tenant_id,
        action: 'auth.sign_in_failed',
        actorLogin: user.login,
        subject: user.id,
        ip: req.ip,
        details: { reason: 'wrong_password', failures },
      });
      if (lockedUntil) {
        await appendAudit(trx, nowIso, {
          tenantId: user.tenant_id,
          action: 'auth.locked',
          actorLogin: user.login,
          subject: user.id,
          ip: req.ip,
          details: { until: lockedUntil, afterFailures: LIMITS.lockoutThreshold },
        });
      }
      return { lockedUntil };
    });
  }

  /** Resolves a session token to an actor, or undefined. Sliding `last_seen_at`, at most once a minute. */
  async authenticate(token: string): Promise<(Actor & { user: TSessionUser }) | undefined> {
    const { database, clock } = this.ctx;
    const now = clock.now();
    const s = await findLiveSession(database.read, hashSecret(token), now.toISOString());
    if (!s || s.disabledAt) return undefined;
    if (now.getTime() - Date.parse(s.lastSeenAt) > MINUTE) {
      await database.db.transaction().execute((trx) => touchSession(trx, s.sessionId, now.toISOString()));
    }
    const role = s.role as TRole;
    return {
      userId: s.userId,
      tenantId: s.tenantId,
      login: s.login,
      role,
      clientId: s.clientId,
      sessionId: s.sessionId,
      user: {
        id: s.userId,
        tenantId: s.tenantId,
        tenantName: s.tenantName,
        login: s.login,
        email: s.email,
        name: s.name,
        role,
        clientId: s.clientId,
        clientName: s.clientName,
        timeZone: s.timeZone,
      },
    };
  }

  async signOut(actor: Actor, req: RequestInfo): Promise<void> {
    const nowIso = this.ctx.clock.now().toISOString();
    await this.ctx.database.db.transaction().execute(async (trx) => {
      await revokeSession(trx, actor.sessionId, nowIso);
      await appendAudit(trx, nowIso, {
        tenantId: actor.tenantId,
        action: 'auth.sign_out',
        actorUserId: actor.userId,
        actorLogin: actor.login,
        subject: actor.userId,
        ip: req.ip,
      });
    });
  }

  /** Always succeeds from the caller's view, so it cannot be used to find out which accounts exist. */
  async requestPasswordReset(login: string, req: RequestInfo): Promise<void> {
    const { database, clock } = this.ctx;
    const now = clock.now();
    if (!this.limiter.take(`reset:${req.ip ?? 'unknown'}`, now.getTime())) {
      throw new AppError('rate_limited', 'Too many requests from this address. Wait a minute and try again.');
    }
    const name = login.trim().toLowerCase();
    // The form asks for an email address: it may be a user's sign-in name, or the email of a user
    // who signs in with a username. (An email shared by accounts in several tenants resets each.)
    const byLogin = await findUserByLogin(database.db, name);
    const users = byLogin ? [byLogin] : await findUsersByEmail(database.db, name);
    await withWriteTx(database, clock, async (tx) => {
      for (const user of users) {
        const sent = Boolean(user.email && !user.disabled_at);
        if (sent) await this.issueToken(tx, user, 'reset');
        await appendAudit(tx.trx, tx.now, {
          tenantId: user.tenant_id,
          action: 'auth.password_reset_requested',
          actorLogin: name,
          subject: user.id,
          ip: req.ip,
          details: { emailSent: sent, ...(!user.email ? { reason: 'no_email' } : user.disabled_at ? { reason: 'disabled' } : {}) },
        });
      }
      if (users.length === 0) {
        await appendAudit(tx.trx, tx.now, {
          tenantId: null,
          action: 'auth.password_reset_requested',
          actorLogin: name,
          ip: req.ip,
          details: { emailSent: false, reason: 'unknown_login' },
        });
      }
    });
    this.ctx.wakeOutbox();
  }

  /** Issues a single-use token and queues its email, in the caller's transaction. */
  async issueToken(tx: WriteTx, user: UserRow, purpose: TokenPurpose): Promise<void> {
    if (!user.email) throw new AppError('email_required', 'This user has no email address.');
    const secret = newSecret();
    const lifetime = purpose === 'reset' ? LIMITS.resetTokenMinutes * MINUTE : LIMITS.inviteTokenDays * DAY;
    const expiresAt = new Date(Date.parse(tx.now) + lifetime).toISOString();
    await insertUserToken(tx.trx, {
      tenantId: user.tenant_id,
      userId: user.id,
      purpose,
      tokenHash: secret.hash,
      now: tx.now,
      expiresAt,
    });
    const tenant = await findTenantById(tx.trx, user.tenant_id);
    const base = this.ctx.config.publicUrl;
    const email =
      purpose === 'reset'
        ? {
            subject: 'Reset your Fieldkeep password',
            text: `Hello ${user.name},\n\nSomeone (hopefully you) asked to reset the password for ${user.login}.\nChoose a new password here within ${LIMITS.resetTokenMinutes} minutes:\n\n${base}/reset-password?token=${secret.token}\n\nIf you did not ask, ignore this email: your password stays as it is.\n`,
          }
        : {
            subject: `You are invited to ${tenant?.name ?? 'Fieldkeep'} on Fieldkeep`,
            text: `Hello ${user.name},\n\nYou have been given a Fieldkeep account at ${tenant?.name ?? 'your company'}.\nYour sign-in name is ${user.login}. Choose your password here within ${LIMITS.inviteTokenDays} days:\n\n${base}/accept-invitation?token=${secret.token}\n`,
          };
    await queueEmail(tx, { tenantId: user.tenant_id, to: user.email, ...email });
  }

  async completeWithToken(purpose: TokenPurpose, token: string, password: string, req: RequestInfo): Promise<void> {
    const { database, clock } = this.ctx;
    const hash = await hashPassword(password);
    await withWriteTx(database, clock, async (tx) => {
      const t = await consumeUserToken(tx.trx, hashSecret(token), purpose, tx.now);
      if (!t) {
        throw new AppError('token_invalid', 'This link has expired or has already been used. Ask for a new one.');
      }
      if (purpose === 'invite' && (await findUserById(tx.trx, t.userId))?.password_hash) {
        throw new AppError('token_invalid', 'This invitation has already been accepted: sign in, or reset your password.');
      }
      // One link used: every other link of this user (an invitation, an older reset) stops working.
      await discardUserTokens(tx.trx, t.userId, tx.now);
      await updateUser(tx, t.tenantId, t.userId, { password_hash: hash, failed_sign_ins: 0, locked_until: null });
      await revokeUserSessions(tx.trx, t.userId, tx.now);
      await appendAudit(tx.trx, tx.now, {
        tenantId: t.tenantId,
        action: purpose === 'reset' ? 'auth.password_reset' : 'auth.invitation_accepted',
        actorUserId: t.userId,
        subject: t.userId,
        ip: req.ip,
      });
    });
  }
}

function invalidCredentials(): AppError {
  return new AppError('invalid_credentials', 'That sign-in name and password do not match.');
}

function lockedError(until: string): AppError {
  return new AppError(
    'account_locked',
    `Too many failed sign-ins: this account is locked until ${until}. Reset your password or ask your admin to unlock it.`,
  );
}

export function toSessionUser(user: UserRow, tenant: { name: string; timeZone: string }, clientName: string | null): TSessionUser {
  return {
    id: user.id,
    tenantId: user.tenant_id,
    tenantName: tenant.name,
    timeZone: tenant.timeZone,
    clientName,
    login: user.login,
    email: user.email,
    name: user.name,
    role: user.role as TRole,
    clientId: user.client_id,
  };
}
