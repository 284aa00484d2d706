import type {
  TAllocationCheck,
  TAllocationCheckRequest,
  TAllocationRule,
  TBoard,
  TCreateJobRequest,
  TCreateVisitRequest,
  TEngineer,
  TJob,
  TJobDetail,
  TJobNote,
  TJobStatus,
  TRuleCondition,
  TRuleOutcome,
  TUpdateJobRequest,
  TUpdateVisitRequest,
  TVisit,
  TVisitStatus,
  TWorkingHours,
} from '@fieldkeep/domain';
import { query, request, seg } from './http';

export interface JobListQuery {
  status?: TJobStatus;
  clientId?: string;
  siteId?: string;
  engineerId?: string;
  from?: string;
  to?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

type RuleInput = { name: string; condition: TRuleCondition; outcome: TRuleOutcome; active?: boolean };

/** Jobs, visits, allocation rules, engineers and the dispatch board. */
export const workApi = {
  listJobs: (q: JobListQuery) => request<{ jobs: TJob[]; total: number }>('GET', `/api/jobs${query({ ...q })}`),
  getJob: (jobId: string) => request<TJobDetail>('GET', `/api/jobs/${seg(jobId)}`),
  createJob: (input: TCreateJobRequest) => request<{ job: TJob }>('POST', '/api/jobs', input),
  updateJob: (jobId: string, patch: TUpdateJobRequest) => request<{ job: TJob }>('PATCH', `/api/jobs/${seg(jobId)}`, patch),
  addJobNote: (jobId: string, text: string, clientVisible: boolean) =>
    request<{ note: TJobNote }>('POST', `/api/jobs/${seg(jobId)}/notes`, { text, clientVisible }),

  createVisit: (input: TCreateVisitRequest) => request<{ visit: TVisit }>('POST', '/api/visits', input),
  updateVisit: (visitId: string, patch: TUpdateVisitRequest) => request<{ visit: TVisit }>('PATCH', `/api/visits/${seg(visitId)}`, patch),
  setVisitStatus: (visitId: string, status: TVisitStatus, reason?: string) =>
    request<{ visit: TVisit }>('POST', `/api/visits/${seg(visitId)}/status`, reason ? { status, reason } : { status }),
  removeVisit: (visitId: string) => request<{ ok: true }>('DELETE', `/api/visits/${seg(visitId)}`),

  checkAllocation: (input: TAllocationCheckRequest) => request<TAllocationCheck>('POST', '/api/allocation/check', input),
  listRules: () => request<{ rules: TAllocationRule[] }>('GET', '/api/rules'),
  createRule: (input: RuleInput) => request<{ rule: TAllocationRule }>('POST', '/api/rules', input),
  updateRule: (ruleId: string, patch: Partial<RuleInput>) => request<{ rule: TAllocationRule }>('PATCH', `/api/rules/${seg(ruleId)}`, patch),

  listEngineers: () => request<{ engineers: TEngineer[] }>('GET', '/api/engineers'),
  updateEngineer: (engineerId: string, patch: { skills?: string[]; workingHours?: TWorkingHours }) =>
    request<{ engineer: TEngineer }>('PATCH', `/api/engineers/${seg(engineerId)}`, patch),

  board: (date: string, days: 1 | 7) => request<TBoard>('GET', `/api/board${query({ date, days })}`),
};
