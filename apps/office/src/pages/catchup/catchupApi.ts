import type { TCatchupCsvResult, TCatchupEntry, TCatchupResult } from '@fieldkeep/domain';
import { request } from '../../api/http';

/** Catch-up after an outage (docs/catchup.md). A 409 from commit carries `entries` beside `error`. */
export const catchupApi = {
  preview: (entries: TCatchupEntry[]) => request<TCatchupResult>('POST', '/api/catchup/preview', { entries }),
  commit: (entries: TCatchupEntry[]) => request<TCatchupResult>('POST', '/api/catchup/commit', { entries }),
  readCsv: (csv: string) => request<TCatchupCsvResult>('POST', '/api/catchup/csv', { csv }),
};
