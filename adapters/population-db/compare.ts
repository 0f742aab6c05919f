// Compares what a caller (or the insurance database) claims about a person with the population database's record,
// field by field. Names compare as card checks do (NFC, case and spacing folded; diacritics and tone placement
// count); birth dates at the precision both sides have (a year-only record matches any date in that year); the CCCD
// matches when the population database holds the person under the number given, not a replacement.
import { foldName } from '../../src/domain/names.ts';
import type { Citizen } from './upstream.ts';

export type FieldMatch = 'match' | 'mismatch';

export interface IdentityClaim {
  readonly citizenId: string;
  readonly fullName: string;
  /** YYYY-MM-DD, or YYYY when only the year is known. */
  readonly birthDate: string;
}

export interface VerifyResult {
  readonly result: 'match' | 'mismatch' | 'not-found';
  readonly fields?: { readonly citizenId: FieldMatch; readonly fullName: FieldMatch; readonly birthDate: FieldMatch };
}

const NOT_FOUND: VerifyResult = Object.freeze({ result: 'not-found' });

export function compareIdentity(claim: IdentityClaim, citizen: Citizen | undefined): VerifyResult {
  if (!citizen) return NOT_FOUND;
  const fields = {
    citizenId: flag(claim.citizenId === citizen.citizenId),
    fullName: flag(foldName(claim.fullName) === foldName(citizen.fullName)),
    birthDate: flag(birthDatesAgree(claim.birthDate, citizen.birthDate)),
  };
  const all = fields.citizenId === 'match' && fields.fullName === 'match' && fields.birthDate === 'match';
  return { result: all ? 'match' : 'mismatch', fields };
}

function flag(same: boolean): FieldMatch {
  return same ? 'match' : 'mismatch';
}

function birthDatesAgree(a: string, b: string): boolean {
  if (a.length === 4 || b.length === 4) return a.slice(0, 4) === b.slice(0, 4);
  return a === b;
}
