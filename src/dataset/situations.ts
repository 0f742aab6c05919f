// The card situations the dataset holds, one per card-check result code the data can produce, and how often.
//
// Rare situations are stratified, so that even a small dataset holds every one of them: every aligned block of 200
// consecutive people has exactly one person in each FORCED situation, and every aligned block of 1,000 people has
// one person with a year-only birth date (born before 1960) whose card is valid. Everyone else draws a natural
// situation: no card, expired, reduced (employees only) or valid.
import type { Stream } from './random.ts';

/** What a person's card check by CCCD answers: valid 000, defence 001, police 002, replaced-expired 003 (by the old
 * card's code), replaced-valid 004 (by the old card's code), expired 010, no-card 050, withdrawn 110, reduced 120-124,
 * pending 130. */
export type CardSituation =
  | 'valid' | 'defence' | 'police' | 'replaced-expired' | 'replaced-valid' | 'expired' | 'no-card' | 'withdrawn'
  | 'reduced' | 'pending';

export const CARD_SITUATIONS: readonly CardSituation[] = [
  'valid', 'defence', 'police', 'replaced-expired', 'replaced-valid', 'expired', 'no-card', 'withdrawn', 'reduced', 'pending',
];

export const STRATUM_BLOCK = 200;
export const YEAR_ONLY_BLOCK = 1000;

/** Situations held by exactly one person per block of 200 (0.5% each). */
export const FORCED_SITUATIONS: readonly CardSituation[] = [
  'pending', 'defence', 'police', 'withdrawn', 'replaced-valid', 'replaced-expired', 'reduced', 'expired', 'no-card',
];

/** What a slot of the identity table plans for its people: a forced situation, a year-only birth date, or nature. */
export type SlotPlan = CardSituation | 'year-only' | 'natural';

/** The plan of stratum `stratum` (0..199) of a block; `yearOnlyBlock` tells whether this block holds the year-only person. */
export function planOfStratum(stratum: number, yearOnlyBlock: boolean): SlotPlan {
  const forced = FORCED_SITUATIONS[stratum];
  if (forced) return forced;
  return stratum === FORCED_SITUATIONS.length && yearOnlyBlock ? 'year-only' : 'natural';
}

/** Natural shares (assumption, tuned so that ~93% hold a valid card, 97/98 cards apart). */
export const NATURAL_NO_CARD = 0.005;
/** Expired cards: only from age 7, so that no child under 6 holds an expired card. */
export const NATURAL_EXPIRED = 0.02;
export const EXPIRED_MIN_AGE = 7;
/** Employees whose card was reduced (báo giảm). */
export const NATURAL_REDUCED_EMPLOYEES = 0.04;

/** The situation of a person whose slot forces none. */
export function drawNaturalSituation(stream: Stream, age: number, isEmployee: boolean): CardSituation {
  const u = stream.float();
  if (u < NATURAL_NO_CARD) return 'no-card';
  if (u < NATURAL_NO_CARD + NATURAL_EXPIRED && age >= EXPIRED_MIN_AGE) return 'expired';
  if (isEmployee && stream.chance(NATURAL_REDUCED_EMPLOYEES)) return 'reduced';
  return 'valid';
}

/** Reduction codes with their shares (assumption). */
export const REDUCTION_CODES: readonly (readonly [string, number])[] = [
  ['120', 10], ['121', 25], ['122', 20], ['123', 10], ['124', 35],
];

/** Reduction codes after which the person no longer works for the employer: 123 is re-added at the same employer. */
export function reductionEndsEmployment(code: string): boolean {
  return code !== '123';
}
