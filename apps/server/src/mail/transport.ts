import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import type { EmailPayload } from './outbox.repository.js';

export interface MailTransport {
  /** "smtp" or "file". */
  readonly name: string;
  send(id: string, msg: EmailPayload): Promise<void>;
  close(): void;
}

/** A send that failed in a way retrying will not fix (the server refused the recipient, …). */
export class PermanentMailError extends Error {}

export function createTransport(opts: { smtpUrl: string | undefined; from: string; dataDir: string }): MailTransport {
  if (opts.smtpUrl) return smtpTransport(opts.smtpUrl, opts.from);
  return fileTransport(path.join(opts.dataDir, 'mail'), opts.from);
}

function smtpTransport(url: string, from: string): MailTransport {
  // Timeouts well inside the worker's 2-minute lease: a stalled SMTP server must not hold the queue,
  // nor let another worker take the message over while this one still talks to the server.
  const transporter = nodemailer.createTransport(
    { ...parseConnectionUrl(url), connectionTimeout: 20_000, greetingTimeout: 15_000, socketTimeout: 45_000 },
    { from },
  );
  return {
    name: 'smtp',
    async send(id, msg) {
      try {
        await transporter.sendMail({ to: msg.to, subject: msg.subject, text: msg.text, messageId: `<${id}@fieldkeep>` });
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        // 5xx is the SMTP server's final word (unknown mailbox, rejected): trying again will not help.
        if (typeof code === 'number' && code >= 500 && code < 600) {
          throw new PermanentMailError((err as Error).message);
        }
        throw err;
      }
    },
    close: () => transporter.close(),
  };
}

/**
 * With no SMTP server configured, each message is written whole (RFC 822, `.eml`) to the data
 * folder, and the admin reads it on the Mail page. Written to a temp file, fsynced, then renamed.
 */
function fileTransport(dir: string, from: string): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    name: 'file',
    async send(id, msg) {
      const info = await builder.sendMail({ from, to: msg.to, subject: msg.subject, text: msg.text, messageId: `<${id}@fieldkeep>` });
      await fs.mkdir(dir, { recursive: true });
      const target = path.join(dir, `${id}.eml`);
      const tmp = `${target}.tmp`;
      const fh = await fs.open(tmp, 'w');
      try {
        await fh.writeFile(info.message as Buffer);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fs.rename(tmp, target);
    },
    close: () => builder.close(),
  };
}
