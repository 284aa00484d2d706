import { publishFormVersion, type TFormDetail, type TFormRule, type TFormRuleCondition } from '@fieldkeep/domain';
import { requireRole, type Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { withWriteTx, type WriteTx } from '../db/write.js';
import { AppError, notFound } from '../errors/app-error.js';
import { newId } from '../ids.js';
import { findFormRow, getFormVersion, insertFormRule, listFormRules, listFormSummaries, listFormVersions, savePublishedVersion, setFormActive, setFormRuleActive } from './forms.repository.js';

type Reader = AppContext['database']['read'] | WriteTx['trx'];

async function detail(db: Reader, tenantId: string, formId: string): Promise<TFormDetail> {
  const form = (await listFormSummaries(db, tenantId)).find((f) => f.id === formId);
  if (!form) throw notFound('Form');
  const definition = (await getFormVersion(db, tenantId, formId, form.currentVersion))!;
  return { form, definition, versions: await listFormVersions(db, tenantId, formId) };
}

export const getForm = (ctx: AppContext, actor: Actor | undefined, id: string) => detail(ctx.database.read, requireRole(actor, 'admin', 'office').tenantId, id);

export async function listForms(ctx: AppContext, actor: Actor | undefined) {
  return listFormSummaries(ctx.database.read, requireRole(actor, 'admin', 'office').tenantId);
}

export async function getVersion(ctx: AppContext, actor: Actor | undefined, id: string, version: number) {
  const a = requireRole(actor, 'admin', 'office');
  const def = await getFormVersion(ctx.database.read, a.tenantId, id, version);
  if (!def) throw notFound('Form version');
  return def;
}

function publishOrRefuse(formId: string, previous: Parameters<typeof publishFormVersion>[1], draft: unknown) {
  const result = publishFormVersion(formId, previous, draft);
  if (!result.ok) {
    const issues = result.issues.map((i) => ({ path: ['body', 'draft', ...i.path].join('.'), message: i.message }));
    throw new AppError('validation_failed', `The form cannot be published: ${issues[0]?.message ?? 'it breaks a rule'}`, { issues });
  }
  return result.definition;
}

/** A new form is published as version 1 at once (phones only ever see published versions). */
export async function createForm(ctx: AppContext, actor: Actor | undefined, draft: unknown): Promise<TFormDetail> {
  const a = requireRole(actor, 'admin', 'office');
  const def = publishOrRefuse(newId(), null, draft);
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    await savePublishedVersion(tx, a.tenantId, def, a.userId, true);
    return detail(tx.trx, a.tenantId, def.id);
  });
  return value;
}

/** Publishes the next immutable version; answers to older versions stay valid and reportable. */
export async function publishVersion(ctx: AppContext, actor: Actor | undefined, formId: string, draft: unknown): Promise<TFormDetail> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const row = await findFormRow(tx.trx, a.tenantId, formId);
    if (!row) throw notFound('Form');
    const previous = (await getFormVersion(tx.trx, a.tenantId, formId, row.current_version))!;
    const def = publishOrRefuse(formId, previous, draft);
    await savePublishedVersion(tx, a.tenantId, def, a.userId, false);
    return detail(tx.trx, a.tenantId, formId);
  });
  return value;
}

export async function changeFormActive(ctx: AppContext, actor: Actor | undefined, formId: string, active: boolean): Promise<TFormDetail> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    if (!(await findFormRow(tx.trx, a.tenantId, formId))) throw notFound('Form');
    await setFormActive(tx, a.tenantId, formId, active);
    return detail(tx.trx, a.tenantId, formId);
  });
  return value;
}

export async function listRulesFor(ctx: AppContext, actor: Actor | undefined): Promise<TFormRule[]> {
  return listFormRules(ctx.database.read, requireRole(actor, 'admin', 'office').tenantId);
}

export async function addFormRule(ctx: AppContext, actor: Actor | undefined, formId: string, condition: TFormRuleCondition): Promise<TFormRule> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    if (!(await findFormRow(tx.trx, a.tenantId, formId))) throw new AppError('validation_failed', 'No such form.', { issues: [{ path: 'body.formId', message: 'No such form.' }] });
    if (condition.kind === 'client') {
      const c = await tx.trx.selectFrom('clients').select('id').where('tenant_id', '=', a.tenantId).where('id', '=', condition.clientId).executeTakeFirst();
      if (!c) throw new AppError('validation_failed', 'No such client.', { issues: [{ path: 'body.condition.clientId', message: 'No such client.' }] });
    }
    return insertFormRule(tx, a.tenantId, formId, condition);
  });
  return value;
}

export async function changeFormRule(ctx: AppContext, actor: Actor | undefined, id: string, active: boolean): Promise<TFormRule> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const rule = await setFormRuleActive(tx, a.tenantId, id, active);
    if (!rule) throw notFound('Form rule');
    return rule;
  });
  return value;
}
