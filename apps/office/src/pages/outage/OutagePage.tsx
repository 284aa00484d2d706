import { Alert, Anchor, Badge, Button, Card, Group, List, Loader, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { OUTAGE_NOTE_MAX, type TOutage, type TOutageNotice, type TOutageRecipient } from '@fieldkeep/domain';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { LATEST_PACK_URL } from '../../api/pack';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { ROLE_LABELS } from '../../components/roleLabels';
import { useLoad } from '../../components/useLoad';
import { formatDateTime, formatDay, formatRecent } from '../../format/dates';
import { formatSize } from '../../format/sizes';
import { useServerState } from '../../session/ServerStateContext';

const minutesSince = (iso: string) => Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60_000));
const forMinutes = (m: number) => (m < 1 ? 'under a minute' : m < 60 ? `${m} minute${m === 1 ? '' : 's'}` : `${Math.floor(m / 60)} h ${m % 60} min`);

/** Where this server stands: primary, replica with the primary answering, unreachable, outage declared. */
function Situation({ o }: { o: TOutage }) {
  if (o.role === 'primary') {
    return (
      <Alert color="blue" title="This is the primary: there is no outage here">
        On an office replica, this page turns into the outage procedure once the primary has not answered for {forMinutes(o.afterMinutes)}. Read it now, so everyone knows what to do
        on the day.
      </Alert>
    );
  }
  if (o.declaredAt && o.unreachableSince) {
    return (
      <Alert color="red" variant="filled" title={`Outage: the primary has not answered since ${formatRecent(o.unreachableSince)} (${forMinutes(minutesSince(o.unreachableSince))})`} role="alert" data-testid="outage-declared">
        Follow the procedure below. This replica shows the latest copy it has{o.lastUpdateAt ? ` (last update ${formatRecent(o.lastUpdateAt)})` : ''}, the newest fallback pack and what to tell callers.
      </Alert>
    );
  }
  if (o.unreachableSince) {
    return (
      <Alert color="orange" title={`The primary has not answered since ${formatRecent(o.unreachableSince)}`} data-testid="outage-pending">
        If it is still down after {forMinutes(o.afterMinutes)}, this replica declares an outage. You can start the procedure now if you know the system is down.
      </Alert>
    );
  }
  return (
    <Alert color="green" title="The primary answers">
      Last update {o.lastUpdateAt ? formatRecent(o.lastUpdateAt) : 'not yet'}. If the primary stops answering for {forMinutes(o.afterMinutes)}, this replica declares an outage and this
      page shows what to do.
    </Alert>
  );
}

/** A tenant text as the pack prints it: "- " lines as tick boxes, lines ending with ":" as headings. */
function PlainText({ text, label }: { text: string; label: string }) {
  const blocks: Array<{ kind: 'heading' | 'para'; text: string } | { kind: 'list'; items: string[] }> = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('- ')) {
      const last = blocks.at(-1);
      if (last?.kind === 'list') last.items.push(line.slice(2));
      else blocks.push({ kind: 'list', items: [line.slice(2)] });
    } else blocks.push({ kind: line.endsWith(':') ? 'heading' : 'para', text: line });
  }
  return (
    <Stack gap="xs" aria-label={label}>
      {blocks.map((b, i) =>
        b.kind === 'list' ? (
          <List key={i} size="sm" spacing={2} icon={<span aria-hidden>☐</span>}>
            {b.items.map((item, j) => (
              <List.Item key={j}>{item}</List.Item>
            ))}
          </List>
        ) : (
          <Text key={i} size="sm" fw={b.kind === 'heading' ? 700 : undefined}>
            {b.text}
          </Text>
        ),
      )}
    </Stack>
  );
}

const OUTCOME: Record<TOutageRecipient['outcome'], { label: string; color: string }> = {
  sent: { label: 'Sent', color: 'green' },
  failed: { label: 'Not sent', color: 'red' },
  no_email: { label: 'No email — phone them', color: 'orange' },
};

function NoticeResult({ n }: { n: TOutageNotice }) {
  const sent = n.recipients.filter((r) => r.outcome === 'sent').length;
  const toPhone = n.recipients.filter((r) => r.outcome !== 'sent');
  return (
    <Stack gap={4} data-testid="outage-notice">
      <Text size="sm" fw={600}>
        {formatDateTime(n.sentAt)} by {n.byName}: {sent} of {n.recipients.length} {n.transport === 'file' ? 'written to the replica’s data folder (no mail server)' : 'emailed'}
      </Text>
      {n.note && (
        <Text size="sm" c="dimmed">
          “{n.note}”
        </Text>
      )}
      {toPhone.length > 0 && (
        <List size="sm" spacing={2}>
          {toPhone.map((r) => (
            <List.Item key={r.userId}>
              <Group gap="xs" wrap="nowrap">
                <Text size="sm">
                  {r.name} ({ROLE_LABELS[r.role]})
                </Text>
                <Badge color={OUTCOME[r.outcome].color} variant="light" style={{ flexShrink: 0 }}>
                  {OUTCOME[r.outcome].label}
                </Badge>
              </Group>
              {r.error && (
                <Text size="xs" c="red.8">
                  {r.error}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** Email staff: whom it reaches, whom to phone instead, an optional note, and what came of it. */
function TellStaff({ o, onSent }: { o: TOutage; onSent: (n: TOutageNotice) => void }) {
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const withEmail = o.staff.filter((s) => s.email);
  const withoutEmail = o.staff.filter((s) => !s.email);
  const already = o.notices.find((n) => n.outageSince === o.unreachableSince);
  const canSend = o.role === 'replica' && Boolean(o.unreachableSince) && withEmail.length > 0;

  const send = async () => {
    setSending(true);
    setError(null);
    try {
      const n = await api.notifyStaff({ note: note.trim() || undefined, again: Boolean(already) });
      setNote('');
      setConfirming(false);
      onSent(n);
    } catch (err) {
      setError(err);
    } finally {
      setSending(false);
    }
  };

  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Title order={2} fz="lg">
          Tell staff
        </Title>
        <Text size="sm">
          An email to {withEmail.length} {withEmail.length === 1 ? 'person' : 'people'} (office and engineers): the system is down since when, what engineers and the office do, and a
          link to this page.
        </Text>
        {withoutEmail.length > 0 && (
          <Text size="sm" data-testid="outage-phone-list">
            <strong>Phone instead</strong> (no email address): {withoutEmail.map((s) => `${s.name} (${ROLE_LABELS[s.role]})`).join(', ')}
          </Text>
        )}
        {o.mail === 'file' && (
          <Alert color="orange" title="This replica has no mail server">
            SMTP_URL is not set here, so the emails are written to the replica’s data folder and nobody receives them. Phone staff, and ask your IT person to set SMTP_URL on the
            replica.
          </Alert>
        )}
        <Textarea label="Add a note (optional)" description="For example where the printed packs are, or who to ring." value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={OUTAGE_NOTE_MAX} autosize minRows={2} disabled={!canSend} />
        <ErrorAlert error={error} title="Could not email staff" />
        {!canSend && o.role === 'replica' && !o.unreachableSince && (
          <Text size="sm" c="dimmed">
            Emailing staff opens while the primary is not answering.
          </Text>
        )}
        {confirming ? (
          <Group>
            <Text size="sm" fw={600}>
              {already ? `Staff were emailed ${formatRecent(already.sentAt)} by ${already.byName}. Email all ${withEmail.length} again?` : `Email all ${withEmail.length} now?`}
            </Text>
            <Button color="red" onClick={() => void send()} loading={sending}>
              {already ? 'Yes, email them again' : 'Yes, email them'}
            </Button>
            <Button variant="default" onClick={() => setConfirming(false)} disabled={sending}>
              Cancel
            </Button>
          </Group>
        ) : (
          <Group>
            <Button onClick={() => setConfirming(true)} disabled={!canSend}>
              {already ? 'Email staff again' : `Email ${withEmail.length} staff`}
            </Button>
          </Group>
        )}
        {o.notices.length > 0 && (
          <Stack gap="xs" component="section" aria-label="Emails sent from this replica">
            <Text size="sm" fw={700}>
              Sent from this replica
            </Text>
            {o.notices.map((n) => (
              <NoticeResult key={n.id} n={n} />
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

/**
 * The outage procedure (admin, office), for an office replica whose primary has stopped answering:
 * what to do, in order; the newest fallback pack; what to tell callers; emailing staff; and what to
 * do when the system is back. On a primary it is the same text, to read before the day.
 */
export function OutagePage() {
  const { state } = useServerState();
  const outage = useLoad(() => api.outage(), [], { keepPrevious: true });
  const [notice, setNotice] = useState<string | null>(null);
  const declared = state?.replica?.outageDeclaredAt ?? null;
  const since = state?.replica?.unreachableSince ?? null;
  // The banner's poll notices first: follow it.
  useEffect(() => outage.reload(), [declared, since, outage.reload]);

  const o = outage.data;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Outage procedure</Title>
        <Button variant="default" size="xs" onClick={outage.reload} loading={outage.loading && !!o}>
          Refresh
        </Button>
      </Group>
      <Notice text={notice} onClose={() => setNotice(null)} />
      <ErrorAlert error={outage.error} title="Could not load the outage procedure. Reload the page." />
      {!o ? (
        !outage.error && <Loader aria-label="Loading the outage procedure" />
      ) : (
        <>
          <Situation o={o} />
          <Card withBorder radius="md" padding="md">
            <Stack gap="sm">
              <Title order={2} fz="lg">
                What to do
              </Title>
              <List type="ordered" spacing="sm" data-testid="outage-procedure">
                {o.procedure.map((step) => (
                  <List.Item key={step.title}>
                    <Text fw={700} size="sm">
                      {step.title}
                    </Text>
                    <Text size="sm">{step.text}</Text>
                  </List.Item>
                ))}
              </List>
            </Stack>
          </Card>

          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder radius="md" padding="md">
              <Stack gap="sm">
                <Title order={2} fz="lg">
                  Newest fallback pack
                </Title>
                {o.latestPack ? (
                  <>
                    <SimpleGrid cols={2}>
                      <Field label="Made">{formatDateTime(o.latestPack.createdAt)}</Field>
                      <Field label="Job sheets for">{o.latestPack.days.map((d) => formatDay(d)).join(' and ') || '—'}</Field>
                    </SimpleGrid>
                    <Text size="sm">Job sheets with site warnings, contacts, outstanding jobs, blank forms, the customer script and the back-up checklist, as PDFs and CSVs.</Text>
                    <Group>
                      <Button component="a" href={LATEST_PACK_URL} download>
                        Download the pack ({formatSize(o.latestPack.size)})
                      </Button>
                      <Anchor component={Link} to="/pack" size="sm">
                        All packs
                      </Anchor>
                    </Group>
                  </>
                ) : (
                  <Text size="sm" c="red.8">
                    No fallback pack on this server. Use the printed copy if there is one; after the outage, make sure the nightly pack runs.
                  </Text>
                )}
              </Stack>
            </Card>
            <TellStaff
              o={o}
              onSent={(n) => {
                const sent = n.recipients.filter((r) => r.outcome === 'sent').length;
                const other = n.recipients.length - sent;
                setNotice(`Emailed ${sent} ${sent === 1 ? 'person' : 'people'}${other > 0 ? `; ${other} to phone (listed below)` : ''}.`);
                outage.reload();
              }}
            />
          </SimpleGrid>

          <Card withBorder radius="md" padding="md">
            <Stack gap="sm">
              <Title order={2} fz="lg">
                What to tell callers
              </Title>
              <PlainText text={o.customerScript} label="Customer script" />
            </Stack>
          </Card>
          <Card withBorder radius="md" padding="md">
            <Stack gap="sm">
              <Title order={2} fz="lg">
                When the system is back
              </Title>
              <PlainText text={o.backUpChecklist} label="System back up checklist" />
              <Text size="sm" c="dimmed">
                Paper records are entered on the{' '}
                <Anchor component={Link} to="/catchup">
                  Catch-up
                </Anchor>{' '}
                page. An admin edits the script and this checklist on the Fallback pack page.
              </Text>
            </Stack>
          </Card>
        </>
      )}
    </Stack>
  );
}
