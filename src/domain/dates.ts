// Calendar helpers on ISO dates (YYYY-MM-DD) and the dd/MM/yyyy forms of the exchanges. Pure UTC arithmetic on day
// numbers (days since 1970-01-01); no clock.

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A card-check birth date: `dd/MM/yyyy`, `MM/yyyy` or `yyyy`. */
export interface PartialDate {
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isRealDate(year: number, month: number, day: number): boolean {
  return Number.isInteger(year) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The parts of an ISO date, or undefined when it is malformed or not a real calendar date. */
export function parseIsoDate(iso: string): DateParts | undefined {
  const m = ISO.exec(iso);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(year, month, day) ? { year, month, day } : undefined;
}

export function isIsoDate(iso: string): boolean {
  return parseIsoDate(iso) !== undefined;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function formatIsoDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function partsOf(iso: string): DateParts {
  const parts = parseIsoDate(iso);
  if (!parts) throw new RangeError(`not an ISO date: ${iso}`);
  return parts;
}

/** Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil). */
export function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function dayNumber(iso: string): number {
  const { year, month, day } = partsOf(iso);
  return dayNumberOf(year, month, day);
}

/** The date of a day number (H. Hinnant's civil_from_days). */
export function dateOfDayNumber(days: number): DateParts {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isoOfDayNumber(days: number): string {
  const { year, month, day } = dateOfDayNumber(days);
  return formatIsoDate(year, month, day);
}

export function addDays(iso: string, days: number): string {
  return isoOfDayNumber(dayNumber(iso) + days);
}

/** Adds calendar months to a day number; a day past the end of the target month becomes its last day. */
export function addMonthsToDayNumber(days: number, months: number): number {
  const { year, month, day } = dateOfDayNumber(days);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return dayNumberOf(y, m, Math.min(day, daysInMonth(y, m)));
}

/** Adds calendar months (31/01 + 1 month = 28 or 29/02). */
export function addMonths(iso: string, months: number): string {
  return isoOfDayNumber(addMonthsToDayNumber(dayNumber(iso), months));
}

export function addYears(iso: string, years: number): string {
  return addMonths(iso, years * 12);
}

/** Whole months from day `from` to day `to` (0 before the first monthly anniversary; negative when `to` is earlier). */
export function wholeMonthsBetween(from: number, to: number): number {
  const a = dateOfDayNumber(from);
  const b = dateOfDayNumber(to);
  let months = (b.year - a.year) * 12 + (b.month - a.month);
  if (months > 0 && b.day < Math.min(a.day, daysInMonth(b.year, b.month))) months -= 1;
  if (months < 0 && a.day < Math.min(b.day, daysInMonth(a.year, a.month))) months += 1;
  return months;
}

/** Whole months of age at `atIso` of someone born on `birthIso`. */
export function ageInMonths(birthIso: string, atIso: string): number {
  return wholeMonthsBetween(dayNumber(birthIso), dayNumber(atIso));
}

export function ageInYears(birthIso: string, atIso: string): number {
  return Math.floor(ageInMonths(birthIso, atIso) / 12);
}

/** YYYY-MM-DD -> dd/MM/yyyy. */
export function isoToVn(iso: string): string {
  const { year, month, day } = partsOf(iso);
  return `${pad(day, 2)}/${pad(month, 2)}/${pad(year, 4)}`;
}

/** dd/MM/yyyy -> YYYY-MM-DD, or undefined when malformed or not a real date (31/02/2024). */
export function vnToIso(vn: string): string | undefined {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(vn);
  if (!m) return undefined;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(year, month, day) ? formatIsoDate(year, month, day) : undefined;
}

/** A card-check birth date (`dd/MM/yyyy`, `MM/yyyy` or `yyyy`), or undefined when malformed or not a real date. */
export function parseCheckBirthDate(s: string): PartialDate | undefined {
  const full = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  if (full) {
    const [day, month, year] = [Number(full[1]), Number(full[2]), Number(full[3])];
    return isRealDate(year, month, day) ? { year, month, day } : undefined;
  }
  const monthYear = /^(\d{2})\/(\d{4})$/.exec(s);
  if (monthYear) {
    const [month, year] = [Number(monthYear[1]), Number(monthYear[2])];
    return month >= 1 && month <= 12 ? { year, month } : undefined;
  }
  return /^\d{4}$/.test(s) ? { year: Number(s) } : undefined;
}
