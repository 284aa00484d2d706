import { ZBoard, ZBoardQuery, ZErrorBody } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { getBoard } from './board.service.js';

export function registerBoardRoutes(app: ZApp, ctx: AppContext): void {
  app.get(
    '/api/board',
    {
      schema: {
        tags: ['dispatch'],
        summary: 'Dispatch board: engineers, visits and unallocated jobs for 1–7 days from a date (tenant time zone)',
        querystring: ZBoardQuery,
        response: { 200: ZBoard, 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody },
      },
    },
    async (req) => getBoard(ctx, req.actor, req.query.date, req.query.days),
  );
}
