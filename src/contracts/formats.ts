// Custom formats for dates as Vietnamese exchanges write them, checked against the real calendar.
import type { Ajv } from 'ajv';
import { isIsoDate, parseCheckBirthDate, vnToIso } from '../domain/dates.ts';

/** `YYYY-MM-DD` or `YYYY` (year-only birth dates). */
function isIsoBirthDate(s: string): boolean {
  return /^\d{4}$/.test(s) || isIsoDate(s);
}

export function registerFormats(ajv: Ajv): void {
  ajv.addFormat('vn-date', { type: 'string', validate: (s: string) => vnToIso(s) !== undefined });
  ajv.addFormat('vn-birth-date', { type: 'string', validate: (s: string) => (parseCheckBirthDate(s)?.year ?? 0) >= 1880 });
  ajv.addFormat('iso-birth-date', { type: 'string', validate: isIsoBirthDate });
}
