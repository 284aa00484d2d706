import { Alert, Anchor, Stack, Text } from '@mantine/core';
import type { TServerState } from '@fieldkeep/domain';
import { Link, useLocation } from 'react-router-dom';
import { formatDateTime, formatRecent } from '../format/dates';
import { useServerState } from '../session/ServerStateContext';
import { useUser } from '../session/SessionContext';

const queuedText = (n: number) => (n === 0 ? 'Nothing queued' : n === 1 ? '1 item queued' : `${n} items queued`);

/** "Replica — last update 14:05, primary unreachable since 13:32". */
export function replicaHeadline(r: NonNullable<TServerState['replica']>): string {
  const update = r.lastUpdateAt ? `last update ${formatRecent(r.lastUpdateAt)}` : 'no update from the primary yet';
  return `Replica — ${update}${r.unreachableSince ? `, primary unreachable since ${formatRecent(r.unreachableSince)}` : ''}`;
}

const looksLikeUrl = (s: string) => /^https?:\/\/\S+$/.test(s);

/**
 * What every signed-in page must say about the server it talks to (DESIGN.md "Durability and
 * continuity"): an office replica (read-only, how fresh, what is queued), degraded acknowledgement,
 * or a server replaced by a promoted replica. Nothing shows on a healthy primary.
 */
export function ServerBanner() {
  const { state } = useServerState();
  const user = useUser();
  const { pathname } = useLocation();
  if (!state) return null;
  const office = user.role === 'admin' || user.role === 'office';
  const { superseded, replica } = state;
  const banners = [];

  if (superseded) {
    banners.push(
      <Alert key="superseded" color="red" variant="filled" role="status" title="This server was replaced — use the new address" data-testid="banner-superseded">
        <Text size="sm">
          This server was replaced by{' '}
          {looksLikeUrl(superseded.by) ? (
            <Anchor href={superseded.by} c="white" fw={700} underline="always">
              {superseded.by}
            </Anchor>
          ) : (
            <strong>{superseded.by}</strong>
          )}{' '}
          (epoch {superseded.epoch}) on {formatDateTime(superseded.at)}. It refuses changes now: use the new address.
        </Text>
      </Alert>,
    );
  }

  // The outage page says it itself, in more words.
  if (state.role === 'replica' && replica?.outageDeclaredAt && replica.unreachableSince && pathname !== '/outage') {
    banners.push(
      <Alert key="outage" color="red" variant="filled" role="alert" title={`Outage: the primary has not answered since ${formatRecent(replica.unreachableSince)}`} data-testid="banner-outage">
        <Text size="sm">
          {office ? (
            <>
              Work from the fallback procedure: what to tell callers, the newest pack, and emailing staff.{' '}
              <Anchor component={Link} to="/outage" c="white" fw={700} underline="always">
                Open the outage procedure
              </Anchor>
            </>
          ) : (
            'Fieldkeep’s main system is down. Keep working from the phone app and the paper job sheets; the office will tell you when it is back.'
          )}
        </Text>
      </Alert>,
    );
  }

  if (state.role === 'replica' && replica) {
    banners.push(
      <Alert key="replica" color="yellow" variant="light" role="status" title={replicaHeadline(replica)} data-testid="banner-replica">
        <Stack gap={4}>
          <Text size="sm">
            {office
              ? 'This is the office replica: it shows the latest copy and cannot change it. Notes, new jobs and job status changes are queued here and sent to the primary when it is back.'
              : 'This is a read-only copy while the main system is unreachable: what you see may be a little behind.'}
          </Text>
          {office && (
            <Text size="sm" fw={600}>
              {queuedText(replica.queued)} ·{' '}
              <Anchor component={Link} to="/replica/queue">
                Queued work
              </Anchor>
            </Text>
          )}
          {replica.lastError && user.role === 'admin' && (
            <Text size="sm" c="dimmed">
              Last error: {replica.lastError}
            </Text>
          )}
        </Stack>
      </Alert>,
    );
  }

  if (state.ack === 'degraded') {
    banners.push(
      <Alert key="degraded" color="orange" variant="light" role="status" title="Degraded: writes are acknowledged on this server only (no replica confirming)" data-testid="banner-degraded">
        <Text size="sm">
          {state.degraded ? `Switched on ${formatDateTime(state.degraded.since)} by ${state.degraded.by}. ` : ''}
          Changes are saved here, but no replica has confirmed them yet.
          {user.role === 'admin' && (
            <>
              {' '}
              <Anchor component={Link} to="/admin/replication">
                Replication settings
              </Anchor>
            </>
          )}
        </Text>
      </Alert>,
    );
  }

  if (banners.length === 0) return null;
  return (
    <Stack gap="xs" mb="md" component="section" aria-label="Server status">
      {banners}
    </Stack>
  );
}
