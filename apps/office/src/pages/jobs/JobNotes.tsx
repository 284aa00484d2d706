import { Badge, Button, Checkbox, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import type { TJobNote, TReplicaQueueItem } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';
import { api, fieldErrors } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { formatDateTime } from '../../format/dates';
import { uuidv7 } from '@fieldkeep/domain';
import { QUEUED_MESSAGE, useIsReplica } from '../../session/ServerStateContext';
import { QueueStateBadge } from '../replica/queueWords';

interface Props {
  jobId: string;
  jobReference: string;
  notes: TJobNote[];
  onAdded: (note: TJobNote) => void;
  /** On a replica: notes on this job queued for the primary and not back from it yet. */
  queued?: TReplicaQueueItem[];
  onQueued?: () => void;
}

/**
 * The job's notes, newest last; a note can be shown to the client in their portal. On an office
 * replica a new note is queued for the primary (office-only) and listed as queued until it is back.
 */
export function JobNotes({ jobId, jobReference, notes, onAdded, queued = [], onQueued }: Props) {
  const isReplica = useIsReplica();
  const [text, setText] = useState('');
  const [clientVisible, setClientVisible] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const t = text.trim();
      if (isReplica) {
        await api.queueWork('jobNote.add', { id: uuidv7(), jobId, text: t, at: new Date().toISOString() }, `Note on ${jobReference}: ${t.length > 120 ? `${t.slice(0, 119)}…` : t}`);
        setNotice(QUEUED_MESSAGE);
        onQueued?.();
      } else {
        const { note } = await api.addJobNote(jobId, t, clientVisible);
        onAdded(note);
      }
      setText('');
      setClientVisible(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const pending = queued.filter((q) => !notes.some((n) => n.id === (q.args as { id?: string }).id));

  return (
    <Stack gap="sm" component="section" aria-labelledby="notes-heading">
      <Title order={2} fz="lg" id="notes-heading">
        Notes
      </Title>
      {notes.length === 0 && pending.length === 0 && <Text c="dimmed">No notes yet.</Text>}
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
      {pending.map((q) => (
        <Paper key={q.id} withBorder p="sm" radius="sm" style={{ borderStyle: 'dashed' }} aria-label="Queued note">
          <Group justify="space-between" mb={4}>
            <Text size="sm" fw={600}>
              Queued on the replica · {formatDateTime(q.createdAt)}
            </Text>
            <QueueStateBadge state={q.state} />
          </Group>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{(q.args as { text?: string }).text}</Text>
          {q.state === 'rejected' && (
            <Text size="sm" c="red.8" mt={4}>
              The primary refused it: {q.resultMessage}
            </Text>
          )}
        </Paper>
      ))}
      <form onSubmit={(e) => void submit(e)} noValidate aria-label="Add a note">
        <Stack gap="xs">
          <ErrorAlert error={error} title="Could not add the note" />
          <Notice text={notice} onClose={() => setNotice(null)} />
          <Textarea label="New note" autosize minRows={2} value={text} onChange={(e) => setText(e.currentTarget.value)} error={fieldErrors(error).text} />
          <Group justify="space-between">
            <Checkbox
              label="Visible to client"
              description={isReplica ? 'Notes queued on the replica are office-only.' : 'Shown in the client’s portal.'}
              checked={clientVisible && !isReplica}
              disabled={isReplica}
              onChange={(e) => setClientVisible(e.currentTarget.checked)}
            />
            <Button type="submit" loading={busy} disabled={!text.trim()}>
              {isReplica ? 'Queue note' : 'Add note'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
