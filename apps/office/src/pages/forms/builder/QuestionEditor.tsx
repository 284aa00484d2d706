import { Alert, Button, Card, Checkbox, Group, List, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { TFormDefinitionIssue, TFormKind, TFormQuestion, TFormQuestionType } from '@fieldkeep/domain';
import { QUESTION_TYPE_LABELS } from '../formWords';
import { ConditionEditor } from './ConditionEditor';
import { issueAt, issuesUnder, pathKey, questionOfType, slugFrom, type EditableQuestion } from './draft';
import { OutcomesEditor } from './OutcomesEditor';
import { QuestionSettings } from './QuestionSettings';

interface Props {
  kind: TFormKind;
  index: number;
  item: EditableQuestion;
  questions: readonly TFormQuestion[];
  /** Question ids published before (changing one of these ids makes a new question). */
  publishedIds: ReadonlySet<string>;
  onChange: (item: EditableQuestion) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  /** Issues under this question (path relative to it). */
  issues: TFormDefinitionIssue[];
}

const TYPES = Object.entries(QUESTION_TYPE_LABELS).map(([value, label]) => ({ value, label }));

/** One question of the draft: its words, type, settings, when it shows, and what its answers set off. */
export function QuestionEditor({ kind, index, item, questions, publishedIds, onChange, onMove, onRemove, issues }: Props) {
  const q = item.question;
  const n = index + 1;
  const set = (question: TFormQuestion, autoId = item.autoId) => onChange({ ...item, autoId, question });
  const otherIds = new Set(questions.filter((_, i) => i !== index).map((x) => x.id));
  const setText = (text: string) => set(item.autoId ? { ...q, text, id: slugFrom(text || 'question', otherIds) } : { ...q, text });
  const setType = (type: TFormQuestionType) => {
    const next = questionOfType(type, q);
    set(q.outcomes ? { ...next, outcomes: q.outcomes } : next);
  };
  const shown = new Set(['text', 'id', 'help', 'type', 'visibleWhen'].map((k) => pathKey([k])));
  const rest = issues.filter((i) => !shown.has(pathKey(i.path.slice(0, 1))) || i.path.length === 0);
  const visibilityIssue = issuesUnder(issues, ['visibleWhen'])[0]?.message;

  return (
    <Card withBorder radius="md" padding="md" component="section" aria-label={`Question ${n}`} data-question-id={q.id}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={700}>
            Question {n} · {QUESTION_TYPE_LABELS[q.type]}
            {issues.length > 0 && (
              <Text span c="red.8" fw={600} ml="xs">
                ⚠ {issues.length === 1 ? '1 problem' : `${issues.length} problems`}
              </Text>
            )}
          </Text>
          <Group gap={4} wrap="nowrap">
            <Button size="compact-sm" variant="default" onClick={() => onMove(-1)} disabled={index === 0} aria-label={`Move question ${n} up`}>
              ↑ Up
            </Button>
            <Button size="compact-sm" variant="default" onClick={() => onMove(1)} disabled={index === questions.length - 1} aria-label={`Move question ${n} down`}>
              ↓ Down
            </Button>
            <Button size="compact-sm" variant="subtle" color="red" onClick={onRemove} aria-label={`Remove question ${n}`}>
              Remove
            </Button>
          </Group>
        </Group>
        <Group grow align="flex-start" preventGrowOverflow={false}>
          <Textarea label="Text" aria-label={`Question ${n} text`} autosize minRows={1} value={q.text} onChange={(e) => setText(e.currentTarget.value)} error={issueAt(issues, ['text'])} required style={{ flexGrow: 2 }} />
          <NativeSelect label="Type" aria-label={`Question ${n} type`} value={q.type} onChange={(e) => setType(e.currentTarget.value as TFormQuestionType)} data={TYPES} error={issueAt(issues, ['type'])} />
        </Group>
        <Group grow align="flex-start" preventGrowOverflow={false}>
          <TextInput
            label="Help"
            aria-label={`Question ${n} help`}
            placeholder="Optional: shown under the question"
            value={q.help ?? ''}
            onChange={(e) => set(e.currentTarget.value ? { ...q, help: e.currentTarget.value } : (({ help: _h, ...r }) => r)(q))}
            error={issueAt(issues, ['help'])}
            style={{ flexGrow: 2 }}
          />
          <TextInput
            label="Answer key"
            aria-label={`Question ${n} answer key`}
            title={publishedIds.has(q.id) ? 'Published: reports follow this key across versions.' : 'Lower-case letters, digits and _; fixed once published.'}
            value={q.id}
            onChange={(e) => set({ ...q, id: e.currentTarget.value }, false)}
            error={issueAt(issues, ['id'])}
          />
        </Group>
        <Checkbox label="Must be answered (when shown)" aria-label={`Question ${n} must be answered`} checked={q.required} onChange={(e) => set({ ...q, required: e.currentTarget.checked })} />
        <QuestionSettings n={n} question={q} onChange={(x) => set(x)} issues={issues} />
        <ConditionEditor
          label="Show only when"
          name={`Question ${n}: show only when`}
          condition={q.visibleWhen}
          onChange={(c) => set(c ? { ...q, visibleWhen: c } : (({ visibleWhen: _v, ...r }) => r)(q))}
          questions={questions}
          allowed={(i) => i < index}
          optional
          error={visibilityIssue}
        />
        <OutcomesEditor kind={kind} index={index} questions={questions} outcomes={q.outcomes ?? []} onChange={(o) => set(o?.length ? { ...q, outcomes: o } : (({ outcomes: _o, ...r }) => r)(q))} issues={issuesUnder(issues, ['outcomes'])} />
        {rest.length > 0 && (
          <Alert color="red" variant="light" title={`Question ${n} cannot be published yet`} role="alert" p="xs">
            <List size="sm">
              {rest.map((i) => (
                <List.Item key={`${pathKey(i.path)}|${i.message}`}>{i.message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
