import { ZPullResponse } from '@fieldkeep/domain';
import type { Session } from '../store/schema';
import { APP_VERSION } from '../version';
import { call } from './http';
import { maxAckedId } from './outbox-store';
import { applyPage, readPullState } from './pull-store';

/** Pages through GET /api/sync/pull until `hasMore` is false. Errors are thrown to the engine. */
export type PullOutcome = { kind: 'done' } | { kind: 'reset' };

const MAX_PAGES = 10_000; // a guard against a server that never says hasMore: false

export async function pullAll(session: Session): Promise<PullOutcome> {
  const ackedUpTo = await maxAckedId();
  let { cursor } = await readPullState();
  for (let page = 0; page < MAX_PAGES; page++) {
    const { ackRejections } = await readPullState();
    const q = new URLSearchParams({ clientId: session.clientId, cursor, appVersion: APP_VERSION });
    if (ackRejections !== undefined) q.set('ackRejections', String(ackRejections));
    const { data } = await call('GET', `/api/sync/pull?${q.toString()}`, { token: session.token });
    const answer = ZPullResponse.parse(data);
    // The server can no longer answer from our cursor: this page's changes are not to be applied.
    if (answer.reset) return { kind: 'reset' };
    await applyPage(answer, !answer.hasMore, ackedUpTo);
    if (!answer.hasMore) return { kind: 'done' };
    cursor = answer.cursor;
  }
  throw new Error('The server kept answering "more to come"; sync stopped to protect the phone.');
}
