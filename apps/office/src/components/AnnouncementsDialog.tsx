import { Button, Divider, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import type { TAnnouncement, TReleaseNote } from '@fieldkeep/domain';
import { useEffect, useState } from 'react';
import { formatDateTime } from '../format/dates';
import { announcementsApi } from '../pages/announcements/announcementsApi';
import { ReleaseNoteBody } from '../pages/announcements/ReleaseNoteBody';
import { useUser } from '../session/SessionContext';
import { ErrorAlert } from './ErrorAlert';

/**
 * "What's new", once: the announcements this person has not dismissed and, for an admin after an
 * upgrade, the release notes of the versions they have not seen. Dismissed items are not shown
 * again; "Later" closes the dialog and it comes back next time. Mounted once in the signed-in layout.
 */
export function AnnouncementsDialog() {
  const user = useUser();
  const [announcements, setAnnouncements] = useState<TAnnouncement[]>([]);
  const [notes, setNotes] = useState<TReleaseNote[]>([]);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    void Promise.allSettled([announcementsApi.unseen(), user.role === 'admin' ? announcementsApi.releaseNotes(true) : Promise.resolve(null)]).then(([a, n]) => {
      if (!live) return;
      const list = a.status === 'fulfilled' ? a.value.announcements : [];
      const rn = n.status === 'fulfilled' && n.value ? n.value.notes : [];
      setAnnouncements(list);
      setNotes(rn);
      setOpen(list.length > 0 || rn.length > 0);
    });
    return () => {
      live = false;
    };
  }, [user.id, user.role]);

  const dismiss = async (id: string) => {
    setError(null);
    try {
      await announcementsApi.dismiss(id);
      const rest = announcements.filter((a) => a.id !== id);
      setAnnouncements(rest);
      if (rest.length === 0 && notes.length === 0) setOpen(false);
    } catch (err) {
      setError(err);
    }
  };

  const dismissAll = async () => {
    setBusy(true);
    setError(null);
    try {
      for (const a of announcements) await announcementsApi.dismiss(a.id);
      if (notes.length > 0) await announcementsApi.acknowledgeReleaseNotes();
      setAnnouncements([]);
      setNotes([]);
      setOpen(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={open} onClose={() => setOpen(false)} title={<Title order={2} size="h3">What’s new</Title>} size="lg" closeButtonProps={{ 'aria-label': 'Later: show this again next time' }}>
      <Stack>
        {announcements.map((a) => (
          <Paper key={a.id} withBorder p="sm" aria-label={`Announcement: ${a.title}`} role="article">
            <Stack gap={6}>
              <Title order={3} size="h5">
                {a.title}
              </Title>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {a.body}
              </Text>
              <Group justify="space-between">
                <Text size="xs" c="dimmed">
                  {a.createdByName ?? 'Your admin'}, {formatDateTime(a.createdAt)}
                </Text>
                <Button size="xs" variant="light" onClick={() => void dismiss(a.id)} aria-label={`Dismiss “${a.title}”`}>
                  Dismiss
                </Button>
              </Group>
            </Stack>
          </Paper>
        ))}
        {notes.length > 0 && (
          <>
            {announcements.length > 0 && <Divider />}
            <Text size="sm">Fieldkeep has been updated. What changed since you last looked:</Text>
            {notes.map((n) => (
              <Paper key={n.version} withBorder p="sm" aria-label={`Release notes ${n.version}`} role="article">
                <Title order={3} size="h5" mb={6}>
                  Fieldkeep {n.version}
                  {n.date ? ` — ${n.date}` : ''}
                </Title>
                <ReleaseNoteBody body={n.body} />
              </Paper>
            ))}
          </>
        )}
        <ErrorAlert error={error} title="Could not mark it as read" />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setOpen(false)}>
            Later
          </Button>
          <Button onClick={() => void dismissAll()} loading={busy}>
            Got it — don’t show these again
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
