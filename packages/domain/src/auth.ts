import { z } from 'zod';
import { LIMITS } from './limits.js';
import { ZId, ZTimestamp } from './ids.js';
import { ZRole } from './roles.js';

export const ZPassword = z
  .string()
  .min(LIMITS.passwordMinLength, `Use at least ${LIMITS.passwordMinLength} characters.`)
  .max(LIMITS.passwordMaxLength);

/** A sign-in name: normally an email address; a plain username for people without email. */
export const ZLogin = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.loginMaxLength)
  .regex(/^[^\s]+$/, 'A sign-in name has no spaces.')
  .transform((s) => s.toLowerCase());

/** DESIGN.md sync protocol: `email` holds the sign-in name. */
export const ZLoginRequest = z
  .object({
    email: z.string().min(1).max(LIMITS.loginMaxLength),
    password: z.string().min(1).max(LIMITS.passwordMaxLength),
  })
  .strict()
  .meta({ id: 'LoginRequest' });
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZSessionUser = z
  .object({
    id: ZId,
    tenantId: ZId,
    tenantName: z.string(),
    login: z.string(),
    email: z.string().nullable(),
    name: z.string(),
    role: ZRole,
    clientId: ZId.nullable(),
    /** The client organisation's name, for client users (the portal's title). */
    clientName: z.string().nullable(),
    /** The tenant's IANA time zone: every date on screen is shown in it. */
    timeZone: z.string(),
  })
  .meta({ id: 'SessionUser' });
export type TSessionUser = z.infer<typeof ZSessionUser>;

export const ZLoginResponse = z
  .object({ token: z.string(), expiresAt: ZTimestamp, user: ZSessionUser })
  .meta({ id: 'LoginResponse' });
export type TLoginResponse = z.infer<typeof ZLoginResponse>;

export const ZPasswordResetRequest = z
  .object({ email: z.string().min(1).max(LIMITS.loginMaxLength) })
  .strict()
  .meta({ id: 'PasswordResetRequest' });
export type TPasswordResetRequest = z.infer<typeof ZPasswordResetRequest>;

/** Completes a reset or accepts an invitation: both carry a single-use token from an email. */
export const ZSetPasswordWithToken = z
  .object({ token: z.string().min(20).max(200), password: ZPassword })
  .strict()
  .meta({ id: 'SetPasswordWithToken' });
export type TSetPasswordWithToken = z.infer<typeof ZSetPasswordWithToken>;

export const ZOk = z.object({ ok: z.literal(true) }).meta({ id: 'Ok' });
