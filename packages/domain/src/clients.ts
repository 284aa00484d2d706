import { z } from 'zod';
import { LIMITS } from './limits.js';
import { ZId, ZTimestamp } from './ids.js';

/** A client organisation (e.g. a housing association). Client users belong to exactly one. */
export const ZClient = z
  .object({ id: ZId, name: z.string(), createdAt: ZTimestamp })
  .meta({ id: 'Client' });
export type TClient = z.infer<typeof ZClient>;

export const ZCreateClientRequest = z
  .object({ name: z.string().trim().min(1).max(LIMITS.nameMaxLength) })
  .strict()
  .meta({ id: 'CreateClientRequest' });
export type TCreateClientRequest = z.infer<typeof ZCreateClientRequest>;

export const ZClientList = z.object({ clients: z.array(ZClient) }).meta({ id: 'ClientList' });
