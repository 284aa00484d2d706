import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message as the SMTP server received it. */
export interface CapturedMail {
  /** Envelope recipients (RCPT TO). */
  rcptTo: string[];
  /** Header fields, unfolded, names in lower case. */
  headers: Record<string, string>;
  subject: string;
  /** The body, with quoted-printable undone. */
  text: string;
}

export type RefusalStage = 'rcpt' | 'data';

/** A real SMTP server in this process (smtp-server on 127.0.0.1, any free port) that keeps what it receives. */
export interface SmtpCapture {
  port: number;
  /** For SMTP_URL. */
  url: string;
  received: CapturedMail[];
  /**
   * Answer every later message with this SMTP reply code (451: try later; 550: refused for good),
   * at RCPT TO or after DATA, until `accept()`.
   */
  refuse(code: number, stage?: RefusalStage): void;
  accept(): void;
  /** Messages refused so far (the server saw them and said no). */
  refused: number;
  close(): Promise<void>;
}

export async function startSmtpCapture(port = 0): Promise<SmtpCapture> {
  let refusal: { code: number; stage: RefusalStage } | null = null;
  const refusalError = () => {
    const err = new Error(refusal!.code >= 500 ? 'Mailbox unavailable' : 'Try again later') as Error & { responseCode: number };
    err.responseCode = refusal!.code;
    capture.refused++;
    return err;
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 100,
    onRcptTo(_address, _session, callback) {
      if (refusal?.stage === 'rcpt') callback(refusalError());
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusal?.stage === 'data') {
          callback(refusalError());
          return;
        }
        capture.received.push(parseMail(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.server.address() as AddressInfo).port;
  const capture: SmtpCapture = {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    received: [],
    refused: 0,
    refuse(code, stage = 'rcpt') {
      refusal = { code, stage };
    },
    accept() {
      refusal = null;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return capture;
}

/** A local port with nothing listening on it: connecting is refused at once. */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** Splits a raw RFC 822 message (CRLF or LF line ends) into headers and a decoded text body. */
export function parseMail(raw: string, rcptTo: string[] = []): CapturedMail {
  const lf = raw.replace(/\r\n/g, '\n');
  const split = lf.indexOf('\n\n');
  const head = split >= 0 ? lf.slice(0, split) : lf;
  let body = split >= 0 ? lf.slice(split + 2) : '';
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  if (/quoted-printable/i.test(headers['content-transfer-encoding'] ?? '')) {
    // Soft line breaks (`=` at the end of a line) join lines; `=XX` is one byte.
    body = Buffer.from(
      body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  }
  return { rcptTo, headers, subject: headers.subject ?? '', text: body };
}

/** The token from an emailed link that starts with `linkPrefix` (`http://host/reset-password`). */
export function tokenFromLink(text: string, linkPrefix: string): string {
  const escaped = linkPrefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const m = new RegExp(`${escaped}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  if (!m?.[1]) throw new Error(`no ${linkPrefix}?token=… link in the email:\n${text}`);
  return m[1];
}
