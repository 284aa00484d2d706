import { z } from 'zod';
import { ZId, ZTimestamp } from './ids.js';

export const MESSAGE_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export const ZMessageStatus = z.enum(MESSAGE_STATUSES);

/** An email in the outbox: written with the change that caused it, sent by a worker. */
export const ZMessage = z
  .object({
    id: ZId,
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    status: ZMessageStatus,
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: ZTimestamp.nullable(),
    createdAt: ZTimestamp,
    sentAt: ZTimestamp.nullable(),
    /** How it left: "smtp", or "file" when no SMTP server is configured (kept in the data folder). */
    transport: z.string().nullable(),
  })
  .meta({ id: 'Message' });
export type TMessage = z.infer<typeof ZMessage>;

export const ZMessageListQuery = z
  .object({ status: ZMessageStatus.optional() })
  .strict();
export const ZMessageList = z.object({ messages: z.array(ZMessage) }).meta({ id: 'MessageList' });
