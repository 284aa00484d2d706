import { Alert, Button, Card, Code, Group, Modal, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import type { TServerState } from '@fieldkeep/domain';
import { useEffect, useState } from 'react';
import type { ReplicationToken } from '../../../api/server';
import { api } from '../../../api/client';
import { DataTable, type Column } from '../../../components/DataTable';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Field } from '../../../components/Field';
import { Notice } from '../../../components/Notice';
import { formatDateTime } from '../../../format/dates';
import { useServerState } from '../../../session/ServerStateContext';

type Replica = NonNullable<TServerState['replicas']>[number];

const ACK_WORDS: Record<TServerState['ack'], string> = {
  local: 'Local: a write is acknowledged once it is durable on this server (FIELDKEEP_ACK=local).',
  replicated: 'Replicated: a write is acknowledged only once a replica has confirmed it.',
  degraded: 'Degraded: writes are acknowledged on this server only (no replica confirming).',
};

const lagText = (n: number) => (n === 0 ? 'Up to date' : n === 1 ? '1 commit behind' : `${n} commits behind`);

const columns: Column<Replica>[] = [
  { key: 'name', header: 'Replica', render: (r) => r.name, sortValue: (r) => r.name },
  { key: 'lastSeen', header: 'Last seen', render: (r) => formatDateTime(r.lastSeenAt), sortValue: (r) => r.lastSeenAt },
  { key: 'lag', header: 'Lag', render: (r) => lagText(r.lagCommits), sortValue: (r) => r.lagCommits },
  { key: 'position', header: 'Confirmed position', render: (r) => r.confirmedPosition, sortValue: (r) => r.confirmedPosition },
];

/** Admin: how this server acknowledges writes, its replicas, and the degraded-acknowledgement switch. */
export function ReplicationPage() {
  const { state, reload } = useServerState();
  const [confirming, setConfirming] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const switchAck = async (degraded: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const { ack } = await api.setDegradedAck(degraded);
      setNotice(ack === 'degraded' ? 'Degraded acknowledgement is on: every office page says so.' : 'Writes wait for a replica again.');
      setConfirming(null);
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (!state) {
    return (
      <Stack>
        <Title order={1}>Replication</Title>
        <Text c="dimmed">Asking the server…</Text>
      </Stack>
    );
  }
  const canSwitch = state.role === 'primary' && state.ack !== 'local' && !state.superseded;

  return (
    <Stack>
      <Title order={1}>Replication</Title>
      <Notice text={notice} onClose={() => setNotice(null)} />
      <ErrorAlert error={error} title="Could not switch acknowledgement" />
      <Card withBorder radius="md" padding="md">
        <Stack gap="md">
          <Title order={2} fz="lg">
            This server
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Field label="Role">{state.role === 'primary' ? 'Primary' : 'Office replica'}</Field>
            <Field label="Epoch">{state.epoch}</Field>
            <Field label="Acknowledgement">{ACK_WORDS[state.ack]}</Field>
          </SimpleGrid>
          {state.degraded && (
            <Text size="sm">
              Degraded since {formatDateTime(state.degraded.since)}, switched on by {state.degraded.by}.
            </Text>
          )}
          {state.role === 'primary' && (
            <Switch
              label="Degraded acknowledgement (this server only)"
              description={
                state.ack === 'local'
                  ? 'Not needed: this server acknowledges locally (FIELDKEEP_ACK=local).'
                  : 'While no replica can confirm writes, answer them once they are durable here instead of refusing them with replica_unavailable.'
              }
              checked={state.ack === 'degraded'}
              disabled={!canSwitch || busy}
              onChange={(e) => setConfirming(e.currentTarget.checked)}
            />
          )}
        </Stack>
      </Card>

      {state.role === 'replica' && state.replica && (
        <Card withBorder radius="md" padding="md">
          <Stack gap="sm">
            <Title order={2} fz="lg">
              Following the primary
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Field label="Primary">{state.replica.primaryUrl}</Field>
              <Field label="Last update">{formatDateTime(state.replica.lastUpdateAt)}</Field>
              <Field label="Primary unreachable since">{state.replica.unreachableSince ? formatDateTime(state.replica.unreachableSince) : 'Reachable'}</Field>
            </SimpleGrid>
            {state.replica.lastError && <Alert color="yellow" title="Last error">{state.replica.lastError}</Alert>}
          </Stack>
        </Card>
      )}

      {state.role === 'primary' && (
        <Stack gap="xs">
          <Title order={2} fz="lg">
            Replicas
          </Title>
          <DataTable
            caption="Replicas"
            columns={columns}
            rows={state.replicas ?? []}
            rowKey={(r) => r.name + r.lastSeenAt}
            empty="No replica has connected since this server started."
            minWidth={560}
            initialSort={{ key: 'name', direction: 'asc' }}
          />
        </Stack>
      )}

      {state.role === 'primary' && <ReplicationTokens />}

      {confirming !== null && (
        <Modal opened onClose={() => setConfirming(null)} title={confirming ? 'Switch to degraded acknowledgement?' : 'Wait for a replica again?'}>
          <Stack>
            <Text>
              {confirming
                ? 'Writes will be acknowledged once they are durable on this server, without a replica confirming them. If this server is lost before a replica catches up, those writes are lost. Every office page shows a warning while this is on.'
                : 'Writes will be acknowledged only once a replica has confirmed them. While none does, they are answered with “replica unavailable” and the phones and pages retry.'}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(null)}>
                Cancel
              </Button>
              <Button color={confirming ? 'orange' : undefined} loading={busy} onClick={() => void switchAck(confirming)}>
                {confirming ? 'Switch to degraded' : 'Wait for a replica again'}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}

/**
 * Replication tokens for office replicas. The server allows this only where it hosts this company
 * alone (a token reads every company's data); otherwise it says the operator makes them.
 */
function ReplicationTokens() {
  const [tokens, setTokens] = useState<ReplicationToken[] | null>(null);
  const [name, setName] = useState('Office replica');
  const [made, setMade] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const load = () =>
    api.listReplicationTokens().then(
      (r) => setTokens(r.tokens),
      (err: unknown) => setError(err),
    );
  useEffect(() => {
    void load();
  }, []);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      await load();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Title order={2} fz="lg">
          Replication tokens
        </Title>
        <Text size="sm" c="dimmed">
          An office replica signs in to this server with a token (it can read all of the company’s data: keep it secret). Start the replica with{' '}
          <Code>fieldkeep replica --primary {window.location.origin} --token …</Code> — see docs/operations.md.
        </Text>
        <ErrorAlert error={error} title="Replication tokens" />
        {made && (
          <Alert color="green" title={`Token “${made.name}” — copy it now, it is not shown again`}>
            <Code block>{made.token}</Code>
          </Alert>
        )}
        <Group align="flex-end">
          <TextInput label="What the token is for" value={name} onChange={(e) => setName(e.currentTarget.value)} maw={320} />
          <Button
            loading={busy}
            disabled={!name.trim()}
            onClick={() =>
              void run(async () => {
                const t = await api.createReplicationToken(name.trim());
                setMade({ name: t.name, token: t.token });
              })
            }
          >
            Make a token
          </Button>
        </Group>
        {tokens && tokens.length > 0 && (
          <Stack gap={4}>
            {tokens.map((t) => (
              <Group key={t.id} justify="space-between">
                <Text size="sm">
                  {t.name} — made {formatDateTime(t.createdAt)}
                  {t.revokedAt ? `, revoked ${formatDateTime(t.revokedAt)}` : ''}
                </Text>
                {!t.revokedAt && (
                  <Button size="xs" variant="default" color="red" disabled={busy} onClick={() => void run(async () => void (await api.revokeReplicationToken(t.id)))}>
                    Revoke
                  </Button>
                )}
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
