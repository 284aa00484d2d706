import { Anchor, Button, Code, Drawer, Group, Stack, Table, Text } from '@mantine/core';
import type { TMessage } from '@fieldkeep/domain';
import type { ReactNode } from 'react';
import { formatDateTime } from '../../../format/dates';
import { MessageStatusBadge } from './MessageStatusBadge';

interface Props {
  message: TMessage;
  onClose: () => void;
  onRetry: (message: TMessage) => void;
  retrying: boolean;
}

/** One email as it was (or will be) sent, with its links clickable. */
export function MessageDrawer({ message, onClose, onRetry, retrying }: Props) {
  const facts: Array<[string, ReactNode]> = [
    ['To', message.to],
    ['Status', <MessageStatusBadge key="s" status={message.status} />],
    ['Written', formatDateTime(message.createdAt)],
    ['Sent', formatDateTime(message.sentAt)],
    ['Attempts', message.attempts],
    ['Next attempt', formatDateTime(message.nextAttemptAt)],
    ['Sent by', message.transport === 'file' ? 'Kept in the data folder (no SMTP server)' : (message.transport ?? '—')],
  ];
  return (
    <Drawer opened onClose={onClose} position="right" size="lg" title={message.subject} closeButtonProps={{ 'aria-label': 'Close message' }}>
      <Stack>
        <Table withRowBorders={false} verticalSpacing={4}>
          <Table.Tbody>
            {facts.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th w={130}>{label}</Table.Th>
                <Table.Td>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {message.lastError && (
          <Text c="red.8" size="sm">
            Last error: <Code>{message.lastError}</Code>
          </Text>
        )}
        {message.status === 'failed' && (
          <Group>
            <Button color="red" variant="light" loading={retrying} onClick={() => onRetry(message)}>
              Retry sending
            </Button>
          </Group>
        )}
        <Text component="div" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} p="md" bg="gray.0" bd="1px solid gray.3">
          {linkify(message.text)}
        </Text>
      </Stack>
    </Drawer>
  );
}

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

function linkify(text: string): ReactNode[] {
  return text.split(URL_PATTERN).map((part, i) =>
    i % 2 === 1 ? (
      <Anchor key={i} href={part} target="_blank" rel="noreferrer">
        {part}
      </Anchor>
    ) : (
      part
    ),
  );
}
