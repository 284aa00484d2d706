import type { TAllocationRule, TRuleCondition, TRuleOutcome } from '@fieldkeep/domain';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AllocationRulesTable, DB } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';
import { newId } from '../ids.js';

type Reader = Kysely<DB> | Transaction<DB>;

export const ruleRowToRule = (r: Selectable<AllocationRulesTable>): TAllocationRule => ({
  id: r.id,
  name: r.name,
  condition: JSON.parse(r.condition) as TRuleCondition,
  outcome: JSON.parse(r.outcome) as TRuleOutcome,
  active: r.active === 1,
});

export async function listRules(db: Reader, tenantId: string): Promise<TAllocationRule[]> {
  const rows = await db.selectFrom('allocation_rules').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
  return rows.map(ruleRowToRule);
}

export async function findRule(db: Reader, tenantId: string, id: string): Promise<TAllocationRule | undefined> {
  const row = await db.selectFrom('allocation_rules').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row && ruleRowToRule(row);
}

export async function saveRule(tx: WriteTx, tenantId: string, rule: TAllocationRule, isNew: boolean): Promise<void> {
  const values = { name: rule.name, condition: JSON.stringify(rule.condition), outcome: JSON.stringify(rule.outcome), active: rule.active ? 1 : 0, updated_at: tx.now };
  if (isNew) await tx.trx.insertInto('allocation_rules').values({ id: rule.id, tenant_id: tenantId, created_at: tx.now, ...values }).execute();
  else await tx.trx.updateTable('allocation_rules').set(values).where('tenant_id', '=', tenantId).where('id', '=', rule.id).execute();
  tx.record({ tenantId, entity: 'allocation_rule', id: rule.id, op: 'put', data: { ...rule } });
}

export async function insertAcknowledgement(
  tx: WriteTx,
  a: { tenantId: string; visitId: string; ruleId: string; ruleName: string; message: string; userId: string },
): Promise<void> {
  await tx.trx
    .insertInto('allocation_acknowledgements')
    .values({ id: newId(), tenant_id: a.tenantId, visit_id: a.visitId, rule_id: a.ruleId, rule_name: a.ruleName, message: a.message, user_id: a.userId, at: tx.now })
    .execute();
}
