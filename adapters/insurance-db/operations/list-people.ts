// Bulk lists for provincial health departments: the people of one province matching the request's filters, as a row
// stream read in keyset batches. Page delivery reads one page (and one row more, to know whether another page
// follows) before answering, so the audit record counts its rows; stream delivery reads lazily to the end.
import type { Operation } from '../../../src/core/adapter.ts';
import { GatewayError } from '../../../src/core/errors.ts';
import type { RowBatch, RowStream } from '../../../src/core/row-stream.ts';
import type { Store } from '../../../src/store/open.ts';
import type { ListCursors } from '../list-cursor.ts';
import { type ListRequest, listSummary, type ResolvedList, resolveList } from '../list-query.ts';
import { type ListRow, ListReader } from '../list-reader.ts';

export interface ListSettings {
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
  /** People read from the store per query when streaming. */
  readonly batchSize: number;
}

export function listPeople(store: Store, cursors: () => ListCursors, settings: ListSettings): Operation<ListRequest, RowStream<ListRow>> {
  return {
    input: 'lists.query.request.v1.json',
    output: 'lists.row.v1.json',
    idempotent: true,
    async run(input, ctx) {
      const list = await resolveList(input, ctx, store, cursors());
      const reader = new ListReader(store, list, ctx.fields);
      const resumeAfter = (id: number) => cursors().sign({ after: id, referenceDate: list.referenceDate }, { partner: ctx.partner, province: list.province, queryHash: list.queryHash });
      if (ctx.delivery === 'stream') {
        return {
          kind: 'row-stream',
          summary: { ...listSummary(list), delivery: 'stream', ...(input.limit !== undefined ? { limit: input.limit } : {}) },
          read: (signal) => readToEnd(reader, list, settings.batchSize, input.limit ?? Number.POSITIVE_INFINITY, resumeAfter, signal),
        };
      }
      const limit = input.limit ?? settings.defaultPageSize;
      if (limit > settings.maxPageSize) {
        throw new GatewayError('contract.request_invalid', `pages hold at most ${settings.maxPageSize} rows: stream the list or export it for more`, {
          issues: [{ pointer: '/limit', message: `must be at most ${settings.maxPageSize}` }],
        });
      }
      const page = await readPage(reader, list.after, limit, ctx.signal);
      const last = page.subjects.at(-1);
      return {
        kind: 'row-stream',
        summary: { ...listSummary(list), delivery: 'page', limit, rows: page.rows.length },
        ...(page.more && last !== undefined ? { nextCursor: resumeAfter(last) } : {}),
        async *read() {
          yield { rows: page.rows, subjects: page.subjects };
        },
      };
    },
  };
}

/** Up to `limit` people after `after`, and whether more follow (one more is read to know). */
async function readPage(reader: ListReader, after: number, limit: number, signal: AbortSignal): Promise<RowBatch<ListRow> & { more: boolean }> {
  const rows: ListRow[] = [];
  const subjects: number[] = [];
  let last = after;
  while (rows.length <= limit && !signal.aborted) {
    const batch = await reader.batch(last, limit + 1 - rows.length);
    if (batch.rows.length === 0) break;
    rows.push(...batch.rows);
    subjects.push(...batch.subjects);
    last = batch.subjects.at(-1) as number;
  }
  const more = rows.length > limit;
  return { rows: rows.slice(0, limit), subjects: subjects.slice(0, limit), more };
}

/** Batches to the end of the list (or `max` rows); stops reading as soon as `signal` aborts. */
async function* readToEnd(
  reader: ListReader, list: ResolvedList, size: number, max: number, resumeAfter: (id: number) => string, signal: AbortSignal,
): AsyncGenerator<RowBatch<ListRow>> {
  let last = list.after;
  let left = max;
  while (left > 0 && !signal.aborted) {
    const batch = await reader.batch(last, Math.min(size, left));
    if (batch.rows.length === 0 || signal.aborted) return;
    last = batch.subjects.at(-1) as number;
    left -= batch.rows.length;
    yield { ...batch, resumeCursor: resumeAfter(last) };
  }
}
