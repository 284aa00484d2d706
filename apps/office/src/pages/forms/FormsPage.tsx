import { Anchor, Badge, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { TFormSummary } from '@fieldkeep/domain';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { formatDateTime } from '../../format/dates';
import { FORM_KIND_LABELS } from './formWords';

/** The tenant's forms: what engineers are asked, by kind and current version. */
export function FormsPage() {
  const forms = useLoad(() => api.listForms().then((r) => r.forms), []);
  const navigate = useNavigate();

  const columns: Column<TFormSummary>[] = [
    {
      key: 'name',
      header: 'Form',
      sortValue: (f) => f.name,
      render: (f) => (
        <Anchor component={Link} to={`/settings/forms/${f.id}`} fw={600} onClick={(e) => e.stopPropagation()}>
          {f.name}
        </Anchor>
      ),
    },
    { key: 'kind', header: 'Kind', render: (f) => FORM_KIND_LABELS[f.kind], sortValue: (f) => FORM_KIND_LABELS[f.kind] },
    { key: 'version', header: 'Current version', render: (f) => `Version ${f.currentVersion}`, sortValue: (f) => f.currentVersion },
    { key: 'questions', header: 'Questions', render: (f) => f.questionCount, sortValue: (f) => f.questionCount },
    { key: 'published', header: 'Published', render: (f) => formatDateTime(f.publishedAt), sortValue: (f) => f.publishedAt },
    {
      key: 'active',
      header: 'Status',
      sortValue: (f) => (f.active ? 0 : 1),
      render: (f) => (
        <Badge color={f.active ? 'green' : 'gray'} variant="light">
          {f.active ? 'In use' : 'Retired'}
        </Badge>
      ),
    },
  ];

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Forms</Title>
        <Button component={Link} to="/settings/forms/new">
          New form
        </Button>
      </Group>
      <Text c="dimmed">Risk assessments, health & safety and start-of-day checks, and completion forms. Publishing a change reaches every phone at its next sync; answers keep the version they answered.</Text>
      <ErrorAlert error={forms.error} title="Could not load the forms. Reload the page." />
      {!forms.data ? (
        !forms.error && <Loader aria-label="Loading forms" />
      ) : (
        <DataTable
          caption="Forms"
          columns={columns}
          rows={forms.data}
          rowKey={(f) => f.id}
          initialSort={{ key: 'name', direction: 'asc' }}
          onRowClick={(f) => void navigate(`/settings/forms/${f.id}`)}
          empty="No forms yet."
        />
      )}
    </Stack>
  );
}
