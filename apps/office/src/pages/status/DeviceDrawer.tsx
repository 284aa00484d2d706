import { Alert, Button, Code, Drawer, Group, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core';
import type { TDeviceProblem, TStatusDevice } from '@fieldkeep/domain';
import { useState } from 'react';
import { statusApi } from '../../api/status';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { formatDateTime } from '../../format/dates';

const PROBLEM_WORDS: Record<TDeviceProblem, { title: string; text: string }> = {
  data: {
    title: 'Refused changes (data)',
    text: 'The server refused these changes from the phone: each is kept whole below. Re-enter what is still needed in the office (or ask the engineer), then mark them as dealt with.',
  },
  application: {
    title: 'The last sync failed on the server (application)',
    text: 'The phone sent something this server could not take. If it names an unknown change, the phone app is newer than the server: update the server. The phone keeps the work until then.',
  },
  connectivity: {
    title: 'Not heard from (connectivity)',
    text: 'The engineer has work under way today but the phone has not synced for hours: it may have no signal, a flat battery, or be signed out. Ring the engineer.',
  },
};

interface Props {
  deviceId: string;
  onClose: () => void;
  /** After the office dealt with the refused changes (the page reloads its items). */
  onChanged: () => void;
}

/** A device opened from the status page: when it last synced, why it shows, and its refused changes. */
export function DeviceDrawer({ deviceId, onClose, onChanged }: Props) {
  const loaded = useLoad(() => statusApi.device(deviceId), [deviceId]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const d: TStatusDevice | undefined = loaded.data;

  const resolve = async () => {
    setBusy(true);
    setError(null);
    try {
      const { resolved } = await statusApi.resolveRejections(deviceId);
      setDone(`${resolved} refused ${resolved === 1 ? 'change' : 'changes'} marked as dealt with.`);
      setConfirming(false);
      loaded.reload();
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer opened onClose={onClose} position="right" size="xl" title={d ? `${d.device.userName}'s device` : 'Device'} closeButtonProps={{ 'aria-label': 'Close device' }}>
      <Stack>
        <ErrorAlert error={loaded.error ?? error} />
        {done && (
          <Alert color="green" role="status">
            {done}
          </Alert>
        )}
        {!d && !loaded.error && <Loader aria-label="Loading the device" />}
        {d && (
          <>
            <Table withRowBorders={false} verticalSpacing={4}>
              <Table.Tbody>
                {(
                  [
                    ['Device id', <Code key="id">{d.device.clientId}</Code>],
                    ['User', d.device.userName],
                    ['App version', d.device.appVersion ?? 'not reported'],
                    ['Last push', formatDateTime(d.device.lastPushAt)],
                    ['Last pull', formatDateTime(d.device.lastPullAt)],
                    ['Changes received', d.device.lastMutationId],
                    ['Last error', d.device.lastError ? `${d.device.lastError} (${formatDateTime(d.device.lastErrorAt)})` : 'none'],
                  ] as const
                ).map(([label, value]) => (
                  <Table.Tr key={label}>
                    <Table.Th w={150}>{label}</Table.Th>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {d.problems.length === 0 && (
              <Alert color="green" title="Nothing to do">
                This device has no refused changes and its last sync went through.
              </Alert>
            )}
            {d.problems.map((p) => (
              <Alert key={p} color={p === 'connectivity' ? 'orange' : 'red'} title={PROBLEM_WORDS[p].title}>
                {PROBLEM_WORDS[p].text}
              </Alert>
            ))}
            {d.rejections.length > 0 && (
              <Stack gap="xs">
                <Title order={3} fz="md">
                  Refused changes waiting for the office ({d.rejections.length})
                </Title>
                <Table.ScrollContainer minWidth={640}>
                  <Table striped="even" verticalSpacing={6} aria-label="Refused changes">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th w={60}>No.</Table.Th>
                        <Table.Th>Change</Table.Th>
                        <Table.Th>Why it was refused</Table.Th>
                        <Table.Th w={160}>Refused</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {d.rejections.map((r) => (
                        <Table.Tr key={r.mutationId}>
                          <Table.Td>{r.mutationId}</Table.Td>
                          <Table.Td>
                            <Text size="sm" fw={500}>
                              {r.name}
                            </Text>
                            <Code block fz="xs" style={{ maxHeight: 120, overflow: 'auto' }}>
                              {JSON.stringify(r.args, null, 1)}
                            </Code>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm">
                              {r.message} <Code>{r.code}</Code>
                            </Text>
                          </Table.Td>
                          <Table.Td>{formatDateTime(r.at)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <Group>
                  <Button color="red" onClick={() => setConfirming(true)}>
                    Mark refused changes as dealt with
                  </Button>
                </Group>
              </Stack>
            )}
          </>
        )}
      </Stack>
      {confirming && d && (
        <Modal opened onClose={() => setConfirming(false)} title="Mark the refused changes as dealt with?">
          <Stack>
            <Text>
              Do this once what is still needed has been entered in the office. The {d.rejections.length === 1 ? 'change stays' : `${d.rejections.length} changes stay`} on record; the device stops showing on the status page for {d.rejections.length === 1 ? 'it' : 'them'}.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
              <Button color="red" loading={busy} onClick={() => void resolve()}>
                Mark as dealt with
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Drawer>
  );
}
