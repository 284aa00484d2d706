import type { TRole } from '@fieldkeep/domain';
import { AppError } from '../errors/app-error.js';

/** Who is making a request: resolved from the session cookie or bearer token. */
export interface Actor {
  userId: string;
  tenantId: string;
  login: string;
  role: TRole;
  clientId: string | null;
  sessionId: string;
}

/** First line of every service that needs a signed-in user of certain roles. */
export function requireRole(actor: Actor | undefined, ...roles: TRole[]): Actor {
  if (!actor) throw new AppError('unauthenticated', 'Sign in first.');
  if (roles.length > 0 && !roles.includes(actor.role)) {
    throw new AppError('forbidden', 'Your role does not allow this.');
  }
  return actor;
}
