import { z } from 'zod';
import { LIMITS } from './limits.js';
import { ZId, ZTimestamp } from './ids.js';
import { ZRole } from './roles.js';
import { ZLogin, ZPassword } from './auth.js';

export const ZUser = z
  .object({
    id: ZId,
    login: z.string(),
    email: z.string().nullable(),
    name: z.string(),
    role: ZRole,
    clientId: ZId.nullable(),
    disabled: z.boolean(),
    /** False until the user has set a password (e.g. an invitation not yet accepted). */
    hasPassword: z.boolean(),
    lockedUntil: ZTimestamp.nullable(),
    lastSignInAt: ZTimestamp.nullable(),
    createdAt: ZTimestamp,
    /** Users without an email cannot reset their own password: the admin's list flags them. */
    canResetPassword: z.boolean(),
  })
  .meta({ id: 'User' });
export type TUser = z.infer<typeof ZUser>;

const ZEmail = z.email().max(LIMITS.loginMaxLength).transform((s) => s.toLowerCase());

export const ZCreateUserRequest = z
  .object({
    name: z.string().trim().min(1).max(LIMITS.nameMaxLength),
    /** Defaults to the email address. Required when there is no email. */
    login: ZLogin.optional(),
    email: ZEmail.nullable().optional(),
    role: ZRole,
    /** Required for (and only for) role "client". */
    clientId: ZId.nullable().optional(),
    /** Set a password now (for people without email), or leave it out and send an invitation. */
    password: ZPassword.optional(),
    sendInvitation: z.boolean().default(true),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.email && !v.login) {
      ctx.addIssue({ code: 'custom', path: ['login'], message: 'Give an email address or a sign-in name.' });
    }
    if (v.role === 'client' && !v.clientId) {
      ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'A client user belongs to one client organisation.' });
    }
    if (v.role !== 'client' && v.clientId) {
      ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'Only client users belong to a client organisation.' });
    }
    if (!v.email && !v.password) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'A user without email cannot be invited: set a password.' });
    }
  })
  .meta({ id: 'CreateUserRequest' });
export type TCreateUserRequest = z.input<typeof ZCreateUserRequest>;

export const ZUpdateUserRequest = z
  .object({
    name: z.string().trim().min(1).max(LIMITS.nameMaxLength).optional(),
    email: ZEmail.nullable().optional(),
    role: ZRole.optional(),
    clientId: ZId.nullable().optional(),
    disabled: z.boolean().optional(),
    /** Clears a lockout after too many failed sign-ins. */
    unlock: z.literal(true).optional(),
  })
  .strict()
  .meta({ id: 'UpdateUserRequest' });
export type TUpdateUserRequest = z.infer<typeof ZUpdateUserRequest>;

export const ZAdminSetPasswordRequest = z
  .object({ password: ZPassword })
  .strict()
  .meta({ id: 'AdminSetPasswordRequest' });

export const ZUserList = z.object({ users: z.array(ZUser) }).meta({ id: 'UserList' });
