import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { TExportStatus, TExportSummary } from '@fieldkeep/domain';
import { requireRole, type Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import { withWriteTx } from '../db/write.js';
import { AppError } from '../errors/app-error.js';
import type { ExportManifest } from './export-manifest.js';
import { exportTenant } from './export-tenant.js';
import { readManifest } from './import-tenant.js';

/** Finished exports kept per tenant (older ones are removed after a new one is made). */
const KEEP = 3;

interface Running {
  startedAt: string;
  step: string;
  done: number;
  total: number;
  promise: Promise<void>;
}

export const summarise = (id: string, m: ExportManifest): TExportSummary => ({
  id,
  exportedAt: m.exportedAt,
  schemaVersion: m.schemaVersion,
  tables: m.tables.length,
  rows: m.tables.reduce((n, t) => n + t.rows, 0),
  blobs: m.blobs.length,
  bytes: m.tables.reduce((n, t) => n + t.bytes, 0) + m.blobs.reduce((n, b) => n + b.size, 0),
  missingBlobs: m.missingBlobs.length,
});

/**
 * The admin's "export everything" (docs/export.md): one export at a time per tenant, made in the
 * background into `<dataDir>/exports/<tenant id>/.tmp-<id>` and renamed to `<id>` when complete, so
 * a half-made export is never offered. The newest complete one is downloaded as a zip.
 */
export class TenantExports {
  private readonly running = new Map<string, Running>();
  private readonly failures = new Map<string, { at: string; message: string }>();

  constructor(private readonly ctx: AppContext) {}

  private root(tenantId: string): string {
    return path.join(this.ctx.config.dataDir, 'exports', tenantId);
  }

  async start(actor: Actor | undefined): Promise<TExportStatus> {
    const a = requireRole(actor, 'admin');
    if (this.running.has(a.tenantId)) throw new AppError('conflict', 'An export of your company’s data is being made already: wait for it to finish.');
    const now = this.ctx.clock.now();
    const id = `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
    const root = this.root(a.tenantId);
    await fsp.mkdir(root, { recursive: true });
    for (const name of await fsp.readdir(root)) if (name.startsWith('.tmp-')) await fsp.rm(path.join(root, name), { recursive: true, force: true });
    await withWriteTx(this.ctx.database, this.ctx.clock, (tx) =>
      appendAudit(tx.trx, tx.now, { tenantId: a.tenantId, action: 'tenant.exported', actorUserId: a.userId, actorLogin: a.login, subject: a.tenantId, details: { exportId: id } }),
    );
    const tmp = path.join(root, `.tmp-${id}`);
    const job: Running = { startedAt: now.toISOString(), step: 'tables', done: 0, total: 0, promise: Promise.resolve() };
    this.running.set(a.tenantId, job);
    job.promise = exportTenant({
      database: this.ctx.database,
      dataDir: this.ctx.config.dataDir,
      tenant: { id: a.tenantId },
      to: tmp,
      now,
      progress: (step, done, total) => Object.assign(job, { step, done, total }),
    })
      .then(async () => {
        await fsp.rename(tmp, path.join(root, id));
        this.failures.delete(a.tenantId);
        await this.prune(root);
      })
      .catch(async (err: unknown) => {
        this.ctx.log.error({ err, tenantId: a.tenantId }, 'tenant export failed');
        this.failures.set(a.tenantId, { at: this.ctx.clock.now().toISOString(), message: (err as Error).message });
        await fsp.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
      })
      .finally(() => this.running.delete(a.tenantId));
    return this.status(a);
  }

  async status(actor: Actor | undefined): Promise<TExportStatus> {
    const a = requireRole(actor, 'admin');
    const job = this.running.get(a.tenantId);
    const latest = await this.latest(a.tenantId);
    return {
      running: job ? { startedAt: job.startedAt, step: job.step, done: job.done, total: job.total } : null,
      latest: latest ? summarise(latest.id, latest.manifest) : null,
      lastError: this.failures.get(a.tenantId) ?? null,
    };
  }

  /** The newest complete export of a tenant. */
  async latest(tenantId: string): Promise<{ id: string; dir: string; manifest: ExportManifest } | undefined> {
    const root = this.root(tenantId);
    let names: string[];
    try {
      names = (await fsp.readdir(root)).filter((n) => !n.startsWith('.')).sort().reverse();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    for (const id of names) {
      const dir = path.join(root, id);
      try {
        return { id, dir, manifest: await readManifest(dir) };
      } catch {
        continue;
      }
    }
    return undefined;
  }

  /** Resolves when no export is being made (tests, shutdown). */
  async whenIdle(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.promise));
  }

  private async prune(root: string): Promise<void> {
    const names = (await fsp.readdir(root)).filter((n) => !n.startsWith('.')).sort().reverse();
    for (const old of names.slice(KEEP)) await fsp.rm(path.join(root, old), { recursive: true, force: true });
  }
}
