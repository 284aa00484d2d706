import type {
  TAsset,
  TClient,
  TCreateAssetRequest,
  TCreateClientRequest,
  TCreateSiteRequest,
  TCreateWarningRequest,
  TImportKind,
  TImportResult,
  TSeverity,
  TSite,
  TSupplier,
  TUpdateClientRequest,
  TWarning,
  TWarningType,
} from '@fieldkeep/domain';
import { query, request, seg } from './http';

type DirectoryQuery = { q?: string; limit?: number; offset?: number };
type UpdateSite = Partial<Omit<TCreateSiteRequest, 'clientId'>>;
type UpdateAsset = Partial<Omit<TCreateAssetRequest, 'siteId'>>;

/** Clients, suppliers, sites, assets, warnings and CSV imports. */
export const directoryApi = {
  listClients: (q: DirectoryQuery = {}) => request<{ clients: TClient[] }>('GET', `/api/clients${query(q)}`),
  getClient: (clientId: string) => request<{ client: TClient }>('GET', `/api/clients/${seg(clientId)}`),
  createClient: (input: TCreateClientRequest) => request<{ client: TClient }>('POST', '/api/clients', input),
  updateClient: (clientId: string, patch: TUpdateClientRequest) => request<{ client: TClient }>('PATCH', `/api/clients/${seg(clientId)}`, patch),

  listSuppliers: (q: DirectoryQuery = {}) => request<{ suppliers: TSupplier[] }>('GET', `/api/suppliers${query(q)}`),
  getSupplier: (supplierId: string) => request<{ supplier: TSupplier }>('GET', `/api/suppliers/${seg(supplierId)}`),
  createSupplier: (input: TCreateClientRequest) => request<{ supplier: TSupplier }>('POST', '/api/suppliers', input),
  updateSupplier: (supplierId: string, patch: TUpdateClientRequest) =>
    request<{ supplier: TSupplier }>('PATCH', `/api/suppliers/${seg(supplierId)}`, patch),

  listSites: (q: DirectoryQuery & { clientId?: string } = {}) => request<{ sites: TSite[] }>('GET', `/api/sites${query(q)}`),
  getSite: (siteId: string) => request<{ site: TSite }>('GET', `/api/sites/${seg(siteId)}`),
  createSite: (input: TCreateSiteRequest) => request<{ site: TSite }>('POST', '/api/sites', input),
  updateSite: (siteId: string, patch: UpdateSite) => request<{ site: TSite }>('PATCH', `/api/sites/${seg(siteId)}`, patch),

  listAssets: (siteId: string) => request<{ assets: TAsset[] }>('GET', `/api/sites/${seg(siteId)}/assets`),
  createAsset: (input: TCreateAssetRequest) => request<{ asset: TAsset }>('POST', '/api/assets', input),
  updateAsset: (assetId: string, patch: UpdateAsset) => request<{ asset: TAsset }>('PATCH', `/api/assets/${seg(assetId)}`, patch),

  listSiteWarnings: (siteId: string, include: 'live' | 'all' = 'live') =>
    request<{ warnings: TWarning[] }>('GET', `/api/sites/${seg(siteId)}/warnings${query({ include: include === 'all' ? 'all' : undefined })}`),
  addWarning: (input: TCreateWarningRequest) => request<{ warning: TWarning }>('POST', '/api/warnings', input),
  removeWarning: (warningId: string, reason: string) =>
    request<{ warning: TWarning }>('POST', `/api/warnings/${seg(warningId)}/remove`, reason ? { reason } : {}),

  listWarningTypes: () => request<{ warningTypes: TWarningType[] }>('GET', '/api/warning-types'),
  createWarningType: (input: { key: string; name: string; defaultSeverity: TSeverity }) =>
    request<{ warningType: TWarningType }>('POST', '/api/warning-types', input),
  updateWarningType: (id: string, patch: { name?: string; defaultSeverity?: TSeverity; active?: boolean }) =>
    request<{ warningType: TWarningType }>('PATCH', `/api/warning-types/${seg(id)}`, patch),

  importCsv: (kind: TImportKind, csv: string, dryRun: boolean) => request<TImportResult>('POST', `/api/imports/${kind}`, { csv, dryRun }),
};
