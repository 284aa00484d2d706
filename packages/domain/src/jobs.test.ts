import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  JOB_STATUSES,
  JOB_TRANSITIONS,
  canTransitionJob,
  isJobOpen,
  VISIT_STATUSES,
  VISIT_TRANSITIONS,
  canTransitionVisit,
  jobStatusFromVisits,
  jobReference,
  ZCreateJobRequest,
  ZJobListQuery,
  type TJobStatus,
  type TVisitStatus,
} from './jobs.js';
import { LIMITS } from './limits.js';

const CLOSED_JOB: readonly TJobStatus[] = ['completed', 'cancelled'];
const FINISHED_VISIT: readonly TVisitStatus[] = ['completed', 'aborted'];
const UNDER_WAY: readonly TVisitStatus[] = ['travelling', 'on_site', 'paused'];

/** Every status reachable from `from` (including itself) through a transition table. */
function reachable<S extends string>(table: Record<S, readonly S[]>, from: S): Set<S> {
  const seen = new Set<S>([from]);
  const queue = [from];
  for (let s = queue.shift(); s !== undefined; s = queue.shift())
    for (const n of table[s])
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
  return seen;
}

/** A random walk: at each step pick one of the allowed moves (or stop where there are none). */
const walk = <S extends string>(table: Record<S, readonly S[]>, start: S, picks: number[]): S[] => {
  const path = [start];
  for (const p of picks) {
    const next = table[path.at(-1)!];
    if (next.length === 0) break;
    path.push(next[p % next.length]!);
  }
  return path;
};

const buildCreateJob = (o: Record<string, unknown> = {}) => ({ siteId: '0190a1b2-0000-7000-8000-000000000001', description: 'Boiler losing pressure', jobType: 'repair', ...o });

describe('job status machine', () => {
  it('every path from every status stays able to reach completed or cancelled (no trap states)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...JOB_STATUSES), fc.array(fc.nat(), { maxLength: 30 }), (start, picks) => {
        for (const s of walk(JOB_TRANSITIONS, start, picks)) {
          const canClose = CLOSED_JOB.some((c) => reachable(JOB_TRANSITIONS, s).has(c));
          expect(canClose, `stuck at ${s}`).toBe(true);
        }
      }),
    );
  });

  it('completed and cancelled jobs have no way out and are the only closed statuses', () => {
    for (const s of JOB_STATUSES) {
      expect(isJobOpen(s)).toBe(!CLOSED_JOB.includes(s));
      for (const to of JOB_STATUSES) if (CLOSED_JOB.includes(s)) expect(canTransitionJob(s, to)).toBe(false);
    }
  });

  it('only moves to known statuses, never to itself', () => {
    for (const s of JOB_STATUSES) {
      for (const to of JOB_TRANSITIONS[s]) expect(JOB_STATUSES).toContain(to);
      expect(canTransitionJob(s, s)).toBe(false);
    }
  });

  it('a new job cannot be completed or started without being scheduled; follow-on and aborted jobs can be rescheduled', () => {
    expect(canTransitionJob('new', 'completed')).toBe(false);
    expect(canTransitionJob('new', 'in_progress')).toBe(false);
    expect(canTransitionJob('new', 'scheduled')).toBe(true);
    expect(canTransitionJob('follow_on', 'scheduled')).toBe(true);
    expect(canTransitionJob('aborted', 'scheduled')).toBe(true);
    expect(canTransitionJob('scheduled', 'cancelled')).toBe(true);
  });
});

describe('visit status machine', () => {
  it('every visit status can still finish (completed or aborted), and finished visits stay finished', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VISIT_STATUSES), fc.array(fc.nat(), { maxLength: 30 }), (start, picks) => {
        for (const s of walk(VISIT_TRANSITIONS, start, picks)) expect(FINISHED_VISIT.some((f) => reachable(VISIT_TRANSITIONS, s).has(f))).toBe(true);
      }),
    );
    for (const f of FINISHED_VISIT) for (const to of VISIT_STATUSES) expect(canTransitionVisit(f, to)).toBe(false);
  });

  it('a visit is only completed from on site or paused — never straight from scheduled or travelling', () => {
    const into = VISIT_STATUSES.filter((s) => canTransitionVisit(s, 'completed'));
    expect(into.sort()).toEqual(['on_site', 'paused']);
  });
});

describe('jobStatusFromVisits', () => {
  const arbVisits = fc.array(fc.record({ status: fc.constantFrom(...VISIT_STATUSES) }), { maxLength: 5 });

  it('follows the visits: under way → in progress, else any scheduled → scheduled', () => {
    fc.assert(
      fc.property(fc.constantFrom(...JOB_STATUSES), arbVisits, (current, visits) => {
        const derived = jobStatusFromVisits(current, visits);
        const expected = !isJobOpen(current)
          ? undefined // closed jobs never reopen by themselves
          : visits.some((v) => UNDER_WAY.includes(v.status))
            ? 'in_progress'
            : visits.some((v) => v.status === 'scheduled')
              ? 'scheduled'
              : visits.length === 0 && current === 'scheduled'
                ? 'new'
                : undefined;
        expect(derived).toBe(expected);
      }),
    );
  });

  it('from scheduled or in progress, what it derives is a move the job machine allows', () => {
    fc.assert(
      fc.property(fc.constantFrom<TJobStatus>('scheduled', 'in_progress'), arbVisits, (current, visits) => {
        const derived = jobStatusFromVisits(current, visits);
        if (derived !== undefined && derived !== current) expect(canTransitionJob(current, derived)).toBe(true);
      }),
    );
  });

  it('leaves the last visit’s outcome to decide once every visit is finished', () => {
    expect(jobStatusFromVisits('in_progress', [{ status: 'completed' }, { status: 'aborted' }])).toBeUndefined();
    expect(jobStatusFromVisits('scheduled', [])).toBe('new'); // the only visit was removed
    expect(jobStatusFromVisits('completed', [{ status: 'on_site' }])).toBeUndefined();
  });
});

describe('jobReference', () => {
  it('pads to six digits and keeps larger numbers whole', () => {
    expect(jobReference(123)).toBe('J-000123');
    expect(jobReference(1_234_567)).toBe('J-1234567');
  });

  it('reads back to the same number, and sorts like the number below a million', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999 }), fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 1, max: 999_999 }), (n, a, b) => {
        expect(jobReference(n)).toMatch(/^J-\d{6,}$/);
        expect(Number(jobReference(n).slice(2))).toBe(n);
        expect(Math.sign(jobReference(a).localeCompare(jobReference(b)))).toBe(Math.sign(a - b));
      }),
    );
  });
});

describe('ZCreateJobRequest', () => {
  it('fills in normal priority, no skills and one engineer', () => {
    expect(ZCreateJobRequest.parse(buildCreateJob())).toMatchObject({ priority: 'normal', requiredSkills: [], requiredEngineers: 1 });
  });

  it('trims text and rejects a blank description, unknown fields and bad engineer counts', () => {
    expect(ZCreateJobRequest.parse(buildCreateJob({ description: '  Leak  ', requiredSkills: [' gas '] }))).toMatchObject({ description: 'Leak', requiredSkills: ['gas'] });
    for (const bad of [{ description: '   ' }, { colour: 'red' }, { requiredEngineers: 0 }, { requiredEngineers: 11 }, { requiredEngineers: 1.5 }, { priority: 'urgent' }, { targetDate: '2025-02-29' }, { siteId: 'site-1' }]) {
      expect(ZCreateJobRequest.safeParse(buildCreateJob(bad)).success, JSON.stringify(bad)).toBe(false);
    }
    expect(ZCreateJobRequest.parse(buildCreateJob({ requiredEngineers: 10, targetDate: '2024-02-29' })).requiredEngineers).toBe(10);
  });
});

describe('ZJobListQuery', () => {
  it('reads paging numbers from query strings, with defaults', () => {
    expect(ZJobListQuery.parse({})).toMatchObject({ limit: LIMITS.pageSizeDefault, offset: 0 });
    expect(ZJobListQuery.parse({ limit: '20', offset: '40', status: 'scheduled', q: '  SW1A ' })).toEqual({ limit: 20, offset: 40, status: 'scheduled', q: 'SW1A' });
  });

  it('accepts every page size from 1 to the maximum and nothing outside it', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: LIMITS.pageSizeMax + 5 }), (n) => {
        expect(ZJobListQuery.safeParse({ limit: String(n) }).success).toBe(n >= 1 && n <= LIMITS.pageSizeMax);
      }),
    );
    for (const bad of [{ limit: 'ten' }, { limit: '2.5' }, { offset: '-1' }, { status: 'open' }, { page: '2' }]) {
      expect(ZJobListQuery.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
