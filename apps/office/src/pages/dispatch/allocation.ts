import type { TAllocationCheck } from '@fieldkeep/domain';
import { ApiError } from '../../api/client';

/** What the allocation dialog books or moves: a job, and the visit when one already exists. */
export interface AllocationSubject {
  jobId: string;
  reference: string;
  siteName: string;
  sitePostcode: string;
  liveWarningCount: number;
  /** When given, the dialog moves / reallocates this visit (PATCH) instead of booking a new one. */
  visitId?: string;
}

export interface AllocationDraft {
  engineerIds: string[];
  date: string;
  /** "HH:MM" in the tenant's zone. */
  time: string;
  minutes: number;
}

export const DEFAULT_VISIT_MINUTES = 120;

/** The findings of a 409 allocation_refused (they stand beside `error` as `check`). */
export function refusedCheck(err: unknown): TAllocationCheck | undefined {
  if (!(err instanceof ApiError) || err.code !== 'allocation_refused') return undefined;
  const body = err.body as { check?: TAllocationCheck } | undefined;
  return body?.check;
}
