// A query compiled once (by Kysely) and run many times with new parameters, its rows as arrays of column values in
// select order rather than one object per row: better-sqlite3's raw mode on a statement prepared once on SQLite,
// pg's array row mode on PostgreSQL. For bulk reads (lists of millions of rows), where building a keyed object per
// row in the driver costs more than reading the row.
import type { CompiledQuery } from 'kysely';
import type { Store } from './open.ts';

export interface ArrayRows {
  /** Column names (aliases) in select order: the meaning of each position of a row. */
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

export interface ArrayQuery {
  run(parameters: readonly unknown[]): Promise<ArrayRows>;
}

export function prepareArrayQuery(store: Store, query: CompiledQuery): ArrayQuery {
  const sqlite = store.sqlite;
  if (sqlite) {
    const statement = sqlite.prepare(query.sql).raw(true);
    const columns = statement.columns().map((c) => c.name);
    return { run: async (parameters) => ({ columns, rows: statement.all(...parameters) as unknown[][] }) };
  }
  const pool = store.pgPool;
  if (!pool) throw new Error(`array queries need SQLite or a PostgreSQL pool (${store.description})`);
  return {
    async run(parameters) {
      const result = await pool.query<unknown[]>({ text: query.sql, values: [...parameters], rowMode: 'array' });
      return { columns: result.fields.map((f) => f.name), rows: result.rows };
    },
  };
}
