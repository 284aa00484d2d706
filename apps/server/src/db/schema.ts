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
  suppliers: SuppliersTable;
  contacts: ContactsTable;
  sites: SitesTable;
  assets: AssetsTable;
  warning_types: WarningTypesTable;
  warnings: WarningsTable;
  job_counters: JobCountersTable;
  jobs: JobsTable;
  job_notes: JobNotesTable;
  visits: VisitsTable;
  visit_engineers: VisitEngineersTable;
  engineer_profiles: EngineerProfilesTable;
  allocation_rules: AllocationRulesTable;
  allocation_acknowledgements: AllocationAcknowledgementsTable;
  sync_clients: SyncClientsTable;
  sync_rejections: SyncRejectionsTable;
  sync_sent: SyncSentTable;
  blobs: BlobsTable;
  attachments: AttachmentsTable;
  activity_types: ActivityTypesTable;
  time_entries: TimeEntriesTable;
  forms: FormsTable;
  form_submissions: FormSubmissionsTable;
  form_versions: FormVersionsTable;
  form_rules: FormRulesTable;
  form_alerts: FormAlertsTable;
  repl_log: ReplLogTable;
  repl_tx: ReplTxTable;
  replication_tokens: ReplicationTokensTable;
  replica_peers: ReplicaPeersTable;
  replica_queue: ReplicaQueueTable;
  backup_runs: BackupRunsTable;
  packs: PacksTable;
  pack_runs: PackRunsTable;
  pack_settings: PackSettingsTable;
  announcements: AnnouncementsTable;
  announcement_seen: AnnouncementSeenTable;
  release_notes_seen: ReleaseNotesSeenTable;
  user_activity: UserActivityTable;
  server_errors: ServerErrorsTable;
  integrity_checks: IntegrityChecksTable;
  outage_notices: OutageNoticesTable;
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
  address: string | null;
  phone: string | null;
  email: string | null;
  notes: string | null;
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

export interface SuppliersTable {
  id: string;
  tenant_id: string;
  name: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContactsTable {
  id: string;
  tenant_id: string;
  owner_kind: 'client' | 'supplier';
  owner_id: string;
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
  position: number;
}

export interface SitesTable {
  id: string;
  tenant_id: string;
  client_id: string;
  name: string;
  address1: string;
  address2: string | null;
  town: string | null;
  postcode: string;
  lat: number | null;
  lng: number | null;
  access_notes: string | null;
  occupant_name: string | null;
  occupant_phone: string | null;
  occupant_email: string | null;
  created_at: string;
  updated_at: string;
}

export interface AssetsTable {
  id: string;
  tenant_id: string;
  site_id: string;
  type: string;
  make: string | null;
  model: string | null;
  serial: string | null;
  location: string | null;
  created_at: string;
  updated_at: string;
}

export interface WarningTypesTable {
  id: string;
  tenant_id: string;
  key: string;
  name: string;
  default_severity: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface WarningsTable {
  id: string;
  tenant_id: string;
  site_id: string;
  asset_id: string | null;
  type_id: string;
  text: string;
  severity: string;
  valid_from: string;
  valid_until: string | null;
  visible_to_engineers: number;
  created_at: string;
  created_by: string | null;
  removed_at: string | null;
  removed_by: string | null;
}

export interface JobCountersTable {
  tenant_id: string;
  last_number: number;
}

export interface JobsTable {
  id: string;
  tenant_id: string;
  number: number;
  client_id: string;
  site_id: string;
  asset_id: string | null;
  description: string;
  job_type: string;
  priority: string;
  target_date: string | null;
  required_skills: string;
  required_engineers: number;
  status: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface JobNotesTable {
  id: string;
  tenant_id: string;
  job_id: string;
  text: string;
  client_visible: number;
  author_id: string | null;
  author_name: string | null;
  at: string;
}

export interface VisitsTable {
  id: string;
  tenant_id: string;
  job_id: string;
  starts_at: string;
  ends_at: string;
  status: string;
  abort_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface VisitEngineersTable {
  tenant_id: string;
  visit_id: string;
  engineer_id: string;
  arrived_at: string | null;
  departed_at: string | null;
}

export interface EngineerProfilesTable {
  user_id: string;
  tenant_id: string;
  skills: string;
  working_hours: string;
  updated_at: string;
}

export interface AllocationRulesTable {
  id: string;
  tenant_id: string;
  name: string;
  condition: string;
  outcome: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface AllocationAcknowledgementsTable {
  id: string;
  tenant_id: string;
  visit_id: string;
  rule_id: string;
  rule_name: string;
  message: string;
  user_id: string;
  at: string;
}

export interface SyncClientsTable {
  client_id: string;
  tenant_id: string;
  user_id: string;
  /** The sign-in session that first used this device id: revoking the device ends it. */
  session_id: string | null;
  last_mutation_id: number;
  pull_generation: number;
  created_at: string;
  last_push_at: string | null;
  last_pull_at: string | null;
  app_version: string | null;
  last_error: string | null;
  last_error_at: string | null;
  revoked_at: string | null;
}

export interface SyncRejectionsTable {
  tenant_id: string;
  client_id: string;
  mutation_id: number;
  name: string;
  code: string;
  message: string;
  args: string;
  at: string;
  acked_at: string | null;
  resolved_at: string | null;
}

export interface SyncSentTable {
  tenant_id: string;
  client_id: string;
  entity: string;
  entity_id: string;
  generation: number;
  /** null: sent as a delete. */
  hash: string | null;
}

export interface BlobsTable {
  tenant_id: string;
  sha256: string;
  size: number;
  content_type: string;
  created_at: string;
  created_by: string | null;
}

export interface AttachmentsTable {
  id: string;
  tenant_id: string;
  job_id: string;
  visit_id: string | null;
  kind: string;
  sha256: string;
  content_type: string;
  size: number;
  at: string;
  created_by: string;
  created_at: string;
}

export interface ActivityTypesTable {
  id: string;
  tenant_id: string;
  name: string;
  active: number;
  position: number;
}

export interface TimeEntriesTable {
  id: string;
  tenant_id: string;
  user_id: string;
  activity_type_id: string;
  started_at: string;
  ended_at: string;
  note: string | null;
  created_at: string;
}

export interface FormsTable {
  id: string;
  tenant_id: string;
  kind: string;
  name: string;
  current_version: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface FormVersionsTable {
  tenant_id: string;
  form_id: string;
  version: number;
  /** The whole TFormDefinition of that version, as JSON; never changed once written. */
  definition: string;
  published_at: string;
  published_by: string | null;
}

export interface FormRulesTable {
  id: string;
  tenant_id: string;
  form_id: string;
  condition: string;
  active: number;
  created_at: string;
}

export interface FormAlertsTable {
  id: string;
  tenant_id: string;
  submission_id: string;
  visit_id: string | null;
  user_id: string;
  message: string;
  at: string;
  resolved_at: string | null;
}

export interface FormSubmissionsTable {
  id: string;
  tenant_id: string;
  form_id: string;
  form_version: number;
  user_id: string;
  visit_id: string | null;
  day: string | null;
  answers: string;
  outcomes: string;
  at: string;
  received_at: string;
}

export interface ReplLogTable {
  seq: Generated<number>;
  /** PostgreSQL only: the writing transaction. */
  xid?: string;
  tbl: string;
  /** JSON array of the primary-key values. */
  pk: string;
  op: 'put' | 'delete';
  /** JSON object of the row (put), null (delete). */
  row: string | null;
}

export interface ReplTxTable {
  position: Generated<number>;
  /** SQLite: the last repl_log.seq of this commit. */
  last_seq?: number;
  /** PostgreSQL: the transaction id. */
  xid?: string;
}

export interface ReplicationTokensTable {
  id: string;
  name: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface ReplicaPeersTable {
  replica_id: string;
  name: string;
  url: string | null;
  confirmed_position: number;
  epoch: number;
  first_seen_at: string;
  last_seen_at: string;
}

export interface ReplicaQueueTable {
  id: string;
  tenant_id: string;
  user_id: string;
  client_id: string;
  mutation_id: number;
  name: string;
  args: string;
  summary: string;
  state: 'queued' | 'applied' | 'rejected';
  result_code: string | null;
  result_message: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface BackupRunsTable {
  id: string;
  /** create: a backup written; verify: restored into scratch and checked; prune: retention; offsite: restic. */
  kind: 'create' | 'verify' | 'prune' | 'offsite';
  status: 'running' | 'ok' | 'failed';
  started_by: 'schedule' | 'cli';
  /** The backup folder. */
  target: string;
  backup_id: string | null;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  /** create: bytes written to the folder; verify: bytes of snapshot and blobs checked. */
  bytes: number | null;
  blobs: number | null;
  blobs_new: number | null;
  blobs_reused: number | null;
  tables: number | null;
  /** The change-log position the backup holds. */
  position: number | null;
  /** One line for people (what was removed, the restic snapshot, …). */
  detail: string | null;
  error: string | null;
}

/** A fallback pack made for a tenant (pack/): the zip is the blob `sha256`. */
export interface PacksTable {
  id: string;
  tenant_id: string;
  sha256: string;
  size: number;
  created_at: string;
  /** What made it: the nightly schedule or someone asking (office page, API). */
  kind: 'schedule' | 'request';
  /** The zip's name when downloaded, e.g. fallback-pack-demo-2026-11-23-0100.zip. */
  file_name: string;
  created_by: string | null;
  /** JSON: what is inside (days covered, job sheets, contacts…), for the office page. */
  summary: string;
}

/** Each attempt to make a pack, kept so the status page can show a failed night. */
export interface PackRunsTable {
  id: string;
  tenant_id: string;
  started_by: 'schedule' | 'request';
  status: 'ok' | 'failed';
  started_at: string;
  finished_at: string;
  duration_ms: number;
  pack_id: string | null;
  error: string | null;
}

/** A tenant's own pack texts; null = the default text (pack/pack-defaults.ts). */
export interface PackSettingsTable {
  tenant_id: string;
  customer_script: string | null;
  back_up_checklist: string | null;
  updated_at: string;
  updated_by: string | null;
}

/** An admin's "what's new" message (announcements/); `audience` is a JSON array of roles, [] = everyone. */
export interface AnnouncementsTable {
  id: string;
  tenant_id: string;
  title: string;
  body: string;
  audience: string;
  created_by: string | null;
  created_by_name: string | null;
  created_at: string;
}

/** Who has dismissed which announcement. */
export interface AnnouncementSeenTable {
  tenant_id: string;
  announcement_id: string;
  user_id: string;
  seen_at: string;
}

/** The newest release notes version each user acknowledged. */
export interface ReleaseNotesSeenTable {
  user_id: string;
  tenant_id: string;
  version: string;
  seen_at: string;
}

/** A month (YYYY-MM, tenant's zone) in which a user synced a phone or used the apps (reports/licences). */
export interface UserActivityTable {
  tenant_id: string;
  user_id: string;
  month: string;
  kind: 'sync' | 'web';
  first_at: string;
}

/** The status page's support log: a request that failed with 500 internal_error (status/error-recorder.ts). Local, capped. */
export interface ServerErrorsTable {
  id: string;
  at: string;
  request_id: string;
  /** The signed-in caller's tenant, when there was one (an admin sees only their own). */
  tenant_id: string | null;
  method: string;
  /** The route pattern (`/api/jobs/:jobId`), never the URL with its ids. */
  route: string;
  status: number;
  code: string;
  /** The error's first line, without email addresses or tokens. */
  message: string;
}

/** Each run of the database integrity check (status/integrity.ts). Local. */
export interface IntegrityChecksTable {
  id: string;
  status: 'running' | 'ok' | 'failed';
  /** quick_check (SQLite); amcheck or tables (PostgreSQL). */
  method: string;
  started_by: 'schedule' | 'admin';
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  /** JSON array of strings. */
  problems: string;
}

/** Each "email staff" sent from an office replica during an outage (outage/outage.service.ts). Local. */
export interface OutageNoticesTable {
  id: string;
  tenant_id: string;
  sent_at: string;
  by_user_id: string;
  by_name: string;
  /** The replica's unreachableSince when it was sent: which outage it was about. */
  outage_since: string;
  note: string | null;
  transport: 'smtp' | 'file';
  /** JSON array of TOutageRecipient. */
  recipients: string;
}
