import { publishFormVersion, SEEDED_ACTIVITY_TYPES, SEEDED_FORM_DEFINITIONS, SEEDED_RULES, SEEDED_WARNING_TYPES, type TFormRuleCondition } from '@fieldkeep/domain';
import { insertFormRule, savePublishedVersion } from '../forms/forms.repository.js';
import type { WriteTx } from '../db/write.js';
import { newId } from '../ids.js';
import { insertTenant, type Tenant } from './tenants.repository.js';

/** Creates a tenant with what every contractor starts with: warning types, rules, activity types, forms. */
export async function createTenant(tx: WriteTx, t: Omit<Tenant, 'id'>): Promise<Tenant> {
  const tenant = await insertTenant(tx, t);
  for (const wt of SEEDED_WARNING_TYPES) {
    const row = { id: newId(), tenant_id: tenant.id, key: wt.key, name: wt.name, default_severity: wt.defaultSeverity, active: 1, created_at: tx.now, updated_at: tx.now };
    await tx.trx.insertInto('warning_types').values(row).execute();
    tx.record({ tenantId: tenant.id, entity: 'warning_type', id: row.id, op: 'put', data: { id: row.id, key: wt.key, name: wt.name, defaultSeverity: wt.defaultSeverity, active: true } });
  }
  for (const r of SEEDED_RULES) {
    const row = {
      id: newId(),
      tenant_id: tenant.id,
      name: r.name,
      condition: JSON.stringify(r.condition),
      outcome: JSON.stringify(r.outcome),
      active: 1,
      created_at: tx.now,
      updated_at: tx.now,
    };
    await tx.trx.insertInto('allocation_rules').values(row).execute();
    tx.record({ tenantId: tenant.id, entity: 'allocation_rule', id: row.id, op: 'put', data: { id: row.id, name: r.name, condition: r.condition, outcome: r.outcome, active: true } });
  }
  for (const [position, name] of SEEDED_ACTIVITY_TYPES.entries()) {
    const row = { id: newId(), tenant_id: tenant.id, name, active: 1, position };
    await tx.trx.insertInto('activity_types').values(row).execute();
    tx.record({ tenantId: tenant.id, entity: 'activity_type', id: row.id, op: 'put', data: { id: row.id, name, active: true } });
  }
  // The seeded forms, published as version 1, and when each is asked: the risk assessment and the
  // job completion at every visit, the infection-control assessment where a site has that warning.
  for (const draft of SEEDED_FORM_DEFINITIONS) {
    const published = publishFormVersion(newId(), null, draft);
    if (!published.ok) throw new Error(`seeded form ${draft.name} does not publish: ${published.issues[0]?.message}`);
    await savePublishedVersion(tx, tenant.id, published.definition, null, true);
    const condition: TFormRuleCondition | undefined =
      draft.kind === 'health_safety' ? { kind: 'warning_type', warningTypeKey: 'infection_risk' } : draft.kind === 'start_of_day' ? undefined : { kind: 'always' };
    if (condition) await insertFormRule(tx, tenant.id, published.definition.id, condition);
  }
  return tenant;
}
