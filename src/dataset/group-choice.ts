// Which beneficiary group (card code characters 1-2) a person belongs to, from age, sex, residence and situation.
// domain.md 7.3 gives only rough overall weights (GD 25%, DN 15%, HS+SV 15%, HN/CN/DT/DK/BT 15%, TE 8%, HT 4%,
// HC 2%, other 16%); the tables below are assumptions tuned to come close to them.
import { ISLAND_PROVINCES, MOUNTAIN_PROVINCES } from './population.ts';
import { type Stream, Weighted } from './random.ts';
import type { SlotPlan } from './situations.ts';

/** Groups of people working for an employer: they have employments and social insurance. */
export const EMPLOYEE_GROUPS: ReadonlySet<string> = new Set(['DN', 'HX', 'CH', 'NN', 'TK', 'HC', 'XK']);
/** Armed forces and cipher staff: social insurance through their ministries, no employer rows. */
export const ARMED_FORCES_GROUPS: ReadonlySet<string> = new Set(['QN', 'CA', 'CY']);

const table = (entries: Record<string, number>) => new Weighted(Object.entries(entries));

const EMPLOYEES = table({ DN: 75, HC: 8, CH: 7, HX: 3, NN: 2, TK: 5 });
const SUPPORT = table({ HN: 40, CN: 35, BT: 15 });
const SUPPORT_ON_ISLANDS = table({ HN: 36, CN: 32, BT: 12, XD: 20 });
const SUPPORT_IN_MOUNTAINS = table({ HN: 25, CN: 15, DT: 35, DK: 20, BT: 5 });
const PUPILS = table({ HS: 97, GD: 3 });
const YOUNG_ADULTS = table({ SV: 50, DN: 25, GD: 20, HC: 1, CH: 1, TK: 2, TQ: 0.5, TA: 0.5 });
const STARTING_WORK = table({ SV: 20, DN: 45, GD: 25, HC: 3, CH: 2, TK: 2, HX: 1, NN: 0.5, XK: 0.5, GB: 1 });
const WORKING_AGE = table({
  DN: 30, GD: 33, HC: 5, CH: 3, HX: 1, NN: 0.5, TK: 1.5, XK: 1, GB: 6, TN: 1, HD: 0.2, CB: 0.5, TS: 0.6, TC: 0.6,
  TQ: 0.6, TA: 0.4, TY: 0.05, CY: 0.05, HG: 0.02, LS: 0.05, NO: 0.1, TB: 0.2, PV: 0.2, KC: 0.1, CK: 0.3,
});
const RETIRED = table({
  HT: 28, GD: 42, GB: 6, CB: 5, CK: 2.5, KC: 2.5, TS: 1.5, TC: 1.5, MS: 0.5, XB: 0.5, XN: 0.5, NO: 0.3, TB: 0.5,
  CS: 0.3, CC: 0.6, PV: 0.3, HD: 0.1,
});

/** Shares of people aged 6+ on social support cards (HN, CN, DT, DK, BT, XD) by residence (assumption). */
const SUPPORT_SHARE_IN_MOUNTAINS = 0.4;
const SUPPORT_SHARE_ELSEWHERE = 0.12;
/** Retirement age used for the pensioner groups: 55 for women, 60 for men (domain.md 7.3). */
export const RETIREMENT_AGE = { female: 55, male: 60 } as const;

export interface GroupInputs {
  readonly age: number;
  readonly sex: 'male' | 'female';
  readonly residenceOld: string;
  readonly plan: SlotPlan;
}

export function chooseGroup(stream: Stream, p: GroupInputs): string {
  if (p.plan === 'defence') return 'QN';
  if (p.plan === 'police') return 'CA';
  if (p.plan === 'pending' || p.age < 6) return 'TE';
  if (p.plan === 'reduced') return EMPLOYEES.draw(stream);
  const mountain = MOUNTAIN_PROVINCES.has(p.residenceOld);
  if (stream.chance(mountain ? SUPPORT_SHARE_IN_MOUNTAINS : SUPPORT_SHARE_ELSEWHERE)) {
    return (mountain ? SUPPORT_IN_MOUNTAINS : ISLAND_PROVINCES.has(p.residenceOld) ? SUPPORT_ON_ISLANDS : SUPPORT).draw(stream);
  }
  if (p.age <= 17) return PUPILS.draw(stream);
  if (p.age <= 22) return YOUNG_ADULTS.draw(stream);
  if (p.age <= 24) return STARTING_WORK.draw(stream);
  if (p.age < RETIREMENT_AGE[p.sex]) return WORKING_AGE.draw(stream);
  if (p.age >= 80 && stream.chance(0.06)) return 'CT';
  if (p.age >= 75 && stream.chance(0.15)) return 'LH';
  return RETIRED.draw(stream);
}
