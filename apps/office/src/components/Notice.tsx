import { Alert, Text } from '@mantine/core';

/** A "done" message after an action; dismissable, announced politely. */
export function Notice({ text, onClose }: { text: string | null; onClose: () => void }) {
  if (!text) return null;
  return (
    <Alert color="green" role="status" withCloseButton closeButtonLabel="Dismiss message" onClose={onClose} py="xs">
      <Text fw={600}>{text}</Text>
    </Alert>
  );
}
