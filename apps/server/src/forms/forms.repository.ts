import type { TFormDefinition, TFormRule, TFormRuleCondition, TFormSummary } from '@fieldkeep/domain';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';
import { newId } from '../ids.js';

type Reader = Kysely<DB> | Transaction<DB>;

export async function listFormSummaries(db: Reader, tenantId: string): Promise<TFormSummary[]> {
  const rows = await db
    .selectFrom('forms as f')
    .innerJoin('form_versions as v', (j) => j.onRef('v.form_id', '=', 'f.id').onRef('v.version', '=', 'f.current_version'))
    .select(['f.id', 'f.kind', 'f.name', 'f.current_version', 'f.active', 'v.published_at', 'v.definition'])
    .where('f.tenant_id', '=', tenantId)
    .orderBy('f.kind')
    .orderBy('f.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as TFormSummary['kind'],
    name: r.name,
    currentVersion: r.current_version,
    active: r.active === 1,
    publishedAt: r.published_at,
    questionCount: (JSON.parse(r.definition) as TFormDefinition).questions.length,
  }));
}

export async function findFormRow(db: Reader, tenantId: string, id: string) {
  return db.selectFrom('forms').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** One published version, exactly as it was published. */
export async function getFormVersion(db: Reader, tenantId: string, formId: string, version: number): Promise<TFormDefinition | undefined> {
  const row = await db.selectFrom('form_versions').select('definition').where('tenant_id', '=', tenantId).where('form_id', '=', formId).where('version', '=', version).executeTakeFirst();
  return row && (JSON.parse(row.definition) as TFormDefinition);
}

export async function listFormVersions(db: Reader, tenantId: string, formId: string) {
  const rows = await db
    .selectFrom('form_versions as v')
    .leftJoin('users as u', 'u.id', 'v.published_by')
    .select(['v.version', 'v.published_at', 'u.name as published_by_name', 'v.definition'])
    .where('v.tenant_id', '=', tenantId)
    .where('v.form_id', '=', formId)
    .orderBy('v.version', 'desc')
    .execute();
  return rows.map((r) => ({ version: r.version, publishedAt: r.published_at, publishedByName: r.published_by_name, questionCount: (JSON.parse(r.definition) as TFormDefinition).questions.length }));
}

/** Publishes a version: writes it (never to change again) and makes it the form's current one. */
export async function savePublishedVersion(tx: WriteTx, tenantId: string, def: TFormDefinition, userId: string | null, isNew: boolean): Promise<void> {
  if (isNew) {
    await tx.trx.insertInto('forms').values({ id: def.id, tenant_id: tenantId, kind: def.kind, name: def.name, current_version: def.version, active: 1, created_at: tx.now, updated_at: tx.now }).execute();
  } else {
    await tx.trx.updateTable('forms').set({ name: def.name, current_version: def.version, updated_at: tx.now }).where('tenant_id', '=', tenantId).where('id', '=', def.id).execute();
  }
  await tx.trx.insertInto('form_versions').values({ tenant_id: tenantId, form_id: def.id, version: def.version, definition: JSON.stringify(def), published_at: tx.now, published_by: userId }).execute();
  tx.record({ tenantId, entity: 'form_version', id: `${def.id}@${def.version}`, op: 'put', data: { ...def } });
}

export async function setFormActive(tx: WriteTx, tenantId: string, id: string, active: boolean): Promise<void> {
  await tx.trx.updateTable('forms').set({ active: active ? 1 : 0, updated_at: tx.now }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  tx.record({ tenantId, entity: 'form', id, op: 'put', data: { id, active } });
}

export async function listFormRules(db: Reader, tenantId: string): Promise<TFormRule[]> {
  const rows = await db.selectFrom('form_rules').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, formId: r.form_id, condition: JSON.parse(r.condition) as TFormRuleCondition, active: r.active === 1 }));
}

export async function insertFormRule(tx: WriteTx, tenantId: string, formId: string, condition: TFormRuleCondition): Promise<TFormRule> {
  const rule: TFormRule = { id: newId(), formId, condition, active: true };
  await tx.trx.insertInto('form_rules').values({ id: rule.id, tenant_id: tenantId, form_id: formId, condition: JSON.stringify(condition), active: 1, created_at: tx.now }).execute();
  tx.record({ tenantId, entity: 'form_rule', id: rule.id, op: 'put', data: { ...rule } });
  return rule;
}

export async function setFormRuleActive(tx: WriteTx, tenantId: string, id: string, active: boolean): Promise<TFormRule | undefined> {
  await tx.trx.updateTable('form_rules').set({ active: active ? 1 : 0 }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  const rule = (await listFormRules(tx.trx, tenantId)).find((r) => r.id === id);
  if (rule) tx.record({ tenantId, entity: 'form_rule', id, op: 'put', data: { ...rule } });
  return rule;
}

/** Forms a visit needs: active forms (not start-of-day) whose active rules match the job. */
export function formsForVisit(
  rules: readonly TFormRule[],
  activeForms: ReadonlyMap<string, { kind: string }>,
  job: { jobType: string; clientId: string; warningTypeKeys: readonly string[] },
): string[] {
  const ids = new Set<string>();
  for (const r of rules) {
    const form = activeForms.get(r.formId);
    if (!r.active || !form || form.kind === 'start_of_day') continue;
    const c = r.condition;
    const hit =
      c.kind === 'always' ||
      (c.kind === 'job_type' && c.jobType === job.jobType) ||
      (c.kind === 'client' && c.clientId === job.clientId) ||
      (c.kind === 'warning_type' && job.warningTypeKeys.includes(c.warningTypeKey));
    if (hit) ids.add(r.formId);
  }
  return [...ids].sort();
}
