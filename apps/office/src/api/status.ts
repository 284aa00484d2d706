import type { TIntegrityCheck, TStatusAction, TStatusDevice, TStatusReport } from '@fieldkeep/domain';
import { request, seg } from './http';

/** The status page (docs/status.md): every item, a device with its refused changes, and the actions. */
export const statusApi = {
  status: () => request<TStatusReport>('GET', '/api/status'),
  device: (deviceId: string) => request<TStatusDevice>('GET', `/api/status/devices/${seg(deviceId)}`),
  resolveRejections: (deviceId: string) => request<{ resolved: number }>('POST', `/api/status/devices/${seg(deviceId)}/resolve-rejections`),
  runIntegrityCheck: () => request<{ check: TIntegrityCheck }>('POST', '/api/status/integrity/run'),
  /** An item's or entry's API action (e.g. "Resend" an email): only our own API paths are called. */
  perform: (action: Extract<TStatusAction, { method: string }>) => {
    if (!action.url.startsWith('/api/')) throw new Error(`Not an API action: ${action.url}`);
    return request<unknown>(action.method, action.url);
  },
};
