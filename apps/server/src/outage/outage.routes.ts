import { ZErrorBody, ZOutage, ZOutageNotice, ZOutageNotifyRequest } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import type { ReplicationHub } from '../replication/hub.js';
import { notifyStaff, outageState } from './outage.service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody } as const;

/**
 * The outage drill (docs/operations.md): `GET /api/outage` — the fallback procedure, the newest pack,
 * the customer script and whom an email reaches; `POST /api/outage/notify` — email staff from an
 * office replica while the primary is unreachable (admin, office).
 */
export function registerOutageRoutes(app: ZApp, ctx: AppContext, hub: ReplicationHub): void {
  app.get(
    '/api/outage',
    { schema: { tags: ['replication'], summary: 'The outage procedure, newest fallback pack, customer script and staff to tell (admin, office)', response: { 200: ZOutage, ...errors } } },
    async (req) => outageState(ctx, hub, req.actor),
  );
  app.post(
    '/api/outage/notify',
    {
      schema: {
        tags: ['replication'],
        summary: 'Email every member of staff that the system is down and what to do — on an office replica while the primary is unreachable (admin, office)',
        body: ZOutageNotifyRequest,
        response: { 201: ZOutageNotice, ...errors, 409: ZErrorBody },
      },
    },
    async (req, reply) => reply.status(201).send(await notifyStaff(ctx, hub, req.actor, req.body)),
  );
}
