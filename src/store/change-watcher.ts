// Tells a running gateway whether partners, keys or grants changed since it last looked, on every request.
// SQLite: one prepared read of the counter (a few microseconds); PostgreSQL: one indexed read.
import { partnersVersion } from './partners.ts';
import type { Store } from './open.ts';

export interface ChangeWatcher {
  /** The current partners version. */
  version(): Promise<string>;
}

export function createChangeWatcher(store: Store): ChangeWatcher {
  const sqlite = store.sqlite;
  if (sqlite) {
    const read = sqlite.prepare(`select value from meta where key = 'partners.version'`).pluck();
    return { version: async () => String(read.get() ?? '0') };
  }
  return { version: () => partnersVersion(store) };
}
