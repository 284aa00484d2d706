import { ActionIcon, Button, Checkbox, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import type { TFormDefinitionIssue, TFormOption, TFormQuestion } from '@fieldkeep/domain';
import { issueAt, slugFrom } from './draft';

interface Props {
  n: number;
  question: TFormQuestion;
  onChange: (q: TFormQuestion) => void;
  /** Issues under this question. */
  issues: TFormDefinitionIssue[];
}

const num = (v: string | number): number | undefined => (v === '' || v === undefined ? undefined : typeof v === 'number' ? v : Number.isFinite(Number(v)) ? Number(v) : undefined);

/** Drops keys whose value is undefined, so the draft never carries `min: undefined`. */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function OptionsEditor({ n, options, onChange, issues }: { n: number; options: TFormOption[]; onChange: (o: TFormOption[]) => void; issues: TFormDefinitionIssue[] }) {
  const add = () => {
    const taken = new Set(options.map((o) => o.id));
    onChange([...options, { id: slugFrom(`option ${options.length + 1}`, taken), label: `Option ${options.length + 1}` }]);
  };
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        Options
      </Text>
      {options.map((o, j) => (
        <Group key={j} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            aria-label={`Question ${n}, option ${j + 1}`}
            value={o.label}
            onChange={(e) => onChange(options.map((x, i) => (i === j ? { ...x, label: e.currentTarget.value } : x)))}
            error={issueAt(issues, ['options', j, 'label']) ?? issueAt(issues, ['options', j, 'id'])}
            style={{ flex: 1 }}
          />
          <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Remove option ${j + 1} of question ${n}`} onClick={() => onChange(options.filter((_, i) => i !== j))} disabled={options.length <= 1}>
            ✕
          </ActionIcon>
        </Group>
      ))}
      <Button variant="light" size="compact-sm" onClick={add} w="fit-content">
        Add option
      </Button>
    </Stack>
  );
}

/** The settings only some types have: options, a number's range, a text's length, photos allowed. */
export function QuestionSettings({ n, question: q, onChange, issues }: Props) {
  switch (q.type) {
    case 'single_choice':
      return <OptionsEditor n={n} options={q.options} onChange={(options) => onChange({ ...q, options })} issues={issues} />;
    case 'multiple_choice':
      return (
        <Stack gap="xs">
          <OptionsEditor n={n} options={q.options} onChange={(options) => onChange({ ...q, options })} issues={issues} />
          <Group grow>
            <NumberInput label="Choose at least" min={1} value={q.minSelections ?? ''} onChange={(v) => onChange(clean({ ...q, minSelections: num(v) }))} error={issueAt(issues, ['minSelections'])} />
            <NumberInput label="Choose at most" min={1} value={q.maxSelections ?? ''} onChange={(v) => onChange(clean({ ...q, maxSelections: num(v) }))} error={issueAt(issues, ['maxSelections'])} />
          </Group>
        </Stack>
      );
    case 'number':
      return (
        <Stack gap="xs">
          <Group grow align="flex-start">
            <NumberInput label="Minimum" value={q.min ?? ''} onChange={(v) => onChange(clean({ ...q, min: num(v) }))} error={issueAt(issues, ['min'])} />
            <NumberInput label="Maximum" value={q.max ?? ''} onChange={(v) => onChange(clean({ ...q, max: num(v) }))} error={issueAt(issues, ['max'])} />
            <NumberInput label="Step" min={0} value={q.step ?? ''} onChange={(v) => onChange(clean({ ...q, step: num(v) }))} error={issueAt(issues, ['step'])} />
            <TextInput label="Unit" placeholder="e.g. miles" value={q.unit ?? ''} onChange={(e) => onChange(clean({ ...q, unit: e.currentTarget.value || undefined }))} error={issueAt(issues, ['unit'])} />
          </Group>
          <Checkbox label="Whole numbers only" checked={q.integer ?? false} onChange={(e) => onChange(clean({ ...q, integer: e.currentTarget.checked || undefined }))} />
        </Stack>
      );
    case 'text':
      return (
        <Group align="flex-end">
          <NumberInput label="Longest answer (characters)" min={1} max={10_000} value={q.maxLength ?? ''} onChange={(v) => onChange(clean({ ...q, maxLength: num(v) }))} error={issueAt(issues, ['maxLength'])} />
          <Checkbox label="Several lines" checked={q.multiline ?? false} onChange={(e) => onChange(clean({ ...q, multiline: e.currentTarget.checked || undefined }))} mb={8} />
        </Group>
      );
    case 'photo':
      return <NumberInput label="Most photos" min={1} max={10} value={q.maxPhotos ?? ''} onChange={(v) => onChange(clean({ ...q, maxPhotos: num(v) }))} error={issueAt(issues, ['maxPhotos'])} maw={200} />;
    case 'yes_no':
    case 'date':
    case 'time':
    case 'datetime':
    case 'signature':
      return null;
  }
}
