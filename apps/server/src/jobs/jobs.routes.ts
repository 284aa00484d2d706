import { z } from 'zod';
import { ZCreateJobNoteRequest, ZCreateJobRequest, ZErrorBody, ZId, ZJob, ZJobDetail, ZJobList, ZJobListQuery, ZJobNote, ZUpdateJobRequest } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { addJobNote, createJob, getJobDetail, listJobs, updateJob } from './jobs.service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };
const ZParams = z.object({ jobId: ZId });

export function registerJobsRoutes(app: ZApp, ctx: AppContext): void {
  app.get(
    '/api/jobs',
    { schema: { tags: ['jobs'], summary: 'Jobs, filtered and searched (a client user sees its own organisation’s)', querystring: ZJobListQuery, response: { 200: ZJobList, ...errors } } },
    async (req) => listJobs(ctx, req.actor, req.query),
  );
  app.post(
    '/api/jobs',
    { schema: { tags: ['jobs'], summary: 'Raise a job at a site', body: ZCreateJobRequest, response: { 201: z.object({ job: ZJob }), ...errors } } },
    async (req, reply) => reply.status(201).send({ job: await createJob(ctx, req.actor, req.body) }),
  );
  app.get(
    '/api/jobs/:jobId',
    { schema: { tags: ['jobs'], summary: 'A job with its visits, notes and the live warnings of its site', params: ZParams, response: { 200: ZJobDetail, ...errors } } },
    async (req) => getJobDetail(ctx, req.actor, req.params.jobId),
  );
  app.patch(
    '/api/jobs/:jobId',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Change a job; a status change follows the job state machine',
        params: ZParams,
        body: ZUpdateJobRequest,
        response: { 200: z.object({ job: ZJob }), 409: ZErrorBody, ...errors },
      },
    },
    async (req) => ({ job: await updateJob(ctx, req.actor, req.params.jobId, req.body) }),
  );
  app.post(
    '/api/jobs/:jobId/notes',
    { schema: { tags: ['jobs'], summary: 'Add a note (optionally visible to the client)', params: ZParams, body: ZCreateJobNoteRequest, response: { 201: z.object({ note: ZJobNote }), ...errors } } },
    async (req, reply) => reply.status(201).send({ note: await addJobNote(ctx, req.actor, req.params.jobId, req.body) }),
  );
}
