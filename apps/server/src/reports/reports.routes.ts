import { z } from 'zod';
import { ZErrorBody, ZReportQuery } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { toCsv } from './csv-writer.js';
import { abortedVisitsReport, nonProductiveTimeReport, startOfDayReport, type Report } from './reports.service.js';

const ZReport = z.object({ columns: z.array(z.string()), rows: z.array(z.array(z.string())) }).meta({ id: 'Report' });
const REPORTS = [
  { path: 'start-of-day', summary: 'Start-of-day answers by engineer and day', run: startOfDayReport },
  { path: 'aborted-visits', summary: 'Aborted visits with reasons and the answers that stopped them', run: abortedVisitsReport },
  { path: 'non-productive-time', summary: 'Non-productive time by week, engineer and activity, with totals', run: nonProductiveTimeReport },
] as const;

export function registerReportsRoutes(app: ZApp, ctx: AppContext): void {
  for (const r of REPORTS) {
    app.get(
      `/api/reports/${r.path}`,
      {
        schema: {
          tags: ['reports'],
          summary: `${r.summary} (format=csv for a spreadsheet)`,
          querystring: ZReportQuery,
          response: { 200: ZReport.or(z.string()), 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody },
        },
      },
      async (req, reply) => {
        const report: Report = await r.run(ctx, req.actor, req.query.from, req.query.to);
        if (req.query.format === 'csv') {
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="fieldkeep-${r.path}-${req.query.from}-to-${req.query.to}.csv"`)
            .send(toCsv(report.columns, report.rows));
        }
        return report;
      },
    );
  }
}
