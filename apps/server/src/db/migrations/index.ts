import type { Migration } from 'kysely';
import * as m20261123120000 from './20261123120000_initial.js';
import * as m20261123130000 from './20261123130000_jobs_sites_allocation.js';
import * as m20261123140000 from './20261123140000_sync.js';
import * as m20261123150000 from './20261123150000_forms.js';
import * as m20261123160000 from './20261123160000_replication.js';
import * as m20261123170000 from './20261123170000_backups.js';
import * as m20261123180000 from './20261123180000_pack.js';
import * as m20261123190000 from './20261123190000_outage_tools.js';
import * as m20261123200000 from './20261123200000_status.js';
import * as m20261123210000 from './20261123210000_outage_notices.js';

/** Every migration, in order. A static list, so the compiled server needs no directory scan. */
export const MIGRATIONS: Record<string, Migration> = {
  '20261123120000_initial': m20261123120000,
  '20261123130000_jobs_sites_allocation': m20261123130000,
  '20261123140000_sync': m20261123140000,
  '20261123150000_forms': m20261123150000,
  '20261123160000_replication': m20261123160000,
  '20261123170000_backups': m20261123170000,
  '20261123180000_pack': m20261123180000,
  '20261123190000_outage_tools': m20261123190000,
  '20261123200000_status': m20261123200000,
  '20261123210000_outage_notices': m20261123210000,
};
