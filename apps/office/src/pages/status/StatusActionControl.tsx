import { Button, Code, Text } from '@mantine/core';
import type { TStatusAction } from '@fieldkeep/domain';
import { Link } from 'react-router-dom';

interface Props {
  action: TStatusAction;
  /** Runs an API action (e.g. Resend); the page shows progress and the outcome. */
  onPerform: (action: Extract<TStatusAction, { method: string }>) => void;
  busy?: boolean;
  /** Says which thing the button acts on, for screen readers ("Resend: To ann@…"). */
  context?: string;
  size?: 'xs' | 'sm';
  /** Red: the thing it mends is red. */
  urgent?: boolean;
}

/**
 * What to do about an item: a button that calls the API, a link to a page of this app, or — for the
 * operator's documentation, which lives with the Fieldkeep release — the document and section to read.
 */
export function StatusActionControl({ action, onPerform, busy, context, size = 'sm', urgent = false }: Props) {
  if ('method' in action) {
    return (
      <Button size={size} color={urgent ? 'red' : undefined} variant={urgent ? 'filled' : 'default'} loading={busy} onClick={() => onPerform(action)} aria-label={context ? `${action.label}: ${context}` : action.label}>
        {action.label}
      </Button>
    );
  }
  if (action.href.startsWith('/')) {
    return (
      <Button size={size} variant="light" component={Link} to={action.href} aria-label={context ? `${action.label}: ${context}` : action.label}>
        {action.label.replace(/ \(docs\/.*\)$/, '')}
      </Button>
    );
  }
  const doc = action.href;
  return (
    <Text size="sm">
      What to do: read <Code>{doc}</Code> in the Fieldkeep documentation.
    </Text>
  );
}
