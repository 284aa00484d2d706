import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertClient } from '../clients/clients.repository.js';
import { ManualClock } from '../clock.js';
import { migrateToLatest } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { withWriteTx } from '../db/write.js';
import { newId } from '../ids.js';
import { findTenantBySlug, insertTenant } from '../tenants/tenants.repository.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { appendChanges, lastPosition, readChanges, type ChangeRecord } from './changelog.repository.js';

const clock = new ManualClock(new Date('2026-11-23T09:00:00.000Z'));
const countChanges = async (db: Kysely<DB>) =>
  Number((await db.selectFrom('change_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** A tenants row written directly (change_log.tenant_id references it). */
async function insertTenantRow(db: Kysely<DB>, slug: string): Promise<string> {
  const id = newId();
  const now = clock.now().toISOString();
  await db.insertInto('tenants').values({ id, name: slug, slug, time_zone: 'Europe/London', created_at: now, updated_at: now }).execute();
  return id;
}

for (const dialect of DIALECTS) {
  describe(`change log written with the data (${dialect})`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(dialect, 'changelog');
      await migrateToLatest(t.database.db);
    });
    afterAll(async () => t?.drop());

    it('leaves neither data rows nor change-log rows when the write throws after recording changes', async () => {
      const changesBefore = await countChanges(t.database.db);
      await expect(
        withWriteTx(t.database, clock, async (tx) => {
          const tenant = await insertTenant(tx, { name: 'Doomed Ltd', slug: 'doomed', timeZone: 'Europe/London' });
          await insertClient(tx, tenant.id, 'Doomed client');
          throw new Error('business rule failed');
        }),
      ).rejects.toThrow('business rule failed');
      expect(await findTenantBySlug(t.database.db, 'doomed')).toBeUndefined();
      expect(await t.database.db.selectFrom('clients').select('id').where('name', '=', 'Doomed client').execute()).toEqual([]);
      expect(await countChanges(t.database.db)).toBe(changesBefore);
    });

    it('rolls back the data when appending its change-log rows fails', async () => {
      const changesBefore = await countChanges(t.database.db);
      await expect(
        withWriteTx(t.database, clock, async (tx) => {
          await insertTenant(tx, { name: 'Half Written Ltd', slug: 'half-written', timeZone: 'Europe/London' });
          // change_log.tenant_id references tenants: this row makes the append itself fail.
          tx.record({ tenantId: 'no-such-tenant', entity: 'client', id: newId(), op: 'put', data: {} });
        }),
      ).rejects.toThrow();
      expect(await findTenantBySlug(t.database.db, 'half-written')).toBeUndefined();
      expect(await countChanges(t.database.db)).toBe(changesBefore);
    });

    it('answers the position at which the write is readable, and nothing of it lies beyond', async () => {
      const before = await lastPosition(t.database.db);
      const { value, position } = await withWriteTx(t.database, clock, async (tx) => {
        const tenant = await insertTenant(tx, { name: 'Acme Repairs', slug: 'acme', timeZone: 'Europe/London' });
        const client = await insertClient(tx, tenant.id, 'Acme Housing');
        return { tenant, client };
      });
      expect(position).toBeGreaterThan(before);
      expect(await lastPosition(t.database.db)).toBe(position);

      const upTo = await readChanges(t.database.read, { after: before, limit: 100 });
      expect(upTo.map((c) => [c.entity, c.id, c.op])).toEqual([
        ['tenant', value.tenant.id, 'put'],
        ['client', value.client.id, 'put'],
      ]);
      expect(upTo.at(-1)?.position).toBe(position);
      expect(upTo[1]?.data).toMatchObject({ name: 'Acme Housing' });
      expect(upTo.every((c) => c.tenantId === value.tenant.id && c.at === clock.now().toISOString())).toBe(true);
      expect(await readChanges(t.database.read, { after: position!, limit: 100 })).toEqual([]);

      // A tenant filter keeps other tenants' changes out.
      const other = await withWriteTx(t.database, clock, (tx) => insertTenant(tx, { name: 'Other', slug: 'other', timeZone: 'Europe/London' }));
      const acmeOnly = await readChanges(t.database.read, { after: before, limit: 100, tenantId: value.tenant.id });
      expect(acmeOnly.map((c) => c.position)).toEqual(upTo.map((c) => c.position));
      expect((await readChanges(t.database.read, { after: position!, limit: 100 })).map((c) => c.id)).toEqual([other.value.id]);
    });

    it('answers no position for a write that recorded no change', async () => {
      const { position } = await withWriteTx(t.database, clock, async (tx) => {
        await tx.trx.insertInto('instance_meta').values({ key: 'unlogged', value: 'x' }).execute();
      });
      expect(position).toBeUndefined();
    });
  });
}

describe('change-log positions follow commit order (postgres)', () => {
  let t: TestDatabase;
  let db: Kysely<DB>;
  let tenantId: string;
  beforeAll(async () => {
    t = await createTestDatabase('postgres', 'changelog-order');
    db = t.database.db;
    await migrateToLatest(db);
    tenantId = await insertTenantRow(db, 'order');
  });
  afterAll(async () => t?.drop());

  const change = (id: string): ChangeRecord => ({ tenantId, entity: 'probe', id, op: 'put', data: { id } });
  const now = () => clock.now().toISOString();

  /** Whether the backend `pid` is waiting for an advisory lock it has not been granted. */
  const waitsForAdvisoryLock = async (pid: number) =>
    Number((await sql<{ n: string }>`select count(*) as n from pg_locks where pid = ${pid} and locktype = 'advisory' and not granted`.execute(db)).rows[0]?.n) > 0;

  it('makes a later appender wait for the earlier one to commit, so positions are in commit order', async () => {
    const base = await lastPosition(db);
    // A begins first and writes its data first; B appends first.
    const a = await db.startTransaction().execute();
    const b = await db.startTransaction().execute();
    let aOpen = true;
    let bOpen = true;
    try {
      const aPid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(a)).rows[0]!.pid;
      await a.insertInto('instance_meta').values({ key: 'tx-a', value: 'a' }).execute();
      const posB = (await appendChanges(b, 'postgres', [change('b')], now()))!;

      let aAppended = false;
      const aAppend = appendChanges(a, 'postgres', [change('a')], now()).then((p) => {
        aAppended = true;
        return p!;
      });
      let waiting = false;
      for (let i = 0; i < 200 && !waiting && !aAppended; i++) {
        waiting = await waitsForAdvisoryLock(aPid);
        if (!waiting) await new Promise((r) => setTimeout(r, 25));
      }
      // A cannot draw a position while B holds an uncommitted one.
      expect(waiting).toBe(true);
      expect(aAppended).toBe(false);
      expect(await readChanges(db, { after: base, limit: 10 })).toEqual([]);

      await b.commit().execute();
      bOpen = false;
      const posA = await aAppend;
      // B committed first, so B's position is the lower one, although A began and wrote first.
      expect(posA).toBeGreaterThan(posB);
      expect((await readChanges(db, { after: base, limit: 10 })).map((c) => c.position)).toEqual([posB]);

      await a.commit().execute();
      aOpen = false;
      expect((await readChanges(db, { after: base, limit: 10 })).map((c) => [c.position, c.id])).toEqual([
        [posB, 'b'],
        [posA, 'a'],
      ]);
    } finally {
      if (aOpen) await a.rollback().execute().catch(() => undefined);
      if (bOpen) await b.rollback().execute().catch(() => undefined);
    }
  });

  it('lets no reader skip a position while 8 writers commit overlapping transactions', { timeout: 60_000 }, async () => {
    const WRITERS = 8;
    const READERS = 2;
    const WRITE_FOR_MS = 3_000;
    const MAX_TX_PER_WRITER = 1_000;
    const MAX_READS = 100_000;
    const start = Date.now();
    const writeDeadline = start + WRITE_FOR_MS;
    const readDeadline = start + 30_000;
    const base = await lastPosition(db);
    let writersDone = false;
    let committed = 0;

    const writer = async (w: number) => {
      for (let i = 0; i < MAX_TX_PER_WRITER && Date.now() < writeDeadline; i++) {
        await db.transaction().execute(async (trx) => {
          await appendChanges(trx, 'postgres', [change(`w${w}-${i}`)], now());
          // Hold the transaction open for a random while, so transactions overlap and, without
          // serialised appends, would commit out of position order.
          await sql`select pg_sleep(${Math.random() * 0.03})`.execute(trx);
        });
        committed++;
      }
    };

    const reader = async () => {
      const seen: number[] = [];
      let cursor = base;
      let drained = false;
      let readsWhileWriting = 0;
      for (let n = 0; n < MAX_READS && Date.now() < readDeadline; n++) {
        const done = writersDone; // read before the query: an empty answer after it means drained
        const page = await readChanges(db, { after: cursor, limit: 50 });
        if (!done) readsWhileWriting++;
        for (const c of page) seen.push(c.position);
        if (page.length > 0) cursor = Math.max(cursor, ...page.map((c) => c.position));
        if (done && page.length === 0) {
          drained = true;
          break;
        }
      }
      return { seen, drained, readsWhileWriting };
    };

    const readers = Array.from({ length: READERS }, () => reader());
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    writersDone = true;
    const results = await Promise.all(readers);

    const inTable = (await db.selectFrom('change_log').select('position').where('position', '>', base).orderBy('position').execute()).map(
      (r) => r.position,
    );
    expect(inTable).toHaveLength(committed);
    expect(committed).toBeGreaterThanOrEqual(WRITERS);
    for (const r of results) {
      expect(r.drained).toBe(true);
      expect(r.readsWhileWriting).toBeGreaterThan(0);
      expect(new Set(r.seen).size, 'a reader saw a position twice').toBe(r.seen.length);
      const seenSet = new Set(r.seen);
      const skipped = inTable.filter((p) => !seenSet.has(p));
      expect(skipped.length, `a reader skipped ${skipped.length} of ${inTable.length} positions, e.g. ${skipped.slice(0, 10).join(', ')}`).toBe(0);
      expect(r.seen.length).toBe(inTable.length);
    }
  });
});
