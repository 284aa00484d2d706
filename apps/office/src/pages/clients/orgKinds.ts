import type { TClient, TCreateClientRequest, TUpdateClientRequest } from '@fieldkeep/domain';
import { api } from '../../api/client';

/** Clients and suppliers share one shape (name, details, contacts); these say which API and words to use. */
export interface OrgKind {
  path: '/clients' | '/suppliers';
  plural: string;
  singular: string;
  list: (q?: string) => Promise<TClient[]>;
  get: (id: string) => Promise<TClient>;
  create: (input: TCreateClientRequest) => Promise<TClient>;
  update: (id: string, patch: TUpdateClientRequest) => Promise<TClient>;
}

export const CLIENTS: OrgKind = {
  path: '/clients',
  plural: 'Clients',
  singular: 'client',
  list: (q) => api.listClients({ q }).then((r) => r.clients),
  get: (id) => api.getClient(id).then((r) => r.client),
  create: (input) => api.createClient(input).then((r) => r.client),
  update: (id, patch) => api.updateClient(id, patch).then((r) => r.client),
};

export const SUPPLIERS: OrgKind = {
  path: '/suppliers',
  plural: 'Suppliers',
  singular: 'supplier',
  list: (q) => api.listSuppliers({ q }).then((r) => r.suppliers),
  get: (id) => api.getSupplier(id).then((r) => r.supplier),
  create: (input) => api.createSupplier(input).then((r) => r.supplier),
  update: (id, patch) => api.updateSupplier(id, patch).then((r) => r.supplier),
};
