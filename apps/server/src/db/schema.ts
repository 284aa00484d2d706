import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The database as Kysely sees it. Timestamps are ISO-8601 UTC strings (the same text on SQLite and
 * PostgreSQL, and they sort); JSON is stored as text and parsed in the repositories' mappers.
 */
export interface DB {
  instance_meta: InstanceMetaTable;
  tenants: TenantsTable;
  users: UsersTable;
  clients: ClientsTable;
  sessions: SessionsTable;
  user_tokens: UserTokensTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  change_log: ChangeLogTable;
}

export interface InstanceMetaTable {
  key: string;
  value: string;
}

export interface TenantsTable {
  id: string;
  name: string;
  slug: string;
  time_zone: string;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  tenant_id: string;
  login: string;
  email: string | null;
  name: string;
  role: string;
  client_id: string | null;
  password_hash: string | null;
  disabled_at: string | null;
  failed_sign_ins: number;
  locked_until: string | null;
  last_sign_in_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ClientsTable {
  id: string;
  tenant_id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  token_hash: string;
  kind: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  revoked_at: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface UserTokensTable {
  id: string;
  tenant_id: string;
  user_id: string;
  purpose: string;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface AuditLogTable {
  id: string;
  tenant_id: string | null;
  at: string;
  action: string;
  actor_user_id: string | null;
  actor_login: string | null;
  subject: string | null;
  ip: string | null;
  details: string;
}

export interface OutboxTable {
  id: string;
  tenant_id: string | null;
  kind: string;
  payload: string;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: string;
  leased_until: string | null;
  lease_owner: string | null;
  last_error: string | null;
  transport: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface ChangeLogTable {
  position: Generated<number>;
  tenant_id: string;
  entity: string;
  entity_id: string;
  op: string;
  data: string;
  at: string;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserRowUpdate = Updateable<UsersTable>;
export type OutboxRow = Selectable<OutboxTable>;
