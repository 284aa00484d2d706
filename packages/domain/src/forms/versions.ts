import type { z } from 'zod';
import { ZFormDefinition, ZFormDraft, type TFormDefinition } from './definition.js';
import type { TFormDefinitionIssue } from './definition-rules.js';

export type TFormPublishResult = { ok: true; definition: Readonly<TFormDefinition> } | { ok: false; issues: TFormDefinitionIssue[] };

const toIssues = (error: z.ZodError): TFormDefinitionIssue[] =>
  error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));

function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Publishing a draft makes the next immutable version of a form: version 1 when there is no
 * previous version, otherwise previous + 1. Across versions a form keeps its kind, and a question
 * id that survives keeps its type — reports follow answers by question id from version to
 * version, so "vehicle_ok" must mean a yes/no in every version. (Text, options and conditions may
 * change freely; a question whose meaning changes should get a new id.)
 */
export function publishFormVersion(formId: string, previous: TFormDefinition | null, draft: unknown): TFormPublishResult {
  const parsed = ZFormDraft.safeParse(draft);
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error) };
  const d = parsed.data;
  const issues: TFormDefinitionIssue[] = [];
  if (previous) {
    if (previous.id !== formId) issues.push({ path: [], message: `The previous version belongs to form ${previous.id}, not ${formId}.` });
    if (previous.kind !== d.kind) issues.push({ path: ['kind'], message: `A form's kind cannot change (it is ${previous.kind}); make a new form instead.` });
    const before = new Map(previous.questions.map((q) => [q.id, q.type]));
    d.questions.forEach((q, i) => {
      const was = before.get(q.id);
      if (was !== undefined && was !== q.type)
        issues.push({ path: ['questions', i, 'type'], message: `Question "${q.id}" was ${was} in version ${previous.version}; give a ${q.type} question a new id.` });
    });
  }
  if (issues.length) return { ok: false, issues };
  const next = ZFormDefinition.safeParse({ id: formId, version: previous ? previous.version + 1 : 1, ...d });
  return next.success ? { ok: true, definition: deepFreeze(next.data) } : { ok: false, issues: toIssues(next.error) };
}
