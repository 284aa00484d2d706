import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { newId } from '../ids.js';
import { STATUS_THRESHOLDS } from './status.config.js';
import { countServerErrors, insertServerError, recentServerErrors, type ServerErrorRow } from './status.repository.js';

/** Kept in memory when the database refuses the row (the database itself may be what failed). */
const UNSAVED_KEPT = 50;

/**
 * The support log (docs/status.md "Recent server errors"): every request that failed with 500
 * internal_error, with its request id, the route pattern (never the URL with its ids), and the
 * error's first line without email addresses or secrets — no bodies. Bounded (server_errors keeps
 * the newest 500 rows). The full error is in the server log under the same request id.
 */
export class ServerErrorLog {
  /** Recorded since this process started (the Prometheus counter). */
  total = 0;
  private readonly unsaved: ServerErrorRow[] = [];
  private readonly writing = new Set<Promise<void>>();

  constructor(private readonly ctx: AppContext) {}

  record(req: FastifyRequest, err: unknown, code: string): void {
    if (code !== 'internal_error') return;
    this.total++;
    const row: ServerErrorRow = {
      id: newId(),
      at: this.ctx.clock.now().toISOString(),
      request_id: String(req.id).slice(0, 100),
      tenant_id: req.actor?.tenantId ?? null,
      method: req.method,
      route: (req.routeOptions.url ?? '(no route)').slice(0, 300),
      status: 500,
      code,
      message: safeErrorLine(err),
    };
    // Never on the request's path: the answer goes out at once, the row follows.
    const p = insertServerError(this.ctx.database.db, row, STATUS_THRESHOLDS.serverErrorsKept)
      .catch((e: unknown) => {
        this.unsaved.unshift(row);
        this.unsaved.length = Math.min(this.unsaved.length, UNSAVED_KEPT);
        this.ctx.log.warn({ err: e }, 'could not keep a server error for the status page');
      })
      .finally(() => this.writing.delete(p));
    this.writing.add(p);
  }

  /** Waits for rows still being written (the status page reads after them). */
  async flush(): Promise<void> {
    await Promise.all([...this.writing]);
  }

  /** The newest errors (of one tenant, or all), including any the database could not keep. */
  async recent(tenantId: string | undefined, limit: number): Promise<ServerErrorRow[]> {
    await this.flush();
    const mine = (r: ServerErrorRow) => tenantId === undefined || r.tenant_id === tenantId;
    let rows: ServerErrorRow[] = [];
    try {
      rows = await recentServerErrors(this.ctx.database.read, { tenantId, limit });
    } catch (e) {
      this.ctx.log.warn({ err: e }, 'could not read the support log');
    }
    return [...this.unsaved.filter(mine), ...rows].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
  }

  async countSince(tenantId: string | undefined, since: string): Promise<number> {
    await this.flush();
    const unsaved = this.unsaved.filter((r) => (tenantId === undefined || r.tenant_id === tenantId) && r.at >= since).length;
    try {
      return unsaved + (await countServerErrors(this.ctx.database.read, { tenantId, since }));
    } catch {
      return unsaved;
    }
  }
}

const logs = new WeakMap<object, ServerErrorLog>();

/** Makes `recordServerError` keep the errors of this app (and of its plugins' contexts). */
export function attachServerErrorLog(app: FastifyInstance, log: ServerErrorLog): void {
  logs.set(app, log);
}

function logFor(server: object): ServerErrorLog | undefined {
  // A plugin's context is made from its parent with Object.create: walk up to the app.
  for (let o: object | null = server; o; o = Object.getPrototypeOf(o) as object | null) {
    const l = logs.get(o);
    if (l) return l;
  }
  return undefined;
}

/** Called by the HTTP error handler for every failed request; keeps the 500s (internal_error). */
export function recordServerError(req: FastifyRequest, err: unknown, code: string): void {
  try {
    logFor(req.server)?.record(req, err, code);
  } catch (e) {
    req.log.warn({ err: e }, 'could not record a server error');
  }
}

/** The error's first line, for the support log: no email addresses, tokens, passwords or connection strings. */
export function safeErrorLine(err: unknown): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { name?: unknown; message?: unknown; code?: unknown };
  const raw = typeof e.message === 'string' ? e.message : String(err);
  const line = (raw.split('\n')[0] ?? '')
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '<email>')
    .replace(/\b(postgres(?:ql)?|smtps?):\/\/\S+/gi, '$1://<hidden>')
    .replace(/\bfkr_[\w-]+/g, 'fkr_<hidden>')
    .replace(/\b(bearer\s+)\S+/gi, '$1<hidden>')
    .replace(/\b(password|passphrase|secret|token)(\s*[=:]\s*)\S+/gi, '$1$2<hidden>');
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const code = typeof e.code === 'string' ? ` ${e.code}` : '';
  return `${name}${code}: ${line}`.slice(0, 300);
}
