// Row encoders for list streams and export files: NDJSON (one JSON object per line) and CSV with a header row.
// Each batch becomes one chunk of UTF-8 bytes, so a million rows cost a few hundred writes, not a million.
import type { CsvColumn } from '../core/row-stream.ts';
import { csvLine } from './csv.ts';
import { Utf8Chunk } from './utf8-chunk.ts';

export type RowFormat = 'ndjson' | 'csv';

export interface RowEncoder {
  readonly mediaType: string;
  /** What goes before the first row ('' for NDJSON). */
  readonly header: string;
  /** The rows as UTF-8 bytes. */
  encode(rows: readonly Record<string, unknown>[]): Buffer;
}

export const MEDIA_TYPES: Readonly<Record<RowFormat, string>> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

/** Sizes chunks from the bytes per row of the previous batch (most batches then fit their first buffer). */
class ChunkSizer {
  private bytesPerRow = 512;
  chunk(rows: number): Utf8Chunk {
    return new Utf8Chunk(Math.ceil(rows * this.bytesPerRow * 1.25));
  }
  done(chunk: Utf8Chunk, rows: number): Buffer {
    const bytes = chunk.bytes();
    if (rows > 0) this.bytesPerRow = Math.max(16, Math.ceil(bytes.length / rows));
    return bytes;
  }
}

export function rowEncoder(format: RowFormat, columns: readonly CsvColumn[]): RowEncoder {
  const sizer = new ChunkSizer();
  if (format === 'ndjson') {
    return {
      mediaType: MEDIA_TYPES.ndjson,
      header: '',
      encode(rows) {
        const chunk = sizer.chunk(rows.length);
        for (const row of rows) chunk.appendLine(JSON.stringify(row));
        return sizer.done(chunk, rows.length);
      },
    };
  }
  return {
    mediaType: MEDIA_TYPES.csv,
    header: csvLine(columns.map((c) => c.name)),
    encode(rows) {
      const chunk = sizer.chunk(rows.length);
      for (const row of rows) chunk.append(csvLine(columns.map((c) => c.value(row))));
      return sizer.done(chunk, rows.length);
    },
  };
}
