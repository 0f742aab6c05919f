// How many people a list holds (export progress: rows done / estimated), under the same jurisdiction and filters.
import type { Operation } from '../../../src/core/adapter.ts';
import type { Store } from '../../../src/store/open.ts';
import type { ListCursors } from '../list-cursor.ts';
import { listCondition, type ListRequest, resolveList } from '../list-query.ts';

export function countList(store: Store, cursors: () => ListCursors): Operation<ListRequest, { count: number }> {
  return {
    input: 'lists.query.request.v1.json',
    output: 'insurance-db.list-count.v1.json',
    idempotent: true,
    async run(input, ctx) {
      const list = await resolveList(input, ctx, store, cursors());
      const row = await store.db
        .selectFrom('people')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where(listCondition(list))
        .where('people.id', '>', list.after)
        .executeTakeFirstOrThrow();
      return { count: Number(row.n) };
    },
  };
}
