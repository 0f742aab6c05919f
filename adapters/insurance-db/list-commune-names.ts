// Names of the communes a list's people live in, read once per list rather than joined for every person: a province
// has a few hundred communes and a list of a million people names them over and over. Each batch reads only the
// codes not seen yet, in one query.
import type { Store } from '../../src/store/open.ts';

export class CommuneNames {
  private readonly store: Store;
  /** Code -> name; null for a code the store has no commune for. */
  private readonly names = new Map<string, string | null>();

  constructor(store: Store) {
    this.store = store;
  }

  /** Makes sure the names of `codes` are known (one query for those not seen yet). */
  async load(codes: Iterable<string>): Promise<void> {
    const missing = new Set<string>();
    for (const code of codes) if (!this.names.has(code)) missing.add(code);
    if (missing.size === 0) return;
    const found = await this.store.db.selectFrom('communes').select(['code', 'name']).where('code', 'in', [...missing]).execute();
    for (const code of missing) this.names.set(code, null);
    for (const c of found) this.names.set(c.code, c.name);
  }

  /** The name of a commune `load` was given (undefined when the store has none). */
  name(code: string): string | undefined {
    return this.names.get(code) ?? undefined;
  }
}
