import type { RouteFixtures } from '../testing/route-fixtures.js';

/**
 * Catch-up bodies. Preview and commit name tenant A's job and engineer: sent by tenant B they must be
 * refused (commit answers 400, since the job is not B's). The CSV sample names no record.
 */
const note = (ids: Readonly<Record<string, string>>) => ({ entries: [{ kind: 'note', job: ids.jobId, paperDate: '2026-11-20', time: '10:15', engineerId: ids.engineerId, text: 'Replaced the washer (paper sheet).' }] });

export const fixtures: RouteFixtures = {
  order: 250,
  bodies: {
    'POST /api/catchup/preview': { entries: [{ kind: 'note', job: 'J-000001', paperDate: '2026-11-20', text: 'Replaced the washer (paper sheet).' }] },
    'POST /api/catchup/commit': note,
    'POST /api/catchup/csv': { csv: 'kind,paper_date,job,text\r\nnote,20/11/2026,J-000001,Replaced the washer\r\n' },
  },
};
