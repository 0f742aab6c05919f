// A list answer: rows read lazily in batches, so any number of them goes out in constant memory. The reader pulls
// the next batch only when the previous one has been written (backpressure). Reading takes the reader's own signal
// (a client disconnect, a cancelled export), not the call's: the call has returned long before the last row.

/** Rows of one read from the source, with the people they describe. */
export interface RowBatch<Row = Record<string, unknown>> {
  readonly rows: readonly Row[];
  /** The store ids of the people in `rows`, in the same order: what the disclosure journal records. */
  readonly subjects: readonly number[];
  /** A cursor from which a later call resumes right after this batch (exports checkpoint it). */
  readonly resumeCursor?: string;
}

export interface RowStream<Row = Record<string, unknown>> {
  readonly kind: 'row-stream';
  /** Reads the rows in batches, in order; stops reading the source as soon as `signal` aborts. */
  read(signal: AbortSignal): AsyncIterable<RowBatch<Row>>;
  /** Facts for the audit record (filters, field sets, row count of a page): never personal data. */
  readonly summary: Readonly<Record<string, unknown>>;
  /** Page delivery: the opaque cursor of the next page; absent on the last page. */
  readonly nextCursor?: string;
}

/** One column of a CSV rendering of rows: its header and how a row fills it. */
export interface CsvColumn<Row = Record<string, unknown>> {
  readonly name: string;
  value(row: Row): string | number | undefined;
}

/** How the rows of a list reach the caller: one bounded page with a cursor to the next, or every row to the end. */
export type RowDelivery = 'page' | 'stream';

export function isRowStream(v: unknown): v is RowStream {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'row-stream';
}

/** The same stream with each batch transformed in order (rows and subjects stay paired). */
export function mapBatches<A, B>(stream: RowStream<A>, fn: (batch: RowBatch<A>) => RowBatch<B> | Promise<RowBatch<B>>): RowStream<B> {
  return {
    ...stream,
    async *read(signal) {
      for await (const batch of stream.read(signal)) yield await fn(batch);
    },
  };
}
