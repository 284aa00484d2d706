import { Button, Group, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import { FORM_EFFECTS, FORM_KIND_EFFECTS, type TFormDefinitionIssue, type TFormEffect, type TFormKind, type TFormOutcome, type TFormQuestion } from '@fieldkeep/domain';
import { EFFECT_LABELS, FORM_KIND_LABELS } from '../formWords';
import { ConditionEditor } from './ConditionEditor';
import { issueAt, issuesUnder } from './draft';

interface Props {
  kind: TFormKind;
  index: number;
  questions: readonly TFormQuestion[];
  outcomes: TFormOutcome[];
  onChange: (outcomes: TFormOutcome[] | undefined) => void;
  /** Issues under this question's `outcomes`. */
  issues: TFormDefinitionIssue[];
}

/** What an answer sets off; only the effects this kind of form may use are offered. */
export function OutcomesEditor({ kind, index, questions, outcomes, onChange, issues }: Props) {
  const allowed = FORM_KIND_EFFECTS[kind];
  const self = questions[index]!;
  const laterPhotos = questions.slice(index + 1).filter((q) => q.type === 'photo');
  const n = index + 1;

  const make = (effect: TFormEffect, from?: TFormOutcome): TFormOutcome => {
    const when = from?.when ?? (self.type === 'yes_no' ? { op: 'equals' as const, questionId: self.id, value: false } : { op: 'answered' as const, questionId: self.id });
    const message = from?.message ?? '';
    if (effect === 'require_photo') return { effect, when, message, photoQuestionId: laterPhotos[0]?.id ?? '' };
    return { effect, when, message };
  };
  const set = (k: number, o: TFormOutcome) => onChange(outcomes.map((x, i) => (i === k ? o : x)));

  return (
    <Stack gap="xs">
      {outcomes.map((o, k) => {
        const at = issuesUnder(issues, [k]);
        const whenIssue = issuesUnder(at, ['when'])[0]?.message;
        return (
          <Paper key={k} withBorder p="xs" bg="gray.0">
            <Stack gap="xs">
              <Group align="flex-end" gap="xs" wrap="wrap">
                <NativeSelect
                  label={`Outcome ${k + 1}`}
                  aria-label={`Question ${n}, outcome ${k + 1}: effect`}
                  value={o.effect}
                  onChange={(e) => set(k, make(e.currentTarget.value as TFormEffect, o))}
                  data={FORM_EFFECTS.filter((f) => allowed.includes(f) || f === o.effect).map((f) => ({ value: f, label: EFFECT_LABELS[f] }))}
                  error={issueAt(at, ['effect'])}
                />
                <Button variant="subtle" color="red" size="compact-sm" onClick={() => onChange(outcomes.length > 1 ? outcomes.filter((_, i) => i !== k) : undefined)}>
                  Remove outcome {k + 1}
                </Button>
              </Group>
              <ConditionEditor
                label="When"
                name={`Question ${n}, outcome ${k + 1}: when`}
                condition={o.when}
                onChange={(c) => c && set(k, { ...o, when: c })}
                questions={questions}
                allowed={(i) => i <= index}
                optional={false}
                error={whenIssue}
              />
              <TextInput
                label="Message"
                aria-label={`Question ${n}, outcome ${k + 1}: message`}
                placeholder="Shown on the phone and to the office, e.g. “Unsafe to enter the property”"
                value={o.message}
                onChange={(e) => set(k, { ...o, message: e.currentTarget.value })}
                error={issueAt(at, ['message'])}
              />
              {o.effect === 'require_photo' && (
                <NativeSelect
                  label="Photo question"
                  aria-label={`Question ${n}, outcome ${k + 1}: photo question`}
                  description="A later photo question; it is shown and must be answered when this fires."
                  value={o.photoQuestionId}
                  onChange={(e) => set(k, { ...o, photoQuestionId: e.currentTarget.value })}
                  data={[
                    ...(laterPhotos.some((q) => q.id === o.photoQuestionId) ? [] : [{ value: o.photoQuestionId, label: o.photoQuestionId ? `“${o.photoQuestionId}”` : 'Add a photo question after this one' }]),
                    ...laterPhotos.map((q) => ({ value: q.id, label: q.text || q.id })),
                  ]}
                  error={issueAt(at, ['photoQuestionId'])}
                />
              )}
            </Stack>
          </Paper>
        );
      })}
      <Group gap="xs">
        <Button variant="light" size="compact-sm" onClick={() => onChange([...outcomes, make(allowed[0]!)])} disabled={outcomes.length >= 10}>
          Add outcome to question {n}
        </Button>
        <Text size="xs" c="dimmed">
          A {FORM_KIND_LABELS[kind].toLowerCase()} may: {allowed.map((e) => EFFECT_LABELS[e].toLowerCase()).join(', ')}.
        </Text>
      </Group>
    </Stack>
  );
}
