import { CATCHUP_OUTCOMES, type TCatchupEntryParsed, type TCatchupOutcome, type TCatchupResult } from '@fieldkeep/domain';
import type { Kysely, Transaction } from 'kysely';
import { requireRole, type Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { DB } from '../db/schema.js';
import { withWriteTx } from '../db/write.js';
import { AppError } from '../errors/app-error.js';
import { findTenantById } from '../tenants/tenants.repository.js';
import { evaluateEntry, type CatchupScope, type Evaluated } from './catchup.evaluate.js';
import { listActivityTypes, listPeople } from './catchup.repository.js';

/**
 * Catch-up after an outage: the office re-enters what was written on paper — job notes, visits'
 * arrival, departure and outcome, non-productive time. Every entry is checked against what the
 * engineers' phones synced meanwhile; a clash is shown side by side and waits for a person's
 * choice, never merged silently. A commit writes all entries or none, each audited with
 * `enteredAfterOutage: true` and the paper date.
 */

type Reader = Kysely<DB> | Transaction<DB>;

async function scopeFor(db: Reader, tenantId: string): Promise<CatchupScope> {
  const tenant = await findTenantById(db, tenantId);
  const people = new Map((await listPeople(db, tenantId)).map((p) => [p.id, p]));
  const activities = new Map((await listActivityTypes(db, tenantId)).map((t) => [t.id, t.name]));
  return { db, tenantId, timeZone: tenant?.timeZone ?? 'UTC', people, activities };
}

/** Evaluates every entry, then flags entries of the batch that repeat an earlier one. */
async function evaluateAll(scope: CatchupScope, entries: readonly TCatchupEntryParsed[]): Promise<Evaluated[]> {
  const out: Evaluated[] = [];
  for (const [i, e] of entries.entries()) out.push(await evaluateEntry(scope, e, i));
  const keys = new Map<string, number>();
  const spans: Array<{ index: number; person: string; start: string; end: string }> = [];
  for (const ev of out) {
    const b = ev.batch;
    // Only entries that may write count: one already on the system ('same') clashes with nothing.
    if (!b || ev.outcome.outcome === 'invalid' || ev.outcome.outcome === 'same') continue;
    const o = ev.outcome;
    if ('key' in b) {
      const earlier = keys.get(b.key);
      if (earlier !== undefined) o.problems.push({ field: '', message: `Entry ${earlier + 1} of this batch says the same: enter it once.` });
      else keys.set(b.key, o.index);
    } else {
      const clash = spans.find((s) => s.person === b.person && s.start < b.end && s.end > b.start);
      if (clash) o.problems.push({ field: 'started', message: `Overlaps entry ${clash.index + 1} of this batch for the same person.` });
      else spans.push({ index: o.index, ...b });
    }
    if (o.problems.length > 0) {
      o.outcome = 'invalid';
      o.conflict = null;
    }
  }
  return out;
}

const counts = (entries: readonly TCatchupOutcome[]) => Object.fromEntries(CATCHUP_OUTCOMES.map((k) => [k, entries.filter((e) => e.outcome === k).length])) as TCatchupResult['counts'];

/** What a commit would do, entry by entry (nothing is written). */
export async function previewCatchup(ctx: AppContext, actor: Actor | undefined, entries: readonly TCatchupEntryParsed[]): Promise<TCatchupResult> {
  const a = requireRole(actor, 'admin', 'office');
  const evaluated = await evaluateAll(await scopeFor(ctx.database.read, a.tenantId), entries);
  const outcomes = evaluated.map((e) => e.outcome);
  return { entries: outcomes, counts: counts(outcomes) };
}

/** Thrown inside the commit's transaction (so nothing is kept): the route answers 409 with every entry. */
export class CatchupConflicts extends AppError {
  constructor(
    readonly entries: TCatchupOutcome[],
    n: number,
  ) {
    super('conflict', `${n} ${n === 1 ? 'entry clashes' : 'entries clash'} with what was synced from phones (or changed since you chose): choose for each which values to keep, then save again. Nothing was saved.`, {
      extra: { entries },
    });
  }
}

/**
 * Writes every entry in one transaction, checked again inside it: an entry that is invalid, or a
 * clash without a choice (or with a choice made for values that have changed since), refuses the
 * whole batch.
 */
export async function commitCatchup(ctx: AppContext, actor: Actor | undefined, entries: readonly TCatchupEntryParsed[]): Promise<TCatchupResult> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const evaluated = await evaluateAll(await scopeFor(tx.trx, a.tenantId), entries);
    const invalid = evaluated.filter((e) => e.outcome.outcome === 'invalid');
    if (invalid.length > 0) {
      const issues = invalid.flatMap((e) => e.outcome.problems.map((p) => ({ path: `body.entries.${e.outcome.index}${p.field ? `.${p.field}` : ''}`, message: p.message })));
      throw new AppError('validation_failed', `Entry ${invalid[0]!.outcome.index + 1}: ${issues[0]!.message}`, { issues });
    }
    const unresolved = evaluated.filter((e) => {
      const c = e.outcome.conflict;
      const r = entries[e.outcome.index]?.resolution;
      return c && !(r && r.token === c.token && c.choices.includes(r.choice));
    });
    if (unresolved.length > 0) throw new CatchupConflicts(evaluated.map((e) => e.outcome), unresolved.length);
    const outcomes: TCatchupOutcome[] = [];
    for (const e of evaluated) {
      const choice = e.outcome.conflict ? entries[e.outcome.index]!.resolution!.choice : undefined;
      const done = e.apply ? await e.apply(tx, a, choice) : 'skipped';
      outcomes.push({ ...e.outcome, outcome: done, conflict: null });
    }
    return outcomes;
  });
  return { entries: value, counts: counts(value) };
}
