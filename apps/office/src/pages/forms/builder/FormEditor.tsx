import { Alert, Badge, Button, Grid, Group, List, Modal, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { FORM_KINDS, type TFormDefinition, type TFormKind } from '@fieldkeep/domain';
import { useMemo, useState } from 'react';
import { ApiError } from '../../../api/client';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FORM_KIND_LABELS } from '../formWords';
import { draftIssues, issueAt, issuesUnder, newQuestion, toDraft, toEditable, type EditableDraft } from './draft';
import { FormPreview } from './FormPreview';
import { QuestionEditor } from './QuestionEditor';

interface Props {
  /** The current published version; null for a new form. */
  current: TFormDefinition | null;
  /** Where a new form starts. */
  initial: EditableDraft;
  /** Publishes the draft; resolves when the new version is shown. */
  onPublish: (draft: ReturnType<typeof toDraft>) => Promise<void>;
}

/** The draft on the left, the phone's renderer on the right; every rule problem shows as you type. */
export function FormEditor({ current, initial, onPublish }: Props) {
  const [draft, setDraft] = useState<EditableDraft>(initial);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const plain = useMemo(() => toDraft(draft), [draft]);
  const issues = useMemo(() => draftIssues(plain, current), [plain, current]);
  const publishedIds = useMemo(() => new Set(current?.questions.map((q) => q.id) ?? []), [current]);
  const changed = useMemo(() => !current || JSON.stringify(toDraft(toEditable(current))) !== JSON.stringify(plain), [current, plain]);
  const nextVersion = (current?.version ?? 0) + 1;
  const questions = plain.questions;
  const formLevel = issues.filter((i) => i.path[0] !== 'questions' || i.path.length === 1);

  const update = (patch: Partial<EditableDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const move = (from: number, by: -1 | 1) =>
    setDraft((d) => {
      const to = from + by;
      if (to < 0 || to >= d.questions.length) return d;
      const list = [...d.questions];
      [list[from], list[to]] = [list[to]!, list[from]!];
      return { ...d, questions: list };
    });

  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      await onPublish(plain);
      setConfirming(false);
    } catch (err) {
      setError(err);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Grid gutter="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack component="section" aria-label="Draft">
          <Group justify="space-between" align="flex-end">
            <Title order={2} fz="lg">
              {current ? `Draft of version ${nextVersion}` : 'New form'}
            </Title>
            <Group gap="xs">
              {current && changed && (
                <>
                  <Badge color="orange" variant="light">
                    Unpublished changes
                  </Badge>
                  <Button variant="default" size="xs" onClick={() => setDraft(toEditable(current))}>
                    Discard changes
                  </Button>
                </>
              )}
              <Button onClick={() => setConfirming(true)} disabled={issues.length > 0 || !changed}>
                Publish version {nextVersion}
              </Button>
            </Group>
          </Group>
          {issues.length > 0 ? (
            <Alert color="red" variant="light" role="status" title={issues.length === 1 ? '1 problem to fix before publishing' : `${issues.length} problems to fix before publishing`}>
              {formLevel.length > 0 ? (
                <List size="sm">
                  {formLevel.map((i) => (
                    <List.Item key={i.message}>{i.message}</List.Item>
                  ))}
                </List>
              ) : (
                <Text size="sm">Each problem is marked beside its question below.</Text>
              )}
            </Alert>
          ) : (
            <Text size="sm" c="dimmed" role="status">
              {changed ? 'No problems: this draft can be published.' : `This is version ${current?.version ?? 1} as published. Change anything to make version ${nextVersion}.`}
            </Text>
          )}
          <ErrorAlert error={error} title="Could not publish. Nothing was changed on the phones." />
          {error instanceof ApiError && error.issues.length > 0 && (
            <List size="sm" c="red.8">
              {error.issues.map((i) => (
                <List.Item key={`${i.path}|${i.message}`}>
                  {i.path.replace(/^body\.(draft\.)?/, '')}: {i.message}
                </List.Item>
              ))}
            </List>
          )}
          <Group grow align="flex-start">
            <TextInput label="Form name" value={draft.name} onChange={(e) => update({ name: e.currentTarget.value })} error={issueAt(issues, ['name'])} required />
            <NativeSelect
              label="Kind"
              description={current ? 'A published form keeps its kind.' : 'Decides which outcomes its answers may have.'}
              value={draft.kind}
              disabled={!!current}
              onChange={(e) => update({ kind: e.currentTarget.value as TFormKind })}
              data={FORM_KINDS.map((k) => ({ value: k, label: FORM_KIND_LABELS[k] }))}
              error={issueAt(issues, ['kind'])}
            />
          </Group>
          {draft.questions.map((item, i) => (
            <QuestionEditor
              key={item.key}
              kind={draft.kind}
              index={i}
              item={item}
              questions={questions}
              publishedIds={publishedIds}
              issues={issuesUnder(issues, ['questions', i])}
              onChange={(next) => setDraft((d) => ({ ...d, questions: d.questions.map((x) => (x.key === item.key ? next : x)) }))}
              onMove={(by) => move(i, by)}
              onRemove={() => setDraft((d) => ({ ...d, questions: d.questions.filter((x) => x.key !== item.key) }))}
            />
          ))}
          <Button variant="light" onClick={() => setDraft((d) => ({ ...d, questions: [...d.questions, newQuestion(d)] }))} w="fit-content">
            Add question
          </Button>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <div style={{ position: 'sticky', top: 76 }}>
          <FormPreview title={`Live preview of version ${nextVersion}`} form={plain} />
        </div>
      </Grid.Col>
      {confirming && (
        <Modal opened onClose={() => setConfirming(false)} title={`Publish version ${nextVersion}?`}>
          <Stack>
            <Text>
              “{plain.name}” version {nextVersion} ({questions.length === 1 ? '1 question' : `${questions.length} questions`}) reaches every phone at its next sync. Answers already given keep
              the version they answered; a published version never changes.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
              <Button onClick={() => void publish()} loading={busy}>
                Publish version {nextVersion}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Grid>
  );
}
