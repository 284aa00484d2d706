import { Alert } from '@mantine/core';
import { ApiError } from '../api/http';
import { localiseTimestamps } from '../format/dates';

/**
 * Refusals that are about the server, not about what was typed: said as such, in amber, with what
 * to do — whatever the page's own title for a failure is.
 */
const SERVER_REFUSALS: Partial<Record<ApiError['code'], string>> = {
  read_only_replica: 'Read-only: this is the office replica',
  superseded: 'This server was replaced: use the new address',
  replica_unavailable: 'Not confirmed yet: no replica has this change',
};

/** A failed request, in words: the server's message (with its timestamps shown as local dates). */
export function ErrorAlert({ error, title = 'That did not work' }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'Something went wrong. Try again.';
  const serverTitle = error instanceof ApiError ? SERVER_REFUSALS[error.code] : undefined;
  return (
    <Alert color={serverTitle ? 'yellow' : 'red'} title={serverTitle ?? title} role="alert">
      {localiseTimestamps(message)}
    </Alert>
  );
}
