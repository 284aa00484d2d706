import type { TRole } from '@fieldkeep/domain';
import { hashPassword } from '../auth/password.js';
import { insertClient } from '../clients/clients.repository.js';
import { withWriteTx } from '../db/write.js';
import type { Tenant } from '../tenants/tenants.repository.js';
import { createTenant } from '../tenants/tenants.service.js';
import { createUserInTx } from '../users/users.service.js';
import type { TestServer } from './test-server.js';
import { TEST_PASSWORD } from './test-server.js';

let hashCache: Promise<string> | undefined;
/** One hash of TEST_PASSWORD reused by every factory user: tests measure behaviour, not the KDF. */
const testHash = () => (hashCache ??= hashPassword(TEST_PASSWORD));

export interface BuiltTenant {
  tenant: Tenant;
  clientId: string;
  users: Record<TRole, { id: string; login: string }>;
}

/** A tenant with a client organisation and one user of each role, all with TEST_PASSWORD. */
export async function buildTenant(server: Pick<TestServer, 'ctx'>, overrides: { slug?: string; name?: string } = {}): Promise<BuiltTenant> {
  const slug = overrides.slug ?? `t${Math.random().toString(36).slice(2, 9)}`;
  const hash = await testHash();
  const { value } = await withWriteTx(server.ctx.database, server.ctx.clock, async (tx) => {
    const tenant = await createTenant(tx, { name: overrides.name ?? `Tenant ${slug}`, slug, timeZone: 'Europe/London' });
    const client = await insertClient(tx, tenant.id, `Client of ${slug}`);
    const users = {} as BuiltTenant['users'];
    for (const role of ['admin', 'office', 'engineer', 'client'] as const) {
      const u = await createUserInTx(tx, undefined, {
        tenantId: tenant.id,
        actor: null,
        input: {
          name: `${role} of ${slug}`,
          email: `${role}@${slug}.test`,
          role,
          sendInvitation: false,
          ...(role === 'client' ? { clientId: client.id } : {}),
        },
        passwordHash: hash,
      });
      users[role] = { id: u.id, login: u.login };
    }
    return { tenant, clientId: client.id, users };
  });
  return value;
}
