import { Alert, Button, Checkbox, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { ROLES, type TAnnouncementWithCounts, type TRole } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/http';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ROLE_LABELS } from '../../components/roleLabels';
import { useLoad } from '../../components/useLoad';
import { formatDateTime } from '../../format/dates';
import { announcementsApi } from './announcementsApi';
import { ReleaseNoteBody } from './ReleaseNoteBody';

const audienceText = (a: readonly TRole[]) => (a.length === 0 ? 'Everyone' : a.map((r) => ROLE_LABELS[r]).join(', '));

/** Admin: post a "what's new" announcement (each person it is for sees it once), see who dismissed what, read the release notes. */
export function AnnouncementsPage() {
  const list = useLoad(() => announcementsApi.all(), []);
  const notes = useLoad(() => announcementsApi.releaseNotes(false), []);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [audience, setAudience] = useState<TRole[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [posted, setPosted] = useState<string | null>(null);
  const errors = fieldErrors(error);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    setPosted(null);
    try {
      const r = await announcementsApi.post({ title, body, audience });
      setPosted(r.announcement.title);
      setTitle('');
      setBody('');
      setAudience([]);
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  const columns: Column<TAnnouncementWithCounts>[] = [
    { key: 'at', header: 'Posted', render: (a) => formatDateTime(a.createdAt), sortValue: (a) => a.createdAt },
    { key: 'title', header: 'Title', render: (a) => a.title, sortValue: (a) => a.title },
    { key: 'for', header: 'For', render: (a) => audienceText(a.audience) },
    { key: 'by', header: 'By', render: (a) => a.createdByName ?? '—' },
    { key: 'seen', header: 'Dismissed by', render: (a) => `${a.seen} of ${a.audienceSize}`, sortValue: (a) => a.seen },
  ];

  return (
    <Stack>
      <Title order={1}>Announcements</Title>
      <Text maw={800}>Tell your people what is new: each person it is for sees it once — in the office or in the field app on their phone (when it has a connection) — until they dismiss it.</Text>
      <Paper withBorder p="md" maw={760}>
        <form onSubmit={(e) => void submit(e)} aria-label="New announcement">
          <Stack gap="sm">
            <Title order={2} size="h4">
              New announcement
            </Title>
            <TextInput label="Title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} required maxLength={120} error={errors.title} />
            <Textarea label="Message" value={body} onChange={(e) => setBody(e.currentTarget.value)} required autosize minRows={3} maxLength={4000} error={errors.body} />
            <Checkbox.Group label="Who is it for?" description="Nobody ticked: everyone." value={audience} onChange={(v) => setAudience(v as TRole[])}>
              <Group mt={6}>
                {ROLES.map((r) => (
                  <Checkbox key={r} value={r} label={ROLE_LABELS[r]} />
                ))}
              </Group>
            </Checkbox.Group>
            <ErrorAlert error={error} title="Could not post the announcement" />
            {posted && (
              <Alert color="green" role="status">
                “{posted}” is posted: people see it the next time they open Fieldkeep.
              </Alert>
            )}
            <Button type="submit" loading={saving} w="fit-content">
              Post announcement
            </Button>
          </Stack>
        </form>
      </Paper>
      <Title order={2} size="h3">
        Posted
      </Title>
      <ErrorAlert error={list.error} title="Could not load the announcements" />
      <DataTable caption="Announcements posted" columns={columns} rows={list.data?.announcements ?? []} rowKey={(a) => a.id} empty="None yet." initialSort={{ key: 'at', direction: 'desc' }} />
      <Title order={2} size="h3">
        Release notes
      </Title>
      <ErrorAlert error={notes.error} title="Could not load the release notes" />
      {notes.data && (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            This server runs Fieldkeep {notes.data.serverVersion}.
          </Text>
          {notes.data.notes.map((n) => (
            <Paper key={n.version} withBorder p="sm">
              <Title order={3} size="h5">
                Fieldkeep {n.version}
                {n.date ? ` — ${n.date}` : ''}
              </Title>
              <ReleaseNoteBody body={n.body} />
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
