import { Alert } from '@mantine/core';
import { localiseTimestamps } from '../format/dates';

/** A failed request, in words: the server's message (with its timestamps shown as local dates). */
export function ErrorAlert({ error, title = 'That did not work' }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'Something went wrong. Try again.';
  return (
    <Alert color="red" title={title} role="alert">
      {localiseTimestamps(message)}
    </Alert>
  );
}
