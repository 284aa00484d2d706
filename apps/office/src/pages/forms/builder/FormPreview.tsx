import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { FormRenderer, useFormState, type TRenderableForm } from '@fieldkeep/forms-ui';
import '@fieldkeep/forms-ui/forms.css';
import { Component, useState, type ReactNode } from 'react';
import { effectLabel } from '../formWords';

/** A half-edited draft the renderer cannot draw must not take the builder down with it. */
class PreviewBoundary extends Component<{ resetKey: string; children: ReactNode }, { failed: boolean; key: string }> {
  override state = { failed: false, key: this.props.resetKey };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  static getDerivedStateFromProps(props: { resetKey: string }, state: { failed: boolean; key: string }) {
    return props.resetKey === state.key ? null : { failed: false, key: props.resetKey };
  }
  override render() {
    return this.state.failed ? <Text c="red.8">The preview cannot show this draft yet: fix the problems marked on the left.</Text> : this.props.children;
  }
}

interface Props {
  title: string;
  form: TRenderableForm & { name: string };
  readOnly?: boolean;
}

/** The form as the phone shows it, drawn by the phone's own renderer; answer it to try visibility and outcomes. */
export function FormPreview({ title, form, readOnly = false }: Props) {
  const state = useFormState(form);
  const [checked, setChecked] = useState<string | null>(null);
  const outcomes = state.evaluation.outcomes;

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title} bg="gray.0">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} fz="lg">
              {title}
            </Title>
            <Text size="sm" c="dimmed">
              {readOnly ? 'As engineers saw it (read-only).' : 'The phone’s own renderer. Answer it to try what shows when; nothing is saved.'}
            </Text>
          </div>
          {!readOnly && (
            <Button
              size="compact-sm"
              variant="default"
              onClick={() => {
                state.reset();
                setChecked(null);
              }}
            >
              Clear answers
            </Button>
          )}
        </Group>
        <div style={{ maxHeight: readOnly ? undefined : 'calc(100vh - 260px)', overflowY: 'auto', background: 'white', borderRadius: 12, border: '1px solid var(--mantine-color-gray-4)', padding: 12 }}>
          <Text fw={700} mb="sm">
            {form.name || 'Untitled form'}
          </Text>
          <PreviewBoundary resetKey={JSON.stringify(form.questions)}>
            <FormRenderer definition={form} answers={state.answers} onChange={state.setAnswers} errors={state.errors} readOnly={readOnly} />
          </PreviewBoundary>
        </div>
        {!readOnly && (
          <Stack gap={4} role="status" aria-label="What these answers would do">
            <Text size="sm" fw={600}>
              {outcomes.length === 0 ? 'These answers set off nothing.' : 'These answers would:'}
            </Text>
            {outcomes.map((o, i) => (
              <Text size="sm" key={i}>
                • {effectLabel(o.effect)}: {o.message}
              </Text>
            ))}
            <Group gap="xs">
              <Button
                size="compact-sm"
                variant="light"
                onClick={() => {
                  const r = state.validate();
                  setChecked(r.ok ? 'The phone would accept these answers.' : `The phone would ask for ${r.errors.length === 1 ? '1 more answer' : `${r.errors.length} more answers`}.`);
                }}
              >
                Try submitting
              </Button>
              {checked && <Text size="sm">{checked}</Text>}
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
