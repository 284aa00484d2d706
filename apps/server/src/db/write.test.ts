/**
 * withWriteTx on SQLite commits concurrent writes together (group commit): each write keeps its own
 * outcome — one refused write undoes only its own rows and change-log entries — every promise
 * settles after the COMMIT that made it durable, and a group that cannot commit refuses every write
 * in it. On PostgreSQL each write stays its own transaction; the same outcomes hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../testing/dialects.js';
import { migrateToLatest } from './database.js';
import { withWriteTx } from './write.js';

const clock = new ManualClock(new Date('2026-11-23T09:00:00.000Z'));

for (const dialect of DIALECTS) {
  describe(`write transactions (${dialect})`, () => {
    let t: TestDatabase;
    let tenantId = '';
    beforeAll(async () => {
      t = await createTestDatabase(dialect, 'write-group');
      await migrateToLatest(t.database.db);
      tenantId = `tenant-${dialect}`;
      await t.database.db
        .insertInto('tenants')
        .values({ id: tenantId, name: 'Group Commit Ltd', slug: `group-${dialect}`, time_zone: 'Europe/London', created_at: clock.now().toISOString(), updated_at: clock.now().toISOString() } as never)
        .execute();
    });
    afterAll(async () => t?.drop());

    const addClient = (id: string, fail = false) =>
      withWriteTx(t.database, clock, async (tx) => {
        await tx.trx.insertInto('clients').values({ id, tenant_id: tenantId, name: `Client ${id}`, created_at: tx.now, updated_at: tx.now }).execute();
        tx.record({ tenantId, entity: 'client', id, op: 'put', data: { id } });
        if (fail) throw new Error(`refused ${id}`);
        return id;
      });

    it('commits concurrent writes each with its own outcome: a refused one leaves nothing behind', async () => {
      const ids = Array.from({ length: 40 }, (_, i) => `${dialect}-c${i}`);
      const results = await Promise.allSettled(ids.map((id, i) => addClient(id, i % 7 === 3)));
      const refused = ids.filter((_, i) => i % 7 === 3);
      results.forEach((r, i) => {
        if (i % 7 === 3) expect(r).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: `refused ${ids[i]}` }) as unknown });
        else expect(r).toMatchObject({ status: 'fulfilled', value: { value: ids[i], position: expect.any(Number) as unknown } });
      });
      const stored = (await t.database.read.selectFrom('clients').select('id').where('tenant_id', '=', tenantId).execute()).map((r) => r.id).sort();
      expect(stored).toEqual(ids.filter((id) => !refused.includes(id)).sort());
      const logged = (await t.database.read.selectFrom('change_log').select('entity_id').where('tenant_id', '=', tenantId).execute()).map((r) => r.entity_id).sort();
      expect(logged).toEqual(stored);
      // Each write's change-log position is its own.
      const positions = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.position] : []));
      expect(new Set(positions).size).toBe(positions.length);
    });

    it('a nested savepoint inside one write of a group undoes only that part', async () => {
      const results = await Promise.all(
        [0, 1, 2].map((i) =>
          withWriteTx(t.database, clock, async (tx) => {
            const id = `${dialect}-nested-${i}`;
            await tx.trx.insertInto('clients').values({ id, tenant_id: tenantId, name: id, created_at: tx.now, updated_at: tx.now }).execute();
            await tx
              .savepoint(async () => {
                await tx.trx.insertInto('clients').values({ id: `${id}-undone`, tenant_id: tenantId, name: 'undone', created_at: tx.now, updated_at: tx.now }).execute();
                throw new Error('undo this part');
              })
              .catch(() => undefined);
            return id;
          }),
        ),
      );
      expect(results.map((r) => r.value)).toEqual([`${dialect}-nested-0`, `${dialect}-nested-1`, `${dialect}-nested-2`]);
      const undone = await t.database.read.selectFrom('clients').select('id').where('id', 'like', `${dialect}-nested-%-undone`).execute();
      expect(undone).toEqual([]);
    });

    it('refuses every write of a group whose transaction cannot commit, and stores none of them', async () => {
      const ok = [`${dialect}-fk-ok-1`, `${dialect}-fk-ok-2`];
      // A write holding the writer: the next three queue behind it and commit as one group.
      let open!: () => void;
      let began!: () => void;
      const gate = new Promise<void>((r) => (open = r));
      const started = new Promise<void>((r) => (began = r));
      const first = withWriteTx(t.database, clock, async () => {
        began();
        await gate;
      });
      await started;
      // A foreign key checked at COMMIT (SQLite's deferred keys) fails there: on SQLite the whole group
      // is refused — never acknowledged; on PostgreSQL (a transaction per write) only the bad write.
      const bad = withWriteTx(t.database, clock, async (tx) => {
        if (dialect === 'sqlite') await sqlDefer(tx.trx);
        await tx.trx
          .insertInto('sites')
          .values({ id: `${dialect}-orphan-site`, tenant_id: tenantId, client_id: 'no-such-client', name: 'Orphan', address1: '1 Nowhere Lane', postcode: 'ZZ1 1ZZ', created_at: tx.now, updated_at: tx.now } as never)
          .execute();
      });
      const others = ok.map((id) => addClient(id));
      const settled = Promise.allSettled([bad, ...others]);
      open();
      await first;
      const [badResult, ...okResults] = await settled;
      expect(badResult!.status).toBe('rejected');
      const stored = (await t.database.read.selectFrom('clients').select('id').where('id', 'in', ok).execute()).map((r) => r.id).sort();
      if (dialect === 'sqlite') {
        expect(okResults.map((r) => r.status)).toEqual(['rejected', 'rejected']);
        expect(stored).toEqual([]);
      } else {
        expect(okResults.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
        expect(stored).toEqual(ok);
      }
      expect(await t.database.read.selectFrom('sites').select('id').where('id', '=', `${dialect}-orphan-site`).execute()).toEqual([]);
      // The writer goes on: the next write commits.
      expect((await addClient(`${dialect}-after-refused-group`)).value).toBe(`${dialect}-after-refused-group`);
    });
  });
}

async function sqlDefer(trx: Parameters<Parameters<typeof withWriteTx>[2]>[0]['trx']): Promise<void> {
  const { sql } = await import('kysely');
  await sql`pragma defer_foreign_keys = on`.execute(trx);
}
