import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TSessionUser } from '@fieldkeep/domain';
import type { Actor } from '../auth/actor.js';

export type ZApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, when the request carried a live session; services call requireRole(). */
    actor: (Actor & { user: TSessionUser }) | undefined;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in. */
    public?: boolean;
    /** Takes a raw (non-JSON) body, e.g. a blob upload. */
    rawBody?: boolean;
  }
}

export const requestInfo = (req: { ip: string; headers: Record<string, string | string[] | undefined> }) => ({
  ip: req.ip || null,
  userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 300) : null,
});
