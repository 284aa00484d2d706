import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { pendingMigrations } from '../db/database.js';
import type { ZApp } from '../http/types.js';

const ZHealth = z.object({ status: z.enum(['ok', 'not_ready']), checks: z.record(z.string(), z.string()).optional() });

export function registerHealthRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/health/live', { config: { public: true }, schema: { tags: ['health'], summary: 'The process is up', response: { 200: ZHealth } } }, () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/health/ready',
    { config: { public: true }, schema: { tags: ['health'], summary: 'Ready to serve: database answers, schema current', response: { 200: ZHealth, 503: ZHealth } } },
    async (_req, reply) => {
      const checks: Record<string, string> = {};
      try {
        await sql`select 1`.execute(ctx.database.read);
        checks.database = 'ok';
        const pending = await pendingMigrations(ctx.database.db);
        checks.migrations = pending.length === 0 ? 'ok' : `pending: ${pending.join(', ')}`;
      } catch (err) {
        checks.database = `error: ${(err as Error).message}`;
      }
      const ok = Object.values(checks).every((v) => v === 'ok');
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'not_ready', checks });
    },
  );
}
