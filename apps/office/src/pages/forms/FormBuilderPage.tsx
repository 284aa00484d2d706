import { Anchor, Badge, Divider, Grid, Group, Loader, Stack, Switch, Text, Title } from '@mantine/core';
import { FORM_KINDS, type TFormDetail, type TFormDraft, type TFormKind } from '@fieldkeep/domain';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { useLoad } from '../../components/useLoad';
import { FormEditor } from './builder/FormEditor';
import { newQuestion, toEditable } from './builder/draft';
import { FormRulesPanel } from './FormRulesPanel';
import { FORM_KIND_LABELS } from './formWords';
import { VersionHistory } from './VersionHistory';

/** `/settings/forms/new`: a new form, published as version 1. */
function NewFormPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const asked = params.get('kind');
  const kind: TFormKind = FORM_KINDS.find((k) => k === asked) ?? 'risk_assessment';
  const [initial] = useState(() => {
    const d = toEditable({ kind, name: '', questions: [] });
    return { ...d, questions: [newQuestion(d)] };
  });
  const create = async (draft: TFormDraft) => {
    const detail = await api.createForm(draft);
    void navigate(`/settings/forms/${detail.form.id}`, { state: { notice: `“${detail.form.name}” is published as version 1. Add a rule below to say where it is asked.` } });
  };
  return (
    <Stack>
      <Anchor component={Link} to="/settings/forms" size="sm">
        ← All forms
      </Anchor>
      <Title order={1}>New form</Title>
      <FormEditor current={null} initial={initial} onPublish={create} />
    </Stack>
  );
}

/** `/settings/forms/:formId`: the builder with live preview, version history and where the form applies. */
export function FormBuilderPage() {
  const { formId = '' } = useParams();
  return formId === 'new' ? <NewFormPage /> : <ExistingFormPage formId={formId} />;
}

function ExistingFormPage({ formId }: { formId: string }) {
  const location = useLocation();
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const detail = useLoad(() => api.getForm(formId), [formId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (!detail.data) {
    return (
      <Stack>
        <Title order={1}>Form</Title>
        {detail.error ? <ErrorAlert error={detail.error} title="Could not load this form. Check the link, or open it from the forms list." /> : <Loader aria-label="Loading the form" />}
      </Stack>
    );
  }
  const { form, definition, versions } = detail.data;

  const publish = async (draft: TFormDraft) => {
    const next: TFormDetail = await api.publishFormVersion(formId, draft);
    detail.setData(() => next);
    setNotice(`Version ${next.definition.version} is published: phones get it at their next sync.`);
  };
  const setActive = async (active: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await api.setFormActive(formId, active);
      detail.setData((d) => d && { ...d, form: { ...d.form, active } });
      setNotice(active ? `“${form.name}” is in use again.` : `“${form.name}” is retired: it is no longer asked.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Anchor component={Link} to="/settings/forms" size="sm">
        ← All forms
      </Anchor>
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Title order={1}>{form.name}</Title>
          <Group gap="xs">
            <Badge variant="outline" color="dark">
              {FORM_KIND_LABELS[form.kind]}
            </Badge>
            <Text size="sm" data-testid="current-version">
              Current version: {form.currentVersion}
            </Text>
          </Group>
        </Stack>
        <Switch checked={form.active} disabled={busy} onChange={(e) => void setActive(e.currentTarget.checked)} label={form.active ? 'In use' : 'Retired'} aria-label="Form in use" />
      </Group>
      <Notice text={notice} onClose={() => setNotice(null)} />
      <ErrorAlert error={error} title="Could not change the form" />
      {/* A new editor per version: after publishing, the draft starts from what was published. */}
      <FormEditor key={`${formId}:${definition.version}`} current={definition} initial={toEditable(definition)} onPublish={publish} />
      <Divider />
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <VersionHistory formId={formId} versions={versions} current={definition.version} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          {form.kind === 'start_of_day' ? (
            <Stack gap="xs" component="section" aria-labelledby="form-rules-heading">
              <Title order={2} fz="lg" id="form-rules-heading">
                When it is asked
              </Title>
              <Text size="sm">Every engineer answers the start-of-day check once a day, before their first visit, while the form is in use. It never blocks the day.</Text>
            </Stack>
          ) : (
            <FormRulesPanel formId={formId} kind={form.kind} />
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
