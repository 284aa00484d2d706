import {
  formDefinitionIssues,
  publishFormVersion,
  ZFormDraft,
  type TFormDefinition,
  type TFormDefinitionIssue,
  type TFormDraft,
  type TFormKind,
  type TFormQuestion,
  type TFormQuestionType,
} from '@fieldkeep/domain';

/**
 * The builder's working copy of a form. Each question carries a local key (React needs one that
 * survives renaming the question's id) and whether its id still follows its text.
 */
export interface EditableQuestion {
  key: string;
  /** A new question's id is made from its text until someone types an id. */
  autoId: boolean;
  question: TFormQuestion;
}
export interface EditableDraft {
  kind: TFormKind;
  name: string;
  questions: EditableQuestion[];
}

let nextKey = 0;
const newKey = () => `q${++nextKey}`;

export function toEditable(d: { kind: TFormKind; name: string; questions: readonly TFormQuestion[] }): EditableDraft {
  return { kind: d.kind, name: d.name, questions: d.questions.map((q) => ({ key: newKey(), autoId: false, question: structuredClone(q) })) };
}

export function toDraft(d: EditableDraft): TFormDraft {
  return { kind: d.kind, name: d.name, questions: d.questions.map((q) => q.question) };
}

/** "Is your first-aid kit stocked?" → "is_your_first_aid_kit_stocked" (a valid, unique slug). */
export function slugFrom(text: string, taken: ReadonlySet<string>): string {
  const base =
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^[^a-z]+/, '')
      .replace(/_+$/g, '')
      .slice(0, 50)
      .replace(/_+$/g, '') || 'question';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** A fresh question of a type, keeping what still fits from `from` (text, help, required, visibility). */
export function questionOfType(type: TFormQuestionType, from: Pick<TFormQuestion, 'id' | 'text' | 'help' | 'required' | 'visibleWhen'>): TFormQuestion {
  const base = { id: from.id, text: from.text, required: from.required, ...(from.help ? { help: from.help } : {}), ...(from.visibleWhen ? { visibleWhen: from.visibleWhen } : {}) };
  switch (type) {
    case 'single_choice':
    case 'multiple_choice':
      return { ...base, type, options: [{ id: 'option_1', label: 'Option 1' }] };
    case 'text':
    case 'number':
    case 'date':
    case 'time':
    case 'datetime':
    case 'photo':
    case 'signature':
    case 'yes_no':
      return { ...base, type };
  }
}

export function newQuestion(draft: EditableDraft): EditableQuestion {
  const taken = new Set(draft.questions.map((q) => q.question.id));
  return { key: newKey(), autoId: true, question: { id: slugFrom('question', taken), type: 'yes_no', text: '', required: true } };
}

export const pathKey = (path: ReadonlyArray<string | number>) => path.join('.');

/**
 * Every problem that stops publishing, each once: the shape (blank text, bad ids…), the rules of
 * formDefinitionIssues (conditions on later questions, outcomes the kind may not use…) and, for a
 * form that has versions, what a new version may not change (kind, a kept question's type).
 */
export function draftIssues(draft: TFormDraft, previous: TFormDefinition | null): TFormDefinitionIssue[] {
  const all: TFormDefinitionIssue[] = [];
  try {
    all.push(...formDefinitionIssues(draft));
  } catch {
    // A half-edited shape formDefinitionIssues cannot read; the parse below names the problem.
  }
  if (previous) {
    const r = publishFormVersion(previous.id, previous, draft);
    if (!r.ok) all.push(...r.issues);
  } else {
    const r = ZFormDraft.safeParse(draft);
    if (!r.success) all.push(...r.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })));
  }
  const seen = new Set<string>();
  return all.filter((i) => {
    const k = `${pathKey(i.path)}|${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The issues under a path prefix (e.g. one question's), with the rest of their path. */
export function issuesUnder(issues: readonly TFormDefinitionIssue[], prefix: ReadonlyArray<string | number>): TFormDefinitionIssue[] {
  return issues
    .filter((i) => prefix.every((p, n) => i.path[n] === p))
    .map((i) => ({ path: i.path.slice(prefix.length), message: i.message }));
}

/** The first message exactly at a path (for a field's `error`). */
export function issueAt(issues: readonly TFormDefinitionIssue[], path: ReadonlyArray<string | number>): string | undefined {
  const k = pathKey(path);
  return issues.find((i) => pathKey(i.path) === k)?.message;
}
