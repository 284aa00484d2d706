import { formatAnswer, type TFormAlert, type TFormAnswers, type TFormDefinition, type TSubmissionView } from '@fieldkeep/domain';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

type Reader = Kysely<DB> | Transaction<DB>;

/**
 * Forms answered on a job's visits, each read against the version it answered: every answered
 * question with its answer in words, and what the answers set off.
 */
export async function listJobSubmissions(db: Reader, tenantId: string, jobId: string): Promise<TSubmissionView[]> {
  const rows = await db
    .selectFrom('form_submissions as s')
    .innerJoin('visits as v', 'v.id', 's.visit_id')
    .innerJoin('forms as f', 'f.id', 's.form_id')
    .innerJoin('form_versions as fv', (j) => j.onRef('fv.form_id', '=', 's.form_id').onRef('fv.version', '=', 's.form_version'))
    .leftJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.form_id', 'f.name', 'f.kind', 's.form_version', 's.visit_id', 'u.name as user_name', 's.at', 's.answers', 's.outcomes', 'fv.definition'])
    .where('s.tenant_id', '=', tenantId)
    .where('v.job_id', '=', jobId)
    .orderBy('s.at')
    .limit(500)
    .execute();
  return rows.map((r) => {
    const def = JSON.parse(r.definition) as TFormDefinition;
    const answers = JSON.parse(r.answers) as TFormAnswers;
    return {
      id: r.id,
      formId: r.form_id,
      formName: def.name,
      kind: r.kind,
      formVersion: r.form_version,
      visitId: r.visit_id,
      userName: r.user_name,
      at: r.at,
      lines: def.questions.filter((q) => answers[q.id] !== undefined && answers[q.id] !== null).map((q) => ({ questionId: q.id, question: q.text, answer: formatAnswer(q, answers[q.id]!) })),
      outcomes: (JSON.parse(r.outcomes) as Array<{ effect: string; message: string; questionId: string }>).map((o) => ({ effect: o.effect, message: o.message, questionId: o.questionId })),
    };
  });
}

export async function listJobAlerts(db: Reader, tenantId: string, jobId: string): Promise<TFormAlert[]> {
  const rows = await db
    .selectFrom('form_alerts as a')
    .innerJoin('visits as v', 'v.id', 'a.visit_id')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.submission_id', 'a.visit_id', 'u.name as user_name', 'a.message', 'a.at', 'a.resolved_at'])
    .where('a.tenant_id', '=', tenantId)
    .where('v.job_id', '=', jobId)
    .orderBy('a.at')
    .limit(500)
    .execute();
  return rows.map((r) => ({ id: r.id, submissionId: r.submission_id, visitId: r.visit_id, userName: r.user_name, message: r.message, at: r.at, resolvedAt: r.resolved_at }));
}
