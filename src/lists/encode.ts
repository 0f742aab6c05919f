// Row encoders for list streams and export files: NDJSON (one JSON object per line) and CSV with a header row.
// Each batch becomes one string, so a million rows cost a few hundred writes, not a million.
import type { CsvColumn } from '../core/row-stream.ts';
import { csvLine } from './csv.ts';

export type RowFormat = 'ndjson' | 'csv';

export interface RowEncoder {
  readonly mediaType: string;
  /** What goes before the first row ('' for NDJSON). */
  readonly header: string;
  encode(rows: readonly Record<string, unknown>[]): string;
}

export const MEDIA_TYPES: Readonly<Record<RowFormat, string>> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

export function rowEncoder(format: RowFormat, columns: readonly CsvColumn[]): RowEncoder {
  if (format === 'ndjson') {
    return {
      mediaType: MEDIA_TYPES.ndjson,
      header: '',
      encode(rows) {
        let out = '';
        for (const row of rows) out += `${JSON.stringify(row)}\n`;
        return out;
      },
    };
  }
  return {
    mediaType: MEDIA_TYPES.csv,
    header: csvLine(columns.map((c) => c.name)),
    encode(rows) {
      let out = '';
      for (const row of rows) out += csvLine(columns.map((c) => c.value(row)));
      return out;
    },
  };
}
