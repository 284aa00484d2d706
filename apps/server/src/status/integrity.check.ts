import type { TStatusEntry, TStatusFact, TStatusItem } from '@fieldkeep/domain';
import { nextIntegrityRun } from './integrity.js';
import { STATUS_THRESHOLDS as T } from './status.config.js';
import { gauge, seconds, type Judged, type StatusScope } from './scope.js';
import { lastFinishedIntegrityCheck, lastIntegrityCheck } from './status.repository.js';
import { ago, duration, fromNow, plural, span } from './wording.js';

const METHOD_WORDS: Record<string, string> = {
  quick_check: 'SQLite quick_check and foreign-key check',
  amcheck: 'PostgreSQL amcheck (tables and indexes) and a read of every table',
  tables: 'a read of every table (install the amcheck extension for a deeper check)',
};

/** 6. Database integrity: the last check's result and time, the next scheduled one, and "Run now". */
export async function checkIntegrity(s: StatusScope): Promise<Judged> {
  const { ctx, now } = s;
  const db = ctx.database.read;
  const [latest, finished, ok] = await Promise.all([lastIntegrityCheck(db), lastFinishedIntegrityCheck(db), lastIntegrityCheck(db, 'ok')]);
  const schedule = ctx.config.status.integritySchedule;
  const next = nextIntegrityRun(schedule, now)?.toISOString() ?? null;
  const running = latest?.status === 'running' ? latest : undefined;
  const problems = finished ? (JSON.parse(finished.problems) as string[]) : [];

  const details: TStatusFact[] = [];
  if (finished) {
    details.push({
      label: 'Last check',
      value: `${finished.status === 'ok' ? 'no problems found' : plural(problems.length, 'problem')} — ${METHOD_WORDS[finished.method] ?? finished.method}, took ${duration(finished.duration_ms)} (${finished.started_by === 'admin' ? 'run by an admin' : 'scheduled'})`,
      at: finished.finished_at ?? finished.started_at,
    });
  } else {
    details.push({ label: 'Last check', value: 'none yet' });
  }
  if (ok && ok !== finished) details.push({ label: 'Last check without problems', value: ago(ok.finished_at, now), ...(ok.finished_at ? { at: ok.finished_at } : {}) });
  details.push(next ? { label: 'Next scheduled check', value: fromNow(next, now), at: next } : { label: 'Next scheduled check', value: 'Not scheduled (FIELDKEEP_INTEGRITY_SCHEDULE=off)' });
  if (running) details.push({ label: 'Running now', value: `started ${ago(running.started_at, now)}`, at: running.started_at });

  const entries: TStatusEntry[] =
    finished?.status === 'failed'
      ? problems.slice(0, 20).map((p, i) => ({ id: `${finished.id}-${i}`, status: 'red', title: 'Problem found', text: p, at: finished.finished_at, facts: [] }))
      : [];
  const runNow = s.viewer.kind === 'tenant' ? { action: { label: 'Run the check now', method: 'POST' as const, url: '/api/status/integrity/run' } } : {};
  const runningLine = running ? ` A check is running (started ${ago(running.started_at, now)}).` : '';

  let verdict: Pick<TStatusItem, 'status' | 'summary' | 'action'>;
  if (finished?.status === 'failed') {
    verdict = {
      status: 'red',
      summary: `The database check ${ago(finished.finished_at, now)} found ${plural(problems.length, 'problem')}: ${problems[0] ?? 'see the server log'}. Stop changes, take a copy of the data folder, and restore the last good backup (docs/status.md).${runningLine}`,
      action: { label: 'What to do (docs/status.md)', href: 'docs/status.md#6-database-integrity' },
    };
  } else if (!finished) {
    verdict = { status: 'green', summary: `Not checked yet. ${next ? `The first scheduled check runs ${fromNow(next, now)}.` : 'No check is scheduled.'}${runningLine}`, ...runNow };
  } else if (schedule && now.getTime() - Date.parse(finished.finished_at ?? finished.started_at) > T.integrityMaxAgeMs) {
    verdict = { status: 'amber', summary: `The database has not been checked for ${span(now.getTime() - Date.parse(finished.finished_at ?? finished.started_at))}: the scheduled check is not running.${runningLine}`, ...runNow };
  } else {
    verdict = { status: 'green', summary: `Checked ${ago(finished.finished_at, now)} (took ${duration(finished.duration_ms)}): no problems found.${runningLine}`, ...runNow };
  }
  return {
    item: { key: 'integrity', title: 'Database integrity', scope: 'server', ...verdict, details, entries },
    metrics: [
      gauge('fieldkeep_integrity_ok', '1 when the last database integrity check found no problems, 0 when it found some.', finished ? (finished.status === 'ok' ? 1 : 0) : null),
      gauge('fieldkeep_integrity_last_check_timestamp_seconds', 'When the last database integrity check finished.', seconds(finished?.finished_at)),
    ],
  };
}
