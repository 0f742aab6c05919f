// The pipeline's guarantees applied row by row to a row stream, batch after batch as it is read: the adapter's rows
// checked against the operation's contract, projected to the granted fields, checked against the route's row
// contract, and journaled as disclosed (under the audit record) before they leave. HTTP and export jobs share them.
import type { ContractChecker } from '../core/adapter.ts';
import { GatewayError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { mapBatches, type RowStream } from '../core/row-stream.ts';
import type { DisclosureJournal } from '../store/disclosure-journal.ts';

export type Row = Record<string, unknown>;

/** Every row must conform to `contract`; the first that does not ends the stream with `error` (logged, never sent). */
export function checkedRows(stream: RowStream, contracts: ContractChecker, contract: string, error: () => GatewayError, log: Logger, context: Record<string, unknown>): RowStream {
  return mapBatches(stream, (batch) => {
    for (const row of batch.rows) {
      const issues = contracts.check(contract, row);
      if (issues.length > 0) {
        log.error('row violates its contract', { ...context, contract, issues });
        throw error();
      }
    }
    return batch;
  });
}

/** Only the allowed top-level fields of each row remain (a row holding no other field is passed on as it is). */
export function projectedRows(stream: RowStream, allowed: ReadonlySet<string>): RowStream {
  const project = (row: Row): Row => {
    for (const k in row) {
      if (!allowed.has(k)) {
        const out: Row = {};
        for (const key in row) if (allowed.has(key)) out[key] = row[key];
        return out;
      }
    }
    return row;
  };
  return mapBatches(stream, (batch) => ({ ...batch, rows: (batch.rows as Row[]).map(project) }));
}

/** Each batch is journaled under audit record `seq` before it is handed on. */
export function journaledRows(stream: RowStream, journal: DisclosureJournal, seq: number): RowStream {
  return mapBatches(stream, async (batch) => {
    await journal.record(seq, batch.subjects);
    return batch;
  });
}

export const badUpstreamRow = (adapter: string) => () => new GatewayError('upstream.bad_response', `${adapter} answered a row outside its contract`);
export const badResponseRow = () => new GatewayError('contract.response_invalid');
