import type { TMutationInput, TOutage, TOutageNotice, TOutageNotifyRequest, TReplicaQueueable, TReplicaQueueItem, TServerState } from '@fieldkeep/domain';
import { request } from './http';

/** A replication token as the admin sees it (the secret is shown once, when made). */
export interface ReplicationToken {
  id: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

/** This server's role and acknowledgement (the banner), degraded acknowledgement, work queued on a replica. */
export const serverApi = {
  serverState: () => request<TServerState>('GET', '/api/server/state'),
  setDegradedAck: (degraded: boolean) => request<{ ack: TServerState['ack'] }>('PUT', '/api/server/ack', { degraded }),

  listReplicationTokens: () => request<{ tokens: ReplicationToken[] }>('GET', '/api/server/replication-tokens'),
  createReplicationToken: (name: string) => request<{ id: string; name: string; token: string }>('POST', '/api/server/replication-tokens', { name }),
  revokeReplicationToken: (id: string) => request<{ revoked: boolean }>('POST', `/api/server/replication-tokens/${id}/revoke`, {}),

  listReplicaQueue: () => request<{ items: TReplicaQueueItem[] }>('GET', '/api/replica/queue'),
  /** On a replica: records a change as a sync mutation for the primary (docs/sync.md "Office replica"). */
  queueWork: <N extends TReplicaQueueable>(name: N, args: TMutationInput<N>, summary: string) =>
    request<TReplicaQueueItem>('POST', '/api/replica/queue', { name, args, summary }),

  /** The outage drill on a replica (docs/operations.md "Outage drill"). */
  outage: () => request<TOutage>('GET', '/api/outage'),
  notifyStaff: (input: TOutageNotifyRequest) => request<TOutageNotice>('POST', '/api/outage/notify', input),
};
