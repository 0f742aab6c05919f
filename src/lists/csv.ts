// CSV per RFC 4180 (CRLF line ends, fields with comma, quote, CR or LF quoted, quotes doubled), made safe to open in
// a spreadsheet: a cell starting with = + - @ tab or CR would run as a formula (CSV injection), so it gets a leading
// apostrophe, which spreadsheets show as text. Text stays UTF-8 as it is (NFC Vietnamese included).

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | undefined | null)[]): string {
  let line = '';
  for (let k = 0; k < cells.length; k++) line += (k === 0 ? '' : ',') + csvCell(cells[k]);
  return `${line}\r\n`;
}
