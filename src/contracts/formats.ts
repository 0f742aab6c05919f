// Custom formats for dates as Vietnamese exchanges write them, checked against the real calendar.
import type { Ajv } from 'ajv';

function realDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** `dd/MM/yyyy`, a real calendar date. */
export function isVnDate(s: string): boolean {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  return m !== null && realDate(Number(m[3]), Number(m[2]), Number(m[1]));
}

/** A birth date as card checks send it: `dd/MM/yyyy`, `MM/yyyy` or `yyyy`. */
export function isVnBirthDate(s: string): boolean {
  if (/^\d{4}$/.test(s)) return Number(s) >= 1880;
  const my = /^(\d{2})\/(\d{4})$/.exec(s);
  if (my) return Number(my[1]) >= 1 && Number(my[1]) <= 12;
  return isVnDate(s);
}

/** `YYYY-MM-DD` or `YYYY` (year-only birth dates). */
export function isIsoBirthDate(s: string): boolean {
  if (/^\d{4}$/.test(s)) return true;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m !== null && realDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function registerFormats(ajv: Ajv): void {
  ajv.addFormat('vn-date', { type: 'string', validate: isVnDate });
  ajv.addFormat('vn-birth-date', { type: 'string', validate: isVnBirthDate });
  ajv.addFormat('iso-birth-date', { type: 'string', validate: isIsoBirthDate });
}
