import type { TestServer } from './test-server.js';

/** A site of the tenant's client, made through the API as the office would. */
export async function buildSite(s: TestServer, token: string, clientId: string, overrides: Record<string, unknown> = {}): Promise<{ id: string }> {
  const res = await s.call('POST', '/api/sites', {
    token,
    body: { clientId, name: `Flat ${Math.floor(Math.random() * 900) + 100}`, address1: '12 High Street', postcode: 'LS1 4AB', ...overrides },
  });
  if (res.statusCode !== 201) throw new Error(`buildSite: ${res.statusCode} ${res.body}`);
  return res.json<{ site: { id: string } }>().site;
}

/** A live warning of a seeded type (e.g. 'attend_in_pairs') on a site. */
export async function buildWarning(
  s: TestServer,
  token: string,
  siteId: string,
  typeKey: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string }> {
  const types = (await s.call('GET', '/api/warning-types', { token })).json<{ warningTypes: Array<{ id: string; key: string }> }>().warningTypes;
  const type = types.find((t) => t.key === typeKey);
  if (!type) throw new Error(`no warning type ${typeKey}`);
  const res = await s.call('POST', '/api/warnings', { token, body: { siteId, typeId: type.id, text: `${typeKey} noted by the office`, ...overrides } });
  if (res.statusCode !== 201) throw new Error(`buildWarning: ${res.statusCode} ${res.body}`);
  return res.json<{ warning: { id: string } }>().warning;
}

export async function buildJob(s: TestServer, token: string, siteId: string, overrides: Record<string, unknown> = {}): Promise<{ id: string; reference: string; number: number }> {
  const res = await s.call('POST', '/api/jobs', { token, body: { siteId, description: 'Kitchen tap dripping', jobType: 'repair', ...overrides } });
  if (res.statusCode !== 201) throw new Error(`buildJob: ${res.statusCode} ${res.body}`);
  return res.json<{ job: { id: string; reference: string; number: number } }>().job;
}
