// Compares what the front desk typed with the insured person's record, as the card-check service does.
import { parseCheckBirthDate, parseIsoDate } from '../../src/domain/dates.ts';
import { foldName } from '../../src/domain/names.ts';

/** 060 wrong name, 061 wrong name with the right first letter, or undefined when the names match. */
export function nameMismatch(given: string, recorded: string): '060' | '061' | undefined {
  const a = foldName(given);
  const b = foldName(recorded);
  if (a === b) return undefined;
  return a.charAt(0) === b.charAt(0) ? '061' : '060';
}

/**
 * True when a card-check birth date (`dd/MM/yyyy`, `MM/yyyy` or `yyyy`) agrees with the recorded one
 * (`YYYY-MM-DD`, precision 'day' or 'year'), compared at the precision both sides have.
 */
export function birthDateMatches(given: string, recordedIso: string, precision: string): boolean {
  const g = parseCheckBirthDate(given);
  const r = parseIsoDate(recordedIso);
  if (!g || !r || g.year !== r.year) return false;
  if (precision === 'year') return true;
  return (g.month === undefined || g.month === r.month) && (g.day === undefined || g.day === r.day);
}
