import { Group, NativeSelect, Text, TextInput } from '@mantine/core';
import type { TFormCondition, TFormQuestion } from '@fieldkeep/domain';

type Leaf = Exclude<TFormCondition, { op: 'all' | 'any' }>;
type LeafOp = Leaf['op'];

interface Props {
  /** The visible label ("Show only when", "When"). */
  label: string;
  /** The accessible name of the controls, unique on the page ("Question 2: show only when"). */
  name: string;
  condition: TFormCondition | undefined;
  onChange: (c: TFormCondition | undefined) => void;
  /** Every question of the form, and which ones this condition may look at. */
  questions: readonly TFormQuestion[];
  allowed: (index: number) => boolean;
  /** Whether "always" (no condition) is a choice: visibility yes, an outcome no. */
  optional: boolean;
  error?: string;
}

const OP_WORDS: Record<LeafOp, string> = { equals: 'is', notEquals: 'is not', in: 'is one of', includes: 'includes', answered: 'is answered' };

/** The operators that fit a question's type (the same rules formDefinitionIssues checks). */
function opsFor(q: TFormQuestion): LeafOp[] {
  switch (q.type) {
    case 'multiple_choice':
      return ['includes', 'answered'];
    case 'photo':
    case 'signature':
      return ['answered'];
    case 'yes_no':
    case 'single_choice':
    case 'text':
    case 'number':
    case 'date':
    case 'time':
    case 'datetime':
      return ['equals', 'notEquals', 'answered'];
  }
}

/** A sensible first value for a leaf on `q`. */
function leafFor(q: TFormQuestion, op: LeafOp): Leaf {
  if (op === 'answered') return { op, questionId: q.id };
  if (q.type === 'multiple_choice') return { op: 'includes', questionId: q.id, optionId: q.options[0]?.id ?? '' };
  const value = q.type === 'yes_no' ? false : q.type === 'single_choice' ? (q.options[0]?.id ?? '') : q.type === 'number' ? (q.min ?? 0) : '';
  return op === 'notEquals' ? { op, questionId: q.id, value } : { op: 'equals', questionId: q.id, value };
}

/** One condition on one question: "Show only when [question] [is] [No]". Groups (all/any) are kept as they are. */
export function ConditionEditor({ label, name: fullName, condition, onChange, questions, allowed, optional, error }: Props) {
  if (condition && (condition.op === 'all' || condition.op === 'any')) {
    return (
      <Text size="sm">
        {label}: a combined condition ({condition.op === 'all' ? 'all of' : 'any of'} {condition.conditions.length}), kept as published.{' '}
        <Text component="button" type="button" size="sm" c="blue" td="underline" bg="none" bd="none" onClick={() => onChange(undefined)}>
          Remove it
        </Text>
      </Text>
    );
  }
  const leaf = condition;
  const targetIndex = leaf ? questions.findIndex((q) => q.id === leaf.questionId) : -1;
  const target = targetIndex >= 0 ? questions[targetIndex] : undefined;
  const choices = questions
    .map((q, i) => ({ q, i }))
    .filter(({ q, i }) => allowed(i) || q.id === leaf?.questionId)
    .map(({ q, i }) => ({ value: q.id, label: `${i + 1}. ${q.text || q.id}${allowed(i) ? '' : ' (comes later)'}` }));
  const questionData = [...(optional ? [{ value: '', label: 'Always show' }] : []), ...(leaf && !target ? [{ value: leaf.questionId, label: `“${leaf.questionId}” (no such question)` }] : []), ...choices];

  const pickQuestion = (id: string) => {
    const q = questions.find((x) => x.id === id);
    if (!q) return onChange(undefined);
    onChange(leafFor(q, opsFor(q)[0]!));
  };

  const valueInput = () => {
    if (!leaf || !target || leaf.op === 'answered' || leaf.op === 'in') return null;
    const name = `${fullName}: value`;
    if (leaf.op === 'includes') {
      const opts = target.type === 'multiple_choice' ? target.options : [];
      return <NativeSelect aria-label={name} value={leaf.optionId} onChange={(e) => onChange({ ...leaf, optionId: e.currentTarget.value })} data={opts.map((o) => ({ value: o.id, label: o.label }))} />;
    }
    if (target.type === 'yes_no') {
      return (
        <NativeSelect
          aria-label={name}
          value={String(leaf.value)}
          onChange={(e) => onChange({ ...leaf, value: e.currentTarget.value === 'true' })}
          data={[
            { value: 'true', label: 'Yes' },
            { value: 'false', label: 'No' },
          ]}
        />
      );
    }
    if (target.type === 'single_choice') {
      return <NativeSelect aria-label={name} value={String(leaf.value)} onChange={(e) => onChange({ ...leaf, value: e.currentTarget.value })} data={target.options.map((o) => ({ value: o.id, label: o.label }))} />;
    }
    const numeric = target.type === 'number';
    return (
      <TextInput
        aria-label={name}
        type={numeric ? 'number' : target.type === 'date' ? 'date' : target.type === 'time' ? 'time' : 'text'}
        value={String(leaf.value)}
        onChange={(e) => onChange({ ...leaf, value: numeric ? Number(e.currentTarget.value) : e.currentTarget.value })}
      />
    );
  };

  return (
    <div>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <NativeSelect label={label} aria-label={fullName} value={leaf?.questionId ?? ''} onChange={(e) => pickQuestion(e.currentTarget.value)} data={questionData} maw={360} />
        {leaf && target && (
          <NativeSelect
            aria-label={`${fullName}: test`}
            value={leaf.op}
            onChange={(e) => onChange(leafFor(target, e.currentTarget.value as LeafOp))}
            data={[...new Set([...opsFor(target), leaf.op])].map((op) => ({ value: op, label: OP_WORDS[op] }))}
          />
        )}
        {valueInput()}
      </Group>
      {error && (
        <Text size="sm" c="red.8" mt={4} role="alert">
          ⚠ {error}
        </Text>
      )}
    </div>
  );
}
