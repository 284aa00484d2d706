import { z } from 'zod';
import { LICENCE_REPORT_MAX_MONTHS, ZErrorBody, ZMonth } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { toCsv } from './csv-writer.js';
import { installActivityLedger } from './licences.activity.js';
import { licencesReport, licenceUsersReport, monthsBetween } from './licences.service.js';

const ZReport = z.object({ columns: z.array(z.string()), rows: z.array(z.array(z.string())) });
const ZFormat = z.enum(['json', 'csv']).default('json');
const ZRangeQuery = z
  .object({ from: ZMonth, to: ZMonth, format: ZFormat })
  .strict()
  .refine((q) => q.to >= q.from, { path: ['to'], message: 'Must be on or after "from".' })
  .refine((q) => q.to < q.from || monthsBetween(q.from, q.to).length <= LICENCE_REPORT_MAX_MONTHS, { path: ['to'], message: `At most ${LICENCE_REPORT_MAX_MONTHS} months at a time.` });
const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody };

/** The licences report (monthly active users by licence) and the activity ledger behind it. */
export function registerLicencesRoutes(app: ZApp, ctx: AppContext, opts: { isReplica: () => boolean }): void {
  installActivityLedger(app, ctx, opts);

  app.get(
    '/api/reports/licences',
    {
      schema: {
        tags: ['reports'],
        summary: 'Monthly active users by licence: engineers, office (admin and office), client portal (admin, office; format=csv for a spreadsheet)',
        querystring: ZRangeQuery,
        response: { 200: ZReport.or(z.string()), ...errors },
      },
    },
    async (req, reply) => {
      const report = await licencesReport(ctx, req.actor, req.query.from, req.query.to);
      if (req.query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="fieldkeep-licences-${req.query.from}-to-${req.query.to}.csv"`)
          .send(toCsv(report.columns, report.rows));
      }
      return report;
    },
  );

  app.get(
    '/api/reports/licences/users',
    {
      schema: {
        tags: ['reports'],
        summary: 'The users counted in one month and how they were active (admin, office; format=csv for a spreadsheet)',
        querystring: z.object({ month: ZMonth, format: ZFormat }).strict(),
        response: { 200: ZReport.or(z.string()), ...errors },
      },
    },
    async (req, reply) => {
      const report = await licenceUsersReport(ctx, req.actor, req.query.month);
      if (req.query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="fieldkeep-licences-users-${req.query.month}.csv"`)
          .send(toCsv(report.columns, report.rows));
      }
      return report;
    },
  );
}
