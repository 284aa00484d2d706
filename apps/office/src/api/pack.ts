import { request } from './http';

/*
 * The fallback pack's API (apps/server/src/pack/pack.routes.ts). These shapes mirror the server's
 * pack.schemas.ts by hand until those schemas move to packages/domain.
 */

export interface TPackSummary {
  days: string[];
  jobSheets: number;
  engineers: number;
  outstandingJobs: number;
  urgentJobs: number;
  clients: number;
  sites: number;
  suppliers: number;
  files: number;
}

export interface TPack {
  id: string;
  createdAt: string;
  kind: 'schedule' | 'request';
  fileName: string;
  size: number;
  sha256: string;
  createdByName: string | null;
  summary: TPackSummary;
}

export interface TPackRun {
  id: string;
  startedBy: 'schedule' | 'request';
  status: 'ok' | 'failed';
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  packId: string | null;
  error: string | null;
}

export interface TPackStatus {
  schedule: string | null;
  nextRunAt: string | null;
  latestPack: TPack | null;
  lastRun: TPackRun | null;
  lastFailure: TPackRun | null;
}

export interface TPackSettings {
  customerScript: string;
  backUpChecklist: string;
  customerScriptIsDefault: boolean;
  backUpChecklistIsDefault: boolean;
  updatedAt: string | null;
  updatedByName: string | null;
}

/** Longest script or checklist the server takes (pack.schemas.ts PACK_TEXT_MAX). */
export const PACK_TEXT_MAX = 8000;

export const packApi = {
  listPacks: () => request<{ packs: TPack[]; status: TPackStatus }>('GET', '/api/pack'),
  makePack: () => request<{ pack: TPack }>('POST', '/api/pack'),
  getPackSettings: () => request<TPackSettings>('GET', '/api/pack/settings'),
  /** null puts back the default text. */
  updatePackSettings: (input: { customerScript: string | null; backUpChecklist: string | null }) => request<TPackSettings>('PUT', '/api/pack/settings', input),
};

/** Plain links: the browser downloads the zip with the session cookie. */
export const LATEST_PACK_URL = '/api/pack/latest';
export const packFileUrl = (packId: string) => `/api/pack/files/${encodeURIComponent(packId)}`;
