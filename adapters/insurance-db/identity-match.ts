// Compares what the front desk typed with the insured person's record, as the card-check service does.
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
  const parts = given.split('/').reverse(); // [yyyy, MM?, dd?]
  const [y, m, d] = recordedIso.split('-');
  if (parts[0] !== y) return false;
  if (precision === 'year') return true;
  if (parts[1] !== undefined && parts[1] !== m) return false;
  if (parts[2] !== undefined && parts[2] !== d) return false;
  return true;
}
