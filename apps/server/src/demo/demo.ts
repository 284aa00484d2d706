import type { TCreateUserRequest, TRole } from '@fieldkeep/domain';
import { hashPassword } from '../auth/password.js';
import { insertClient } from '../clients/clients.repository.js';
import type { AppContext } from '../context.js';
import { withWriteTx } from '../db/write.js';
import type { Actor } from '../auth/actor.js';
import { AppError } from '../errors/app-error.js';
import { seedDemoData } from './demo-data.js';
import { findTenantBySlug } from '../tenants/tenants.repository.js';
import { createTenant } from '../tenants/tenants.service.js';
import { createUserInTx } from '../users/users.service.js';

export const DEMO_TENANT_SLUG = 'demo';

export interface DemoLogin {
  login: string;
  role: TRole;
  name: string;
}

/**
 * The demo tenant: an admin, an office planner, five engineers, a client portal user and an
 * apprentice without an email address (so the admin's list shows the "cannot reset" flag).
 * Then a realistic working day (demo-data.ts): clients, sites with warnings, jobs and visits.
 */
export async function seedDemo(ctx: AppContext, password: string): Promise<DemoLogin[]> {
  if (await findTenantBySlug(ctx.database.db, DEMO_TENANT_SLUG)) {
    throw new AppError('conflict', 'The demo tenant already exists.');
  }
  // One hash per user (each with its own salt), computed before the write transaction opens.
  const people: Array<{ name: string; email: string | null; login?: string; role: TRole; client?: boolean }> = [
    { name: 'Alex Admin', email: 'admin@demo.test', role: 'admin' },
    { name: 'Olivia Office', email: 'office@demo.test', role: 'office' },
    { name: 'Ellis Engineer', email: 'eng1@demo.test', role: 'engineer' },
    { name: 'Erin Evans', email: 'eng2@demo.test', role: 'engineer' },
    { name: 'Eddie Edwards', email: 'eng3@demo.test', role: 'engineer' },
    { name: 'Esme Ellis', email: 'eng4@demo.test', role: 'engineer' },
    { name: 'Ezra Evans', email: 'eng5@demo.test', role: 'engineer' },
    { name: 'Chris Client', email: 'client@demo.test', role: 'client', client: true },
    { name: 'Sam Apprentice', email: null, login: 'apprentice1', role: 'engineer' },
  ];
  const hashes = await Promise.all(people.map(() => hashPassword(password)));
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const tenant = await createTenant(tx, { name: 'Demo Contracting Ltd', slug: DEMO_TENANT_SLUG, timeZone: 'Europe/London' });
    const northside = await insertClient(tx, tenant.id, 'Northside Housing Association');
    await insertClient(tx, tenant.id, 'Riverside Homes');
    const logins: Array<DemoLogin & { id: string }> = [];
    for (const [i, p] of people.entries()) {
      const input: TCreateUserRequest = {
        name: p.name,
        email: p.email,
        role: p.role,
        sendInvitation: false,
        ...(p.login ? { login: p.login } : {}),
        ...(p.client ? { clientId: northside.id } : {}),
        ...(p.email ? {} : { password }),
      };
      const u = await createUserInTx(tx, undefined, { tenantId: tenant.id, actor: null, input, passwordHash: hashes[i] ?? null });
      logins.push({ id: u.id, login: u.login, role: u.role, name: u.name });
    }
    return { tenantId: tenant.id, logins };
  });
  const admin = value.logins.find((l) => l.role === 'admin')!;
  const actor: Actor = { userId: admin.id, tenantId: value.tenantId, login: admin.login, role: 'admin', clientId: null, sessionId: 'demo-seed' };
  const engineers = value.logins.filter((l) => /^eng\d@/.test(l.login));
  await seedDemoData(ctx, actor, engineers);
  return value.logins.map(({ login, role, name }) => ({ login, role, name }));
}
