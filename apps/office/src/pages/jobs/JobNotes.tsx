import { Badge, Button, Checkbox, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import type { TJobNote } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';
import { api, fieldErrors } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format/dates';

/** The job's notes, newest last; a note can be shown to the client in their portal. */
export function JobNotes({ jobId, notes, onAdded }: { jobId: string; notes: TJobNote[]; onAdded: (note: TJobNote) => void }) {
  const [text, setText] = useState('');
  const [clientVisible, setClientVisible] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { note } = await api.addJobNote(jobId, text.trim(), clientVisible);
      onAdded(note);
      setText('');
      setClientVisible(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="notes-heading">
      <Title order={2} fz="lg" id="notes-heading">
        Notes
      </Title>
      {notes.length === 0 && <Text c="dimmed">No notes yet.</Text>}
      {notes.map((n) => (
        <Paper key={n.id} withBorder p="sm" radius="sm">
          <Group justify="space-between" mb={4}>
            <Text size="sm" fw={600}>
              {n.authorName ?? 'Fieldkeep'} · {formatDateTime(n.at)}
            </Text>
            <Badge variant={n.clientVisible ? 'filled' : 'outline'} color={n.clientVisible ? 'teal' : 'gray'}>
              {n.clientVisible ? 'Visible to client' : 'Office only'}
            </Badge>
          </Group>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{n.text}</Text>
        </Paper>
      ))}
      <form onSubmit={(e) => void submit(e)} noValidate aria-label="Add a note">
        <Stack gap="xs">
          <ErrorAlert error={error} title="Could not add the note" />
          <Textarea label="New note" autosize minRows={2} value={text} onChange={(e) => setText(e.currentTarget.value)} error={fieldErrors(error).text} />
          <Group justify="space-between">
            <Checkbox label="Visible to client" description="Shown in the client’s portal." checked={clientVisible} onChange={(e) => setClientVisible(e.currentTarget.checked)} />
            <Button type="submit" loading={busy} disabled={!text.trim()}>
              Add note
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
