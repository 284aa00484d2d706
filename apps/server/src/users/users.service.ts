import {
  ZCreateUserRequest,
  type TCreateUserRequest,
  type TUpdateUserRequest,
  type TUser,
} from '@fieldkeep/domain';
import type { z } from 'zod';
import { requireRole, type Actor } from '../auth/actor.js';
import type { AuthService } from '../auth/auth.service.js';
import { discardUserTokens, revokeUserSessions } from '../auth/auth.repository.js';
import { hashPassword } from '../auth/password.js';
import { appendAudit } from '../audit/audit.repository.js';
import { findClient } from '../clients/clients.repository.js';
import type { AppContext } from '../context.js';
import type { UserRowUpdate } from '../db/schema.js';
import { withWriteTx, type WriteTx } from '../db/write.js';
import { AppError, notFound } from '../errors/app-error.js';
import { newId } from '../ids.js';
import { findTenantUser, findUserByLogin, insertUser, listTenantUsers, updateUser, userRowToUser } from './users.repository.js';

type CreateUser = z.output<typeof ZCreateUserRequest>;

export class UsersService {
  constructor(
    private readonly ctx: AppContext,
    private readonly auth: AuthService,
  ) {}

  async list(actor: Actor | undefined): Promise<TUser[]> {
    const a = requireRole(actor, 'admin');
    const now = this.ctx.clock.now().toISOString();
    return (await listTenantUsers(this.ctx.database.read, a.tenantId)).map((r) => userRowToUser(r, now));
  }

  async get(actor: Actor | undefined, id: string): Promise<TUser> {
    const a = requireRole(actor, 'admin');
    const row = await findTenantUser(this.ctx.database.read, a.tenantId, id);
    if (!row) throw notFound('User');
    return userRowToUser(row, this.ctx.clock.now().toISOString());
  }

  async create(actor: Actor | undefined, input: CreateUser): Promise<TUser> {
    const a = requireRole(actor, 'admin');
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    const { value } = await withWriteTx(this.ctx.database, this.ctx.clock, (tx) =>
      createUserInTx(tx, this.auth, { tenantId: a.tenantId, actor: a, input, passwordHash }),
    );
    this.ctx.wakeOutbox();
    return value;
  }

  async update(actor: Actor | undefined, id: string, input: TUpdateUserRequest): Promise<TUser> {
    const a = requireRole(actor, 'admin');
    const { value } = await withWriteTx(this.ctx.database, this.ctx.clock, async (tx) => {
      const row = await findTenantUser(tx.trx, a.tenantId, id);
      if (!row) throw notFound('User');
      const role = input.role ?? row.role;
      const clientId = input.clientId !== undefined ? input.clientId : row.client_id;
      if (role === 'client' && !clientId) {
        throw validation('clientId', 'A client user belongs to one client organisation.');
      }
      if (role !== 'client' && clientId && (input.role !== undefined || input.clientId)) {
        throw validation('clientId', 'Only client users belong to a client organisation.');
      }
      if (role === 'client' && clientId && !(await findClient(tx.trx, a.tenantId, clientId))) {
        throw validation('clientId', 'No such client organisation.');
      }
      if (id === a.userId && (input.disabled === true || (input.role && input.role !== 'admin'))) {
        throw new AppError('conflict', 'You cannot disable yourself or remove your own admin role.');
      }
      const patch: UserRowUpdate = {};
      if (input.name !== undefined) patch.name = input.name;
      if (input.email !== undefined) patch.email = input.email;
      if (input.role !== undefined) patch.role = input.role;
      patch.client_id = role === 'client' ? clientId : null;
      if (input.disabled !== undefined) patch.disabled_at = input.disabled ? (row.disabled_at ?? tx.now) : null;
      if (input.unlock) {
        patch.locked_until = null;
        patch.failed_sign_ins = 0;
      }
      const updated = await updateUser(tx, a.tenantId, id, patch);
      if (input.disabled === true) await revokeUserSessions(tx.trx, id, tx.now);
      // Links already mailed went to the old address: whoever reads that mailbox must not get in.
      if (input.email !== undefined && input.email !== row.email) await discardUserTokens(tx.trx, id, tx.now);
      await appendAudit(tx.trx, tx.now, {
        tenantId: a.tenantId,
        action: 'user.updated',
        actorUserId: a.userId,
        actorLogin: a.login,
        subject: id,
        details: { fields: Object.keys(input) },
      });
      return userRowToUser(updated, tx.now);
    });
    return value;
  }

  async setPassword(actor: Actor | undefined, id: string, password: string): Promise<void> {
    const a = requireRole(actor, 'admin');
    const hash = await hashPassword(password);
    await withWriteTx(this.ctx.database, this.ctx.clock, async (tx) => {
      const row = await findTenantUser(tx.trx, a.tenantId, id);
      if (!row) throw notFound('User');
      await updateUser(tx, a.tenantId, id, { password_hash: hash, failed_sign_ins: 0, locked_until: null });
      // Everyone signed in as this user must sign in again with the new password, and a reset or
      // invitation link still lying in a mailbox must not replace the password the admin just set.
      if (id !== a.userId) await revokeUserSessions(tx.trx, id, tx.now);
      await discardUserTokens(tx.trx, id, tx.now);
      await appendAudit(tx.trx, tx.now, {
        tenantId: a.tenantId,
        action: 'user.password_set',
        actorUserId: a.userId,
        actorLogin: a.login,
        subject: id,
      });
    });
  }

  async resendInvitation(actor: Actor | undefined, id: string): Promise<void> {
    const a = requireRole(actor, 'admin');
    await withWriteTx(this.ctx.database, this.ctx.clock, async (tx) => {
      const row = await findTenantUser(tx.trx, a.tenantId, id);
      if (!row) throw notFound('User');
      if (!row.email) throw new AppError('email_required', 'Add an email address first: this user has none.');
      if (row.password_hash) throw new AppError('conflict', 'This user has already set a password.');
      await this.auth.issueToken(tx, row, 'invite');
      await appendAudit(tx.trx, tx.now, {
        tenantId: a.tenantId,
        action: 'auth.invitation_sent',
        actorUserId: a.userId,
        actorLogin: a.login,
        subject: id,
      });
    });
    this.ctx.wakeOutbox();
  }
}

/** Creates a user in the caller's transaction (used by the API, the CLI and the demo seed). */
export async function createUserInTx(
  tx: WriteTx,
  auth: Pick<AuthService, 'issueToken'> | undefined,
  opts: { tenantId: string; actor: Actor | null; input: CreateUser | TCreateUserRequest; passwordHash: string | null },
): Promise<TUser> {
  const input = ZCreateUserRequest.parse(opts.input);
  const login = input.login ?? input.email;
  if (!login) throw validation('login', 'Give an email address or a sign-in name.');
  if (await findUserByLogin(tx.trx, login)) {
    throw new AppError('login_taken', `The sign-in name ${login} is already in use.`);
  }
  if (input.clientId && !(await findClient(tx.trx, opts.tenantId, input.clientId))) {
    throw validation('clientId', 'No such client organisation.');
  }
  const row = await insertUser(tx, {
    id: newId(),
    tenant_id: opts.tenantId,
    login,
    email: input.email ?? null,
    name: input.name,
    role: input.role,
    client_id: input.clientId ?? null,
    password_hash: opts.passwordHash,
    disabled_at: null,
    failed_sign_ins: 0,
    locked_until: null,
    last_sign_in_at: null,
  });
  await appendAudit(tx.trx, tx.now, {
    tenantId: opts.tenantId,
    action: 'user.created',
    actorUserId: opts.actor?.userId ?? null,
    actorLogin: opts.actor?.login ?? 'system',
    subject: row.id,
    details: { role: row.role, login: row.login },
  });
  if (!opts.passwordHash && input.sendInvitation && row.email && auth) {
    await auth.issueToken(tx, row, 'invite');
    await appendAudit(tx.trx, tx.now, {
      tenantId: opts.tenantId,
      action: 'auth.invitation_sent',
      actorUserId: opts.actor?.userId ?? null,
      actorLogin: opts.actor?.login ?? 'system',
      subject: row.id,
    });
  }
  return userRowToUser(row, tx.now);
}

function validation(path: string, message: string): AppError {
  return new AppError('validation_failed', message, { issues: [{ path, message }] });
}
