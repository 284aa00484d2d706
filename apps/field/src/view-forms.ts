import { outcomesOf, ZFormDefinition, type TFormDefinition, type TFormKind, type TFormOutcomeHit, type TSyncFormSubmission, type TSyncVisit } from '@fieldkeep/domain';
import { today } from './dates';
import type { Local } from './store/replay';
import type { TStoredForm } from './store/schema';
import type { Snapshot } from './store/snapshot';

/**
 * Which forms the phone asks, read from pulled data. A form record is the current published
 * version of a form (ZFormDefinition) plus `active`; a record that does not parse (an older
 * server's simple shape) is ignored, never half-shown.
 */
export interface FieldForm {
  def: TFormDefinition;
  active: boolean;
}

const parsed = new WeakMap<Map<string, TStoredForm>, Map<string, FieldForm>>();

export function fieldForms(snap: Snapshot): Map<string, FieldForm> {
  const table = snap.tables.form;
  let out = parsed.get(table);
  if (!out) {
    out = new Map();
    for (const raw of table.values()) {
      const def = ZFormDefinition.safeParse(raw);
      if (def.success) out.set(def.data.id, { def: def.data, active: raw.active !== false });
    }
    parsed.set(table, out);
  }
  return out;
}

export const formById = (snap: Snapshot, id: string): TFormDefinition | undefined => fieldForms(snap).get(id)?.def;

const byName = (a: TFormDefinition, b: TFormDefinition) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

export const activeFormsOfKind = (snap: Snapshot, kind: TFormKind): TFormDefinition[] =>
  [...fieldForms(snap).values()]
    .filter((f) => f.active && f.def.kind === kind)
    .map((f) => f.def)
    .sort(byName);

/** Forms that must be answered before work is recorded: "Arrived on site" waits for them. */
export const BEFORE_WORK_KINDS: readonly TFormKind[] = ['risk_assessment', 'health_safety'];

export interface VisitFormNeed {
  formId: string;
  /** Undefined while the form has not reached this phone (or is in a shape this app cannot read). */
  def: TFormDefinition | undefined;
  /** The latest answer to it on this visit, if any. */
  submission: Local<TSyncFormSubmission> | undefined;
  when: 'before_work' | 'completion';
}

export interface VisitForms {
  beforeWork: VisitFormNeed[];
  completion: VisitFormNeed[];
  /** Needed forms not on this phone yet: work cannot be checked against them. */
  missing: string[];
}

/**
 * The visit's forms: `formIds` from the server (the tenant's form rules). Data pulled from an
 * older server has no `formIds`; then the active risk assessments apply, as before.
 */
export function visitForms(snap: Snapshot, visit: TSyncVisit): VisitForms {
  const ids = (visit as { formIds?: string[] }).formIds ?? activeFormsOfKind(snap, 'risk_assessment').map((f) => f.id);
  const subs = [...snap.tables.formSubmission.values()].filter((s) => s.visitId === visit.id).sort((a, b) => b.at.localeCompare(a.at));
  const out: VisitForms = { beforeWork: [], completion: [], missing: [] };
  for (const formId of [...new Set(ids)]) {
    const def = formById(snap, formId);
    if (!def) {
      out.missing.push(formId);
      continue;
    }
    const need: Omit<VisitFormNeed, 'when'> = { formId, def, submission: subs.find((s) => s.formId === formId) };
    if (BEFORE_WORK_KINDS.includes(def.kind)) out.beforeWork.push({ ...need, when: 'before_work' });
    else if (def.kind === 'job_completion') out.completion.push({ ...need, when: 'completion' });
  }
  return out;
}

export const pending = (needs: readonly VisitFormNeed[]) => needs.filter((n) => !n.submission);

/**
 * What a stored answer set off, read again with the form the phone holds (the domain's
 * evaluation; for a submission to an older version, the current one is the closest there is).
 */
export function submissionOutcomes(snap: Snapshot, s: TSyncFormSubmission): TFormOutcomeHit[] {
  const def = formById(snap, s.formId);
  return def ? outcomesOf(def, s.answers) : [];
}

/** The visit was stopped by a form's answer (not by the office or a plain abort). */
export function abortedByForm(snap: Snapshot, visitId: string): { form: TFormDefinition; hit: TFormOutcomeHit } | undefined {
  for (const s of snap.tables.formSubmission.values()) {
    if (s.visitId !== visitId) continue;
    const hit = submissionOutcomes(snap, s).find((o) => o.effect === 'abort_visit');
    const form = formById(snap, s.formId);
    if (hit && form) return { form, hit };
  }
  return undefined;
}

/** Today's start-of-day checks: each active one, with today's answer to it if given. */
export function startOfDayForms(snap: Snapshot, timeZone: string) {
  const day = today(timeZone);
  const subs = [...snap.tables.formSubmission.values()].filter((s) => s.day === day);
  return activeFormsOfKind(snap, 'start_of_day').map((def) => ({ def, submission: subs.find((s) => s.formId === def.id) }));
}
