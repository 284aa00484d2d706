import { z } from 'zod';
import { ZId, ZTimestamp } from './ids.js';

export const AUDIT_ACTIONS = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'auth.locked',
  'auth.password_reset_requested',
  'auth.password_reset',
  'auth.invitation_sent',
  'auth.invitation_accepted',
  'user.created',
  'user.updated',
  'user.password_set',
  'client.created',
  'client.updated',
  'supplier.created',
  'supplier.updated',
  'site.created',
  'site.updated',
  'asset.created',
  'asset.updated',
  'warning.added',
  'warning.removed',
  'warning_type.created',
  'warning_type.updated',
  'import.completed',
  'job.created',
  'job.updated',
  'job.status_changed',
  'job_note.added',
  'visit.allocated',
  'visit.updated',
  'visit.removed',
  'allocation.acknowledged',
  'rule.created',
  'rule.updated',
  'engineer.updated',
  'message.retried',
  'device.revoked',
  'time_entry.added',
  'announcement.posted',
  'tenant.exported',
] as const;
export const ZAuditAction = z.enum(AUDIT_ACTIONS);
export type TAuditAction = z.infer<typeof ZAuditAction>;

export const ZAuditEntry = z
  .object({
    id: ZId,
    at: ZTimestamp,
    action: ZAuditAction,
    actorUserId: ZId.nullable(),
    actorLogin: z.string().nullable(),
    subject: z.string().nullable(),
    ip: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });
export type TAuditEntry = z.infer<typeof ZAuditEntry>;
export const ZAuditList = z.object({ entries: z.array(ZAuditEntry) }).meta({ id: 'AuditList' });
