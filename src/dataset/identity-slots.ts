// The identity slot table: how CCCD numbers are unique by construction.
//
// A table of SLOT_COUNT slots is sampled once per (seed, as-of date, province option). Each slot fixes a CCCD group
// (birth province, century/sex digit, birth year) plus the residence and the slot's plan (situations.ts). Person i
// takes slot s = i mod SLOT_COUNT in cycle c = floor(i / SLOT_COUNT). Within its group the person's rank is
// c * count[group] + rankInTable[s], distinct for every person of the group; the last six digits are a keyed
// permutation of 0..999,999 (one per group) applied to that rank. Distinct ranks give distinct numbers, so no
// collision is possible while ranks stay below 10^6, i.e. for fewer than `capacity` = SLOT_COUNT * floor(10^6 /
// largest group count) people: about 900M nationally, about 125M with `--province` (everyone born in one place).
import { centuryDigitOf } from '../domain/citizen-id.ts';
import { dateOfDayNumber } from '../domain/dates.ts';
import { OLD_PROVINCES, toNewProvince } from '../domain/provinces.ts';
import { permuteIndex } from './permutation.ts';
import {
  BORN_ELSEWHERE_IN_DESTINATIONS, BORN_ELSEWHERE_IN_ONE_PROVINCE, BORN_ELSEWHERE_OTHERWISE, drawAge, MIGRATION_DESTINATIONS,
  RESIDENCE_WEIGHTS, residenceWeightsIn,
} from './population.ts';
import { combine, hashString, keyOf, Stream } from './random.ts';
import { EXPIRED_MIN_AGE, planOfStratum, type SlotPlan, STRATUM_BLOCK, YEAR_ONLY_BLOCK } from './situations.ts';

/** A multiple of both block sizes, so that aligned blocks of people map onto aligned blocks of slots. */
export const SLOT_COUNT = 100_000;
const SIX_DIGITS = 1_000_000;
/** Born before 1960 (domain.md 7.2): the years a year-only birth date is drawn from start this long before the as-of year. */
const YEAR_ONLY_OLDEST_AGE = 95;
const LAST_YEAR_ONLY_BIRTH_YEAR = 1959;
/** Births registered after the merger use the post-2025 code (a subset of the 63); whole years only. */
const FIRST_YEAR_OF_NEW_CODES = 2026;

const FIELD_STRATUM = hashString('slot.stratum');
const FIELD_YEAR_ONLY_BLOCK = hashString('slot.year-only-block');
const FIELD_SLOT = hashString('slot.identity');
const FIELD_CITIZEN_ID = hashString('citizen-id');

const PLANS: readonly SlotPlan[] = [
  'natural', 'year-only', 'valid', 'defence', 'police', 'replaced-expired', 'replaced-valid', 'expired', 'no-card',
  'withdrawn', 'reduced', 'pending',
];

export interface Slot {
  readonly plan: SlotPlan;
  /** Old code of the birth-registration province: the CCCD prefix. */
  readonly birthProvince: string;
  readonly residenceOld: string;
  readonly birthYear: number;
  readonly sex: 'male' | 'female';
}

export interface IdentitySlotsOptions {
  readonly seedKey: number;
  /** Day number of the as-of date. */
  readonly asOfDay: number;
  /** A post-2025 code: everyone resides there. */
  readonly province?: string | undefined;
}

/** Where the age of a slot's people comes from: the plan decides (pending: newborn; defence: serving age...). */
function drawBirthYear(stream: Stream, plan: SlotPlan, asOfDay: number): number {
  const asOfYear = dateOfDayNumber(asOfDay).year;
  const yearAtAge = (age: number) => dateOfDayNumber(asOfDay - Math.floor(age * 365.2425) - stream.int(365)).year;
  switch (plan) {
    case 'pending':
      return dateOfDayNumber(asOfDay - stream.int(61)).year;
    case 'year-only':
      return stream.between(asOfYear - YEAR_ONLY_OLDEST_AGE, LAST_YEAR_ONLY_BIRTH_YEAR);
    case 'defence':
    case 'police':
      return yearAtAge(stream.between(20, 45));
    case 'reduced':
      return yearAtAge(drawAge(stream, 22, 55));
    case 'expired':
    case 'replaced-expired':
      return yearAtAge(drawAge(stream, EXPIRED_MIN_AGE));
    case 'replaced-valid':
      // At least a year old, so that a child's old card started well before the new one.
      return yearAtAge(drawAge(stream, 2));
    default:
      return yearAtAge(drawAge(stream));
  }
}

/** Usually the residence; migrants (~10%) come from anywhere, weighted by population. */
function drawBirthProvince(stream: Stream, residenceOld: string, province: string | undefined): string {
  const bornElsewhere = province
    ? BORN_ELSEWHERE_IN_ONE_PROVINCE
    : MIGRATION_DESTINATIONS.has(toNewProvince(residenceOld) as string) ? BORN_ELSEWHERE_IN_DESTINATIONS : BORN_ELSEWHERE_OTHERWISE;
  return stream.chance(bornElsewhere) ? RESIDENCE_WEIGHTS.draw(stream) : residenceOld;
}

export class IdentitySlots {
  /** How many people the table can number uniquely. */
  readonly capacity: number;
  private readonly seedKey: number;
  private readonly plan = new Uint8Array(SLOT_COUNT);
  private readonly birthProvince = new Uint8Array(SLOT_COUNT);
  private readonly residence = new Uint8Array(SLOT_COUNT);
  private readonly birthYear = new Uint16Array(SLOT_COUNT);
  private readonly female = new Uint8Array(SLOT_COUNT);
  /** CCCD group of each slot: birth province * 1000 + century/sex digit * 100 + two year digits. */
  private readonly group = new Int32Array(SLOT_COUNT);
  private readonly rankInTable = new Uint32Array(SLOT_COUNT);
  private readonly groupCount = new Uint32Array(100_000);

  constructor(opts: IdentitySlotsOptions) {
    this.seedKey = opts.seedKey;
    const residenceWeights = opts.province ? residenceWeightsIn(opts.province) : RESIDENCE_WEIGHTS;
    const provinceIndex = new Map(OLD_PROVINCES.map((p, k) => [p.code, k]));
    let largestGroup = 0;
    for (let s = 0; s < SLOT_COUNT; s++) {
      const block = Math.floor(s / STRATUM_BLOCK);
      const stratum = permuteIndex(STRATUM_BLOCK, combine(opts.seedKey ^ FIELD_STRATUM, block), s % STRATUM_BLOCK);
      const superBlock = Math.floor(s / YEAR_ONLY_BLOCK);
      const blocksPerSuperBlock = YEAR_ONLY_BLOCK / STRATUM_BLOCK;
      const yearOnlyBlock = new Stream(keyOf(opts.seedKey, superBlock, FIELD_YEAR_ONLY_BLOCK)).int(blocksPerSuperBlock);
      const plan = planOfStratum(stratum, block % blocksPerSuperBlock === yearOnlyBlock);

      const stream = new Stream(keyOf(opts.seedKey, s, FIELD_SLOT));
      const year = drawBirthYear(stream, plan, opts.asOfDay);
      const armedForces = plan === 'defence' || plan === 'police';
      const sex = stream.chance(armedForces ? 0.15 : 0.5) ? 'female' : 'male';
      const residenceOld = residenceWeights.draw(stream);
      const birthOld = drawBirthProvince(stream, residenceOld, opts.province);
      const birthProvince = year >= FIRST_YEAR_OF_NEW_CODES ? (toNewProvince(birthOld) as string) : birthOld;

      const digit = centuryDigitOf(year, sex);
      const group = Number(birthProvince) * 1000 + digit * 100 + (year % 100);
      this.plan[s] = PLANS.indexOf(plan);
      this.birthProvince[s] = provinceIndex.get(birthProvince) as number;
      this.residence[s] = provinceIndex.get(residenceOld) as number;
      this.birthYear[s] = year;
      this.female[s] = sex === 'female' ? 1 : 0;
      this.group[s] = group;
      this.rankInTable[s] = this.groupCount[group] as number;
      const count = (this.groupCount[group] as number) + 1;
      this.groupCount[group] = count;
      largestGroup = Math.max(largestGroup, count);
    }
    this.capacity = SLOT_COUNT * Math.floor(SIX_DIGITS / largestGroup);
  }

  slot(index: number): Slot {
    const s = index % SLOT_COUNT;
    return {
      plan: PLANS[this.plan[s] as number] as SlotPlan,
      birthProvince: (OLD_PROVINCES[this.birthProvince[s] as number] as { code: string }).code,
      residenceOld: (OLD_PROVINCES[this.residence[s] as number] as { code: string }).code,
      birthYear: this.birthYear[s] as number,
      sex: this.female[s] === 1 ? 'female' : 'male',
    };
  }

  /** The 12-digit CCCD of person `index`: `0` + birth province, century/sex digit, year digits, six unique digits. */
  citizenId(index: number): string {
    if (index >= this.capacity) throw new RangeError(`person ${index} is beyond the ${this.capacity} people this seed can number uniquely`);
    const s = index % SLOT_COUNT;
    const cycle = Math.floor(index / SLOT_COUNT);
    const group = this.group[s] as number;
    const rank = cycle * (this.groupCount[group] as number) + (this.rankInTable[s] as number);
    const lastSix = permuteIndex(SIX_DIGITS, combine(this.seedKey ^ FIELD_CITIZEN_ID, group), rank);
    return `0${String(group).padStart(5, '0')}${String(lastSix).padStart(6, '0')}`;
  }
}
