import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { Config } from './config/config.js';
import type { Database } from './db/database.js';

/** What every service needs from the running server: built once at start, passed down. */
export interface AppContext {
  config: Config;
  database: Database;
  clock: Clock;
  log: Logger;
  /** Wakes the outbox worker after a commit that queued work (no-op when no worker runs). */
  wakeOutbox(): void;
}
