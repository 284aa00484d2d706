import { MUTATION_ARGS, REPLICA_QUEUEABLE, SYNC_PROTOCOL_VERSION, type TReplicaQueueItem } from '@fieldkeep/domain';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors/app-error.js';
import { newId } from '../ids.js';


/** One clientId per office user on this replica: the primary binds it to that user. */
export const replicaClientId = (instanceId: string, userId: string) => `replica-${instanceId.replace(/-/g, '').slice(-12)}-${userId.replace(/-/g, '')}`;

export type QueuedItem = TReplicaQueueItem;

/**
 * Records office work on a replica while the primary is away: validated now with the same rules a
 * phone's mutation meets, pushed to the primary when it answers again, where the normal conflict
 * rules decide (a refusal is kept and shown, never dropped).
 */
export async function enqueue(ctx: AppContext, instanceId: string, actor: Actor, name: string, args: unknown, summary: string): Promise<QueuedItem> {
  if (actor.role !== 'admin' && actor.role !== 'office') throw new AppError('forbidden', 'Only office staff can record work on the replica.');
  if (!(REPLICA_QUEUEABLE as readonly string[]).includes(name) || !Object.hasOwn(MUTATION_ARGS, name)) {
    throw new AppError('validation_failed', `On the replica you can queue: ${REPLICA_QUEUEABLE.join(', ')}.`);
  }
  const parsed = (MUTATION_ARGS as Record<string, { safeParse(v: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } }>)[name]!.safeParse(args);
  if (!parsed.success) {
    const issues = (parsed.error?.issues ?? []).map((i) => ({ path: `args.${i.path.join('.')}`, message: i.message }));
    throw new AppError('validation_failed', issues[0]?.message ?? 'Those details are not valid.', { issues });
  }
  const clientId = replicaClientId(instanceId, actor.userId);
  const now = ctx.clock.now().toISOString();
  return ctx.database.db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom('replica_queue').select((eb) => eb.fn.max('mutation_id').as('m')).where('client_id', '=', clientId).executeTakeFirst();
    const item = {
      id: newId(),
      tenant_id: actor.tenantId,
      user_id: actor.userId,
      client_id: clientId,
      mutation_id: Number(last?.m ?? 0) + 1,
      name,
      args: JSON.stringify(args),
      summary: summary.slice(0, 300),
      state: 'queued' as const,
      result_code: null,
      result_message: null,
      created_at: now,
      sent_at: null,
    };
    await trx.insertInto('replica_queue').values(item).execute();
    return toItem(item);
  });
}

export async function listQueue(ctx: AppContext, tenantId: string): Promise<QueuedItem[]> {
  const rows = await ctx.database.read.selectFrom('replica_queue').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').limit(500).execute();
  return rows.map(toItem);
}

function toItem(r: { id: string; user_id: string; mutation_id: number; name: string; args: string; summary: string; state: QueuedItem['state']; result_code: string | null; result_message: string | null; created_at: string; sent_at: string | null }): QueuedItem {
  return {
    id: r.id,
    userId: r.user_id,
    mutationId: r.mutation_id,
    name: r.name,
    args: JSON.parse(r.args) as unknown,
    summary: r.summary,
    state: r.state,
    resultCode: r.result_code,
    resultMessage: r.result_message,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

/** Pushes every queued item, per office user in order, through the primary's normal push. */
export async function pushQueuedWork(ctx: AppContext, opts: { primaryUrl: string; token: string }, signal: AbortSignal): Promise<number> {
  const rows = await ctx.database.read.selectFrom('replica_queue').selectAll().where('state', '=', 'queued').orderBy('client_id').orderBy('mutation_id').execute();
  if (rows.length === 0) return 0;
  const byClient = new Map<string, typeof rows>();
  for (const r of rows) byClient.set(r.client_id, [...(byClient.get(r.client_id) ?? []), r]);
  let sent = 0;
  for (const [clientId, items] of byClient) {
    // The primary skips ids it has applied already, so a retry after a lost answer is harmless.
    const res = await fetch(`${opts.primaryUrl}/api/replication/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        userId: items[0]!.user_id,
        push: { protocolVersion: SYNC_PROTOCOL_VERSION, clientId, mutations: items.map((i) => ({ id: i.mutation_id, name: i.name, args: JSON.parse(i.args) as unknown })) },
      }),
      signal,
    });
    if (!res.ok) {
      ctx.log.warn({ status: res.status, body: (await res.text()).slice(0, 300) }, 'replica: the primary did not take the queued work');
      continue;
    }
    const answer = (await res.json()) as { lastMutationId: number; rejections: Array<{ mutationId: number; code: string; message: string }> };
    const rejected = new Map(answer.rejections.map((r) => [r.mutationId, r]));
    const now = ctx.clock.now().toISOString();
    await ctx.database.db.transaction().execute(async (trx) => {
      for (const i of items) {
        if (i.mutation_id > answer.lastMutationId) continue;
        const r = rejected.get(i.mutation_id);
        await trx
          .updateTable('replica_queue')
          .set({ state: r ? 'rejected' : 'applied', result_code: r?.code ?? null, result_message: r?.message ?? null, sent_at: now })
          .where('id', '=', i.id)
          .execute();
        sent++;
      }
    });
  }
  return sent;
}
