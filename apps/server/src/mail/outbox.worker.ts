import { newId } from '../ids.js';
import type { AppContext } from '../context.js';
import { leaseDue, markAttemptFailed, markSent, type EmailPayload } from './outbox.repository.js';
import { PermanentMailError, type MailTransport } from './transport.js';

const LEASE_MS = 120_000;
const POLL_MS = 5_000;
const BATCH = 20;

/**
 * Sends queued emails. Leases a batch in one short transaction, sends outside any transaction,
 * records each result in its own short transaction. A crash mid-send leaves the lease to run out,
 * after which the row is leased again (at-least-once delivery; each message carries a stable
 * Message-ID so receivers can drop a duplicate).
 */
export class OutboxWorker {
  private readonly owner = newId();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly ctx: Omit<AppContext, 'wakeOutbox'>,
    private readonly transport: MailTransport,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.transport.close();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then(() => undefined)
        .catch((err: unknown) => this.ctx.log.error({ err }, 'outbox worker pass failed'))
        .finally(() => {
          this.running = undefined;
          if (this.stopped) return;
          const rerun = this.again;
          this.again = false;
          this.schedule(rerun ? 0 : POLL_MS);
        });
    }, ms);
    this.timer.unref();
  }

  /** One pass: lease what is due and try each. Returns how many were sent and failed. */
  async runOnce(): Promise<{ sent: number; failed: number; retrying: number }> {
    const { database, clock } = this.ctx;
    const now = clock.now();
    const rows = await database.db.transaction().execute((trx) =>
      leaseDue(trx, database.dialect, {
        owner: this.owner,
        now: now.toISOString(),
        leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(),
        limit: BATCH,
      }),
    );
    const result = { sent: 0, failed: 0, retrying: 0 };
    for (const row of rows) {
      try {
        await this.transport.send(row.id, JSON.parse(row.payload) as EmailPayload);
        await database.db.transaction().execute((trx) =>
          markSent(trx, row.id, this.owner, this.transport.name, clock.now().toISOString()),
        );
        result.sent++;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const outcome = await database.db.transaction().execute((trx) =>
          markAttemptFailed(trx, row, this.owner, message, { now: clock.now(), permanent: err instanceof PermanentMailError }),
        );
        this.ctx.log.warn({ messageId: row.id, attempts: row.attempts, outcome, err: message }, 'email send failed');
        if (outcome === 'failed') result.failed++;
        else result.retrying++;
      }
    }
    return result;
  }
}
