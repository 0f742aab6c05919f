// Real stores for tests: SQLite in a fresh temp dir, PostgreSQL at 127.0.0.1:5432 in a fresh schema per run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensureSchema, migrate, openStore, type Store } from '../../src/store/open.ts';

export const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
export type TestDialect = 'sqlite' | 'postgres';
export const DIALECTS: readonly TestDialect[] = ['sqlite', 'postgres'];

export interface TestStore {
  readonly store: Store;
  readonly dataDir: string;
  /** Closes the store and removes the temp dir or drops the schema. */
  dispose(): Promise<void>;
}

export async function openTestStore(dialect: TestDialect): Promise<TestStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vss-test-'));
  if (dialect === 'sqlite') {
    const store = openStore({ dataDir });
    await migrate(store);
    return {
      store,
      dataDir,
      async dispose() {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const store = openStore({ url: PG_URL, dataDir, pgSchema: schema, pgPoolMax: 5 });
  await ensureSchema(store, schema);
  await migrate(store);
  return {
    store,
    dataDir,
    async dispose() {
      await store.close();
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
