import { z } from 'zod';
import { ZRole } from './roles.js';

/**
 * The outage drill on an office replica (docs/operations.md "Outage drill"): once the primary has
 * been unreachable for FIELDKEEP_OUTAGE_AFTER_MIN minutes the replica declares an outage, and the
 * office sees the fallback procedure, the newest pack and the customer script, and can email staff.
 */

/** One step of the fallback procedure, as the office reads it on the Outage page. */
export const ZOutageStep = z.object({ title: z.string(), text: z.string() });
export type TOutageStep = z.infer<typeof ZOutageStep>;

/** What became of the email to one member of staff. */
export const ZOutageRecipient = z.object({
  userId: z.string(),
  name: z.string(),
  role: ZRole,
  email: z.string().nullable(),
  /** sent — handed to the mail server (or, with no SMTP_URL, written to the data folder); failed — refused or unreachable; no_email — the user has no address: phone them. */
  outcome: z.enum(['sent', 'failed', 'no_email']),
  error: z.string().nullable(),
});
export type TOutageRecipient = z.infer<typeof ZOutageRecipient>;

/** One "email staff" done on this replica. Kept on the replica only (it is not replicated). */
export const ZOutageNotice = z
  .object({
    id: z.string(),
    sentAt: z.string(),
    byName: z.string(),
    /** When the primary became unreachable: the outage this notice was about. */
    outageSince: z.string(),
    note: z.string().nullable(),
    /** smtp — through SMTP_URL; file — no mail server configured: written to the replica's data folder, not delivered. */
    transport: z.enum(['smtp', 'file']),
    recipients: z.array(ZOutageRecipient),
  })
  .meta({ id: 'OutageNotice' });
export type TOutageNotice = z.infer<typeof ZOutageNotice>;

/** `GET /api/outage`: everything the Outage page shows. */
export const ZOutage = z
  .object({
    role: z.enum(['primary', 'replica']),
    /** FIELDKEEP_OUTAGE_AFTER_MIN of this server. */
    afterMinutes: z.number().int(),
    primaryUrl: z.string().nullable(),
    lastUpdateAt: z.string().nullable(),
    unreachableSince: z.string().nullable(),
    /** When the outage was declared (unreachable for afterMinutes); null while it is not. */
    declaredAt: z.string().nullable(),
    procedure: z.array(ZOutageStep),
    /** The tenant's texts from the Fallback pack page, with {company} filled in. */
    customerScript: z.string(),
    backUpChecklist: z.string(),
    latestPack: z.object({ id: z.string(), createdAt: z.string(), fileName: z.string(), size: z.number(), days: z.array(z.string()) }).nullable(),
    /** smtp, or file when this server has no SMTP_URL (staff are then not actually emailed). */
    mail: z.enum(['smtp', 'file']),
    /** The staff an email would go to, and those without an address (to phone). */
    staff: z.array(z.object({ userId: z.string(), name: z.string(), role: ZRole, email: z.string().nullable() })),
    notices: z.array(ZOutageNotice),
  })
  .meta({ id: 'Outage' });
export type TOutage = z.infer<typeof ZOutage>;

export const OUTAGE_NOTE_MAX = 2000;

/** `POST /api/outage/notify`. `again` — send although staff were already emailed about this outage. */
export const ZOutageNotifyRequest = z
  .object({
    note: z.string().trim().max(OUTAGE_NOTE_MAX).optional(),
    again: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'OutageNotifyRequest' });
export type TOutageNotifyRequest = z.input<typeof ZOutageNotifyRequest>;
