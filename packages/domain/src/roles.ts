import { z } from 'zod';

export const ROLES = ['admin', 'office', 'engineer', 'client'] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

/** Roles that work in the back office (may see every record of their tenant). */
export const STAFF_ROLES: readonly TRole[] = ['admin', 'office'];
