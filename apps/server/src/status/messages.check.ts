import type { TStatusEntry, TStatusFact, TStatusItem } from '@fieldkeep/domain';
import { STATUS_THRESHOLDS as T } from './status.config.js';
import { gauge, tenantOf, type Judged, type StatusScope } from './scope.js';
import { emailCounts, outboxBacklog, troubledEmails } from './status.repository.js';
import { ago, fromNow, isoBefore, plural, span } from './wording.js';

const DAY = 24 * 3600_000;

/** Where mail goes, without credentials: "SMTP server mail.example.com:587". */
function mailRoute(smtpUrl: string | undefined): string {
  if (!smtpUrl) return 'Not leaving this server: kept in the data folder (SMTP_URL is not set)';
  try {
    const u = new URL(smtpUrl);
    return `SMTP server ${u.hostname}${u.port ? `:${u.port}` : ''}${u.protocol === 'smtps:' ? ' (TLS)' : ''}`;
  } catch {
    return 'SMTP server (SMTP_URL)';
  }
}

const payloadOf = (payload: string): { to: string; subject: string } => {
  try {
    const p = JSON.parse(payload) as { to?: unknown; subject?: unknown };
    return { to: typeof p.to === 'string' ? p.to : '', subject: typeof p.subject === 'string' ? p.subject : '' };
  } catch {
    return { to: '', subject: '' };
  }
};

/**
 * 1. Messages: emails given up on (red, each with "Resend") and emails still being retried (amber;
 * red once they have been retried for half an hour). An admin sees their own company's; monitoring
 * sees counts for the whole server. No SMS exists yet: said so.
 */
export async function checkMessages(s: StatusScope): Promise<Judged> {
  const { ctx, now } = s;
  const tenantId = tenantOf(s.viewer);
  const failedSince = isoBefore(now, T.failedEmailWindowMs);
  const counts = await emailCounts(ctx.database.read, { tenantId, failedSince, sentSince: isoBefore(now, DAY) });
  const smtp = Boolean(ctx.config.smtpUrl);
  const stuck = counts.oldestRetryingAt !== null && now.getTime() - Date.parse(counts.oldestRetryingAt) > T.emailRetryingRedMs;

  const entries: TStatusEntry[] = [];
  let lastError: string | null = null;
  if (s.viewer.kind === 'tenant') {
    const { failed, retrying } = await troubledEmails(ctx.database.read, { tenantId, failedSince, limit: 20 });
    lastError = failed[0]?.last_error ?? retrying[0]?.last_error ?? null;
    for (const r of failed) {
      const p = payloadOf(r.payload);
      entries.push({
        id: r.id,
        status: 'red',
        title: `To ${p.to}: ${p.subject}`,
        text: `Not sent after ${plural(r.attempts, 'attempt')}: ${(r.last_error ?? 'no reason given').trim().replace(/\.$/, '')}.`,
        at: r.finished_at,
        facts: [{ label: 'Written', value: ago(r.created_at, now), at: r.created_at }],
        action: { label: 'Resend', method: 'POST', url: `/api/messages/${r.id}/retry` },
      });
    }
    for (const r of retrying) {
      const p = payloadOf(r.payload);
      entries.push({
        id: r.id,
        status: now.getTime() - Date.parse(r.created_at) > T.emailRetryingRedMs ? 'red' : 'amber',
        title: `To ${p.to}: ${p.subject}`,
        text: `Attempt ${r.attempts} failed: ${(r.last_error ?? 'no reason given').trim().replace(/\.$/, '')}. Fieldkeep tries again ${fromNow(r.run_at, now)}.`,
        at: r.created_at,
        facts: [{ label: 'Next attempt', value: fromNow(r.run_at, now), at: r.run_at }],
      });
    }
  }

  const details: TStatusFact[] = [
    { label: 'How mail leaves', value: mailRoute(ctx.config.smtpUrl) },
    { label: 'Sent in the last 24 hours', value: String(counts.sentRecent) },
    ...(counts.retrying > 0 ? [{ label: 'Waiting to be tried again', value: String(counts.retrying) }] : []),
    ...(counts.failedRecent > 0 ? [{ label: 'Given up on in the last 7 days', value: String(counts.failedRecent) }] : []),
    ...(counts.failedOlder > 0 ? [{ label: 'Given up on earlier (Mail page)', value: String(counts.failedOlder) }] : []),
    { label: 'Text messages (SMS)', value: 'No SMS configured' },
  ];

  let item: Pick<TStatusItem, 'status' | 'summary' | 'action'>;
  const why = lastError ? ` Last error: “${lastError.trim().replace(/\.$/, '')}”.` : '';
  if (counts.failedRecent > 0 || stuck) {
    const parts: string[] = [];
    if (counts.failedRecent > 0) parts.push(`${plural(counts.failedRecent, 'email')} could not be sent and ${counts.failedRecent === 1 ? 'was' : 'were'} given up on`);
    if (stuck) parts.push(`${plural(counts.retrying, 'email')} ${counts.retrying === 1 ? 'has' : 'have'} been failing for ${span(now.getTime() - Date.parse(counts.oldestRetryingAt!))}`);
    item = {
      status: 'red',
      summary: `${parts.join('; ')}.${why} Fix the cause (mail server, address), then resend.`,
      action: { label: 'Open the Mail page', href: '/admin/mail' },
    };
  } else if (counts.retrying > 0) {
    item = {
      status: 'amber',
      summary: `${plural(counts.retrying, 'email')} could not be sent yet and ${counts.retrying === 1 ? 'is' : 'are'} being tried again.${why}`,
      action: { label: 'Open the Mail page', href: '/admin/mail' },
    };
  } else if (!smtp) {
    item = {
      status: 'amber',
      summary: 'Mail is not leaving this server: SMTP_URL is not set, so invitations and password resets are kept in the data folder instead of being sent.',
      action: { label: 'Set SMTP_URL (docs/status.md)', href: 'docs/status.md#1-messages' },
    };
  } else {
    item = { status: 'green', summary: `All email sent (${counts.sentRecent} in the last 24 hours). No SMS configured.` };
  }

  // The whole server's counts for monitoring, whoever asks (they are numbers only).
  const server = s.viewer.kind === 'server' ? counts : await emailCounts(ctx.database.read, { tenantId: undefined, failedSince, sentSince: isoBefore(now, DAY) });
  return {
    item: { key: 'messages', title: 'Messages', scope: s.viewer.kind, ...item, details, entries },
    metrics: [
      gauge('fieldkeep_outbox_failed', 'Emails given up on in the last 7 days (not resent).', server.failedRecent),
      gauge('fieldkeep_outbox_retrying', 'Emails whose last attempt failed and that will be tried again.', server.retrying),
      gauge('fieldkeep_mail_smtp_configured', '1 when SMTP_URL is set (mail leaves the server).', smtp ? 1 : 0),
    ],
  };
}

/** 8. Outbox backlog: the whole server's queue, and how long the oldest due item has waited for the worker. */
export async function checkOutbox(s: StatusScope): Promise<Judged> {
  const { ctx, now } = s;
  const b = await outboxBacklog(ctx.database.read, now.toISOString());
  const waited = b.oldestDueAt ? Math.max(0, now.getTime() - Date.parse(b.oldestDueAt)) : 0;
  const metrics = [
    gauge('fieldkeep_outbox_queued', 'Emails (and later other background work) queued, every tenant.', b.queued),
    gauge('fieldkeep_outbox_oldest_due_age_seconds', 'How long the oldest due queued item has waited for the worker.', waited / 1000),
  ];
  const details: TStatusFact[] = [
    { label: 'Queued', value: String(b.queued) },
    { label: 'Due now', value: String(b.due) },
    { label: 'Oldest queued', value: b.oldestCreatedAt ? ago(b.oldestCreatedAt, now) : '—', ...(b.oldestCreatedAt ? { at: b.oldestCreatedAt } : {}) },
  ];
  const base = { key: 'outbox' as const, title: 'Outbox backlog', scope: 'server' as const, details, entries: [] };
  if (s.deps.hub.isReplica) {
    return { item: { ...base, status: 'grey', summary: 'This is an office replica: the primary sends the mail.' }, metrics };
  }
  if (b.queued === 0) return { item: { ...base, status: 'green', summary: 'Nothing is waiting to be sent.' }, metrics };
  const summary = `${plural(b.queued, 'email')} queued; the oldest due one has waited ${span(waited)}.`;
  if (waited > T.outboxAmberMs) {
    return {
      item: {
        ...base,
        status: waited > T.outboxRedMs ? 'red' : 'amber',
        summary: `${summary} The sending worker is not keeping up or has stopped: check the server log, then restart the server.`,
        action: { label: 'What to do (docs/status.md)', href: 'docs/status.md#8-outbox-backlog' },
      },
      metrics,
    };
  }
  return { item: { ...base, status: 'green', summary }, metrics };
}
