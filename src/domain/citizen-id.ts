// The 12-digit personal identification number on the chip CCCD (domain.md 2.5, Circular 07/2016/TT-BCA):
// `0` + birth-registration province, century/sex digit, two year digits, six random digits. No check digit.
import { isOldProvinceCode } from './provinces.ts';

export interface CitizenIdParts {
  /** The old (pre-2025) province code where the birth was registered. */
  readonly provinceCode: string;
  readonly birthYear: number;
  readonly sex: 'male' | 'female';
  /** Digit 4: 0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s, 8/9 = 2300s. */
  readonly centuryDigit: number;
}

/** Digit 4 of the number for a birth year and sex. */
export function centuryDigitOf(birthYear: number, sex: 'male' | 'female'): number {
  return 2 * (Math.floor(birthYear / 100) - 19) + (sex === 'female' ? 1 : 0);
}

/**
 * The parts of a CCCD number, or undefined when it is not 12 digits, its prefix is not `0` + one of the 63 province
 * codes, or (given `onDate`, YYYY-MM-DD) its birth year lies after that date's year.
 */
export function parseCitizenId(id: string, onDate?: string): CitizenIdParts | undefined {
  if (!/^\d{12}$/.test(id) || id.charAt(0) !== '0') return undefined;
  const provinceCode = id.slice(1, 3);
  if (!isOldProvinceCode(provinceCode)) return undefined;
  const centuryDigit = Number(id.charAt(3));
  const birthYear = 1900 + 100 * Math.floor(centuryDigit / 2) + Number(id.slice(4, 6));
  if (onDate !== undefined && birthYear > Number(onDate.slice(0, 4))) return undefined;
  return { provinceCode, birthYear, sex: centuryDigit % 2 === 0 ? 'male' : 'female', centuryDigit };
}

/** True when the last six digits repeat one digit (000000) or form a simple run, up or down (123456, 876543, 890123). */
export function citizenIdLooksSuspicious(id: string): boolean {
  const tail = id.slice(-6);
  if (!/^\d{6}$/.test(tail)) return false;
  const digits = [...tail].map(Number);
  const steps = new Set(digits.slice(1).map((d, k) => (d - (digits[k] as number) + 10) % 10));
  return steps.size === 1 && (steps.has(0) || steps.has(1) || steps.has(9));
}
