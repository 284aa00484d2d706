import { SYNC_PROTOCOL_VERSION, ZPushResponse, type TPushRequest } from '@fieldkeep/domain';
import type { Session } from '../store/schema';
import { APP_VERSION } from '../version';
import { BlobProblem, uploadBlobsFor } from './blob-upload';
import { call, HttpError } from './http';
import { ackUpTo, readBatch } from './outbox-store';

/**
 * Sends the outbox, oldest first, in batches within SYNC_LIMITS. A mutation leaves the outbox only
 * when a successful answer's `lastMutationId` covers it (or a 409 out_of_order names it as applied).
 * Network errors and 5xx (503 replica_unavailable included) are thrown: everything is kept and the
 * engine retries the same batch later.
 */
export type PushOutcome =
  | { kind: 'done'; cursor?: string }
  | { kind: 'needs-update'; message: string }
  | { kind: 'auth'; code: 'device_revoked' | 'unauthenticated'; message: string }
  | { kind: 'stuck'; message: string };

const numberField = (body: Record<string, unknown>, key: string): number | undefined => (typeof body[key] === 'number' ? body[key] : undefined);

export async function pushOutbox(session: Session): Promise<PushOutcome> {
  let cursor: string | undefined;
  let stalled = 0;
  for (;;) {
    const batch = await readBatch();
    if (batch.length === 0) return { kind: 'done', cursor };
    const first = batch[0]!.id;
    try {
      await uploadBlobsFor(batch, session.token);
      const body: TPushRequest = {
        protocolVersion: SYNC_PROTOCOL_VERSION,
        clientId: session.clientId,
        mutations: batch.map(({ id, name, args }) => ({ id, name, args })),
        appVersion: APP_VERSION,
      };
      const { data } = await call('POST', '/api/sync/push', { token: session.token, json: body });
      const answer = ZPushResponse.parse(data);
      cursor = answer.cursor;
      const moved = await ackUpTo(session.clientId, answer.lastMutationId);
      stalled = moved > 0 ? 0 : stalled + 1;
      if (stalled >= 2) return { kind: 'stuck', message: `The server did not take change ${first} (it reports up to ${answer.lastMutationId}).` };
    } catch (err) {
      if (err instanceof BlobProblem) return { kind: 'stuck', message: err.message };
      if (!(err instanceof HttpError) || err.transient) throw err;
      const last = numberField(err.body, 'lastMutationId');
      switch (err.code) {
        case 'out_of_order': {
          // The server has everything up to `last`: drop those, resend from there.
          const moved = last === undefined ? 0 : await ackUpTo(session.clientId, last);
          if (moved === 0) {
            return { kind: 'stuck', message: `The server is missing changes before ${first} (it has up to ${last ?? '?'}). Tell the office; your changes stay on this phone.` };
          }
          continue;
        }
        case 'unsupported_mutation':
          if (last !== undefined) await ackUpTo(session.clientId, last);
          return { kind: 'needs-update', message: 'Needs app update: the server does not know some of this app’s changes yet. They stay on this phone and are sent once Fieldkeep is updated.' };
        case 'device_revoked':
        case 'unauthenticated':
          return { kind: 'auth', code: err.code, message: err.message };
        default:
          return { kind: 'stuck', message: `Changes could not be sent: ${err.message}` };
      }
    }
  }
}
