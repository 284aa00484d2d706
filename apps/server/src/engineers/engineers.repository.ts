import { DEFAULT_WORKING_HOURS, type TEngineer, type TWorkingHours } from '@fieldkeep/domain';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';

type Reader = Kysely<DB> | Transaction<DB>;

/** Active engineers of a tenant with their profile (skills, working hours; defaults when none is saved). */
export async function listEngineers(db: Reader, tenantId: string, ids?: readonly string[]): Promise<TEngineer[]> {
  if (ids && ids.length === 0) return [];
  let q = db
    .selectFrom('users')
    .leftJoin('engineer_profiles', 'engineer_profiles.user_id', 'users.id')
    .select(['users.id', 'users.name', 'users.login', 'engineer_profiles.skills', 'engineer_profiles.working_hours'])
    .where('users.tenant_id', '=', tenantId)
    .where('users.role', '=', 'engineer')
    .where('users.disabled_at', 'is', null);
  if (ids) q = q.where('users.id', 'in', ids);
  const rows = await q.orderBy('users.name').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    login: r.login,
    skills: r.skills ? (JSON.parse(r.skills) as string[]) : [],
    workingHours: r.working_hours ? (JSON.parse(r.working_hours) as TWorkingHours) : DEFAULT_WORKING_HOURS,
  }));
}

export async function saveEngineerProfile(tx: WriteTx, tenantId: string, e: TEngineer): Promise<void> {
  const values = { skills: JSON.stringify(e.skills), working_hours: JSON.stringify(e.workingHours), updated_at: tx.now };
  await tx.trx
    .insertInto('engineer_profiles')
    .values({ user_id: e.id, tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
  tx.record({ tenantId, entity: 'engineer_profile', id: e.id, op: 'put', data: { id: e.id, skills: e.skills, workingHours: e.workingHours } });
}
