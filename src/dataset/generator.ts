// The deterministic synthetic national dataset: person i of (seed, as-of date, province option, GENERATOR_VERSION)
// is always the same, whatever the count and whichever other people are generated. Every field draws from its own
// stream keyed by (seed, i, field name); CCCD and BHXH numbers are unique by construction (identity-slots.ts,
// permutation.ts). The as-of date is "today" for ages, card validity and 5-year dates.
import { dayNumber, dayNumberOf, isIsoDate, isoOfDayNumber, wholeMonthsBetween } from '../domain/dates.ts';
import { isNewProvinceCode, toNewProvince } from '../domain/provinces.ts';
import type { CardTable, ChronicConditionTable, CoverageTable, EmployerTable, EmploymentTable, IndustrialParkTable, PersonTable } from '../store/schema.ts';
import { buildCards } from './card-rows.ts';
import { drawChronicConditions } from './chronic-conditions.ts';
import { drawResidenceCommune } from './communes.ts';
import { EmployerPools } from './employers.ts';
import { drawFullName } from './full-names.ts';
import { chooseGroup, EMPLOYEE_GROUPS } from './group-choice.ts';
import { IdentitySlots } from './identity-slots.ts';
import { deriveOccupation } from './occupation.ts';
import { permuteIndex } from './permutation.ts';
import { combine, hashString, keyOf, mix32, Stream } from './random.ts';
import { type CardSituation, drawNaturalSituation } from './situations.ts';
import { buildWorkHistory } from './work-history.ts';

/** Bump when a change alters any generated value: a dataset is the same for the same seed, as-of date and version.
 * v2 added the residence commune, occupation category, priority groups and chronic conditions, each from its own
 * stream or derived, so every field of v1 is unchanged (test/dataset/determinism.test.ts pins both). */
export const GENERATOR_VERSION = 2;

/** As-of dates the generator supports: after unemployment insurance began (2009), while year-only birth dates (before
 * 1960) still fall within living memory. */
export const FIRST_AS_OF = '2010-01-01';
export const LAST_AS_OF = '2049-12-31';
export const MAX_SEED = 4_294_967_295;

export interface GeneratorOptions {
  /** 0 .. 2^32 - 1. */
  readonly seed: number;
  /** "Today" for the dataset, YYYY-MM-DD. */
  readonly asOf: string;
  /** A post-2025 province code: everyone resides there, ~90% born there. */
  readonly province?: string | undefined;
}

export interface SyntheticPerson {
  /** What a card check by CCCD answers for this person (see situations.ts). */
  readonly situation: CardSituation;
  readonly person: PersonTable;
  /** Newest first: the current card, then the card it replaced, if any. */
  readonly cards: CardTable[];
  readonly coverage: CoverageTable[];
  readonly employments: EmploymentTable[];
  /** Chronic conditions recorded in past claims (generator v2). */
  readonly chronicConditions: ChronicConditionTable[];
}

export interface DatasetGenerator {
  readonly seed: number;
  readonly asOf: string;
  readonly province: string | undefined;
  readonly version: number;
  /** How many people this generator can number uniquely (person indexes 0 .. capacity - 1). */
  readonly capacity: number;
  /** Person `index` (0-based); its id is index + 1. */
  person(index: number): SyntheticPerson;
  /** Employer j (0-based) of a post-2025 province's fixed pool. */
  employer(provinceCode: string, j: number): EmployerTable;
  employerById(id: number): EmployerTable;
  industrialParks(): IndustrialParkTable[];
}

const FIELD = {
  socialInsuranceNumber: hashString('social-insurance-number'),
  birthDate: hashString('birth-date'),
  name: hashString('name'),
  group: hashString('group'),
  situation: hashString('situation'),
  cards: hashString('cards'),
  work: hashString('work'),
};
const TEN_DIGITS = 10_000_000_000;
/** A pending card belongs to a newborn: born within this many days before the as-of date. */
const PENDING_MAX_AGE_DAYS = 60;

function validate(opts: GeneratorOptions): void {
  if (!Number.isInteger(opts.seed) || opts.seed < 0 || opts.seed > MAX_SEED) throw new RangeError(`seed must be an integer from 0 to ${MAX_SEED}`);
  if (!isIsoDate(opts.asOf) || opts.asOf < FIRST_AS_OF || opts.asOf > LAST_AS_OF) {
    throw new RangeError(`as-of date must be a real date YYYY-MM-DD from ${FIRST_AS_OF} to ${LAST_AS_OF}`);
  }
  if (opts.province !== undefined && !isNewProvinceCode(opts.province)) throw new RangeError(`province must be a post-2025 province code, not ${opts.province}`);
}

export function createGenerator(opts: GeneratorOptions): DatasetGenerator {
  validate(opts);
  const seedKey = mix32(opts.seed);
  const asOf = dayNumber(opts.asOf);
  const slots = new IdentitySlots({ seedKey, asOfDay: asOf, province: opts.province });
  const employers = new EmployerPools(seedKey);
  const sinKey = combine(seedKey, FIELD.socialInsuranceNumber);
  const stream = (index: number, field: number) => new Stream(keyOf(seedKey, index, field));

  function person(index: number): SyntheticPerson {
    if (!Number.isInteger(index) || index < 0 || index >= slots.capacity) throw new RangeError(`person index must be an integer from 0 to ${slots.capacity - 1}`);
    const slot = slots.slot(index);
    const id = index + 1;
    const yearOnly = slot.plan === 'year-only';
    const birthDay = drawBirthDay(stream(index, FIELD.birthDate), slot.birthYear, slot.plan === 'pending', yearOnly, asOf);
    const age = Math.floor(wholeMonthsBetween(birthDay, asOf) / 12);
    const residenceNew = toNewProvince(slot.residenceOld) as string;
    const socialInsuranceNumber = String(permuteIndex(TEN_DIGITS, sinKey, index)).padStart(10, '0');
    const group = chooseGroup(stream(index, FIELD.group), { age, sex: slot.sex, residenceOld: slot.residenceOld, plan: slot.plan });
    const situation = slot.plan === 'natural' || slot.plan === 'year-only'
      ? drawNaturalOrValid(stream(index, FIELD.situation), age, group, yearOnly)
      : slot.plan;
    const health = buildCards(stream(index, FIELD.cards), { personId: id, socialInsuranceNumber, birthDay, residenceOld: slot.residenceOld, group }, situation, asOf);
    const work = buildWorkHistory(stream(index, FIELD.work), employers, { personId: id, birthDay, age, sex: slot.sex, group, residenceNew, reductionCode: health.reductionCode }, asOf);
    const occupation = deriveOccupation(group, work.employments, employers);
    const current = health.cards[0];
    const coverage = current && health.coverageSince !== undefined
      ? [healthCoverage(id, situation, health.coverageSince, dayNumber(current.valid_to), asOf), ...work.coverage]
      : work.coverage;
    return {
      situation,
      person: {
        id,
        citizen_id: slots.citizenId(index),
        social_insurance_number: socialInsuranceNumber,
        full_name: drawFullName(stream(index, FIELD.name), slot.sex, slot.birthYear, slot.birthProvince),
        birth_date: isoOfDayNumber(birthDay),
        birth_date_precision: yearOnly ? 'year' : 'day',
        sex: slot.sex,
        birth_province: slot.birthProvince,
        residence_province: residenceNew,
        residence_province_old: slot.residenceOld,
        deceased_on: null,
        synthetic: 1,
        residence_commune: drawResidenceCommune(seedKey, index, residenceNew, slot.residenceOld),
        occupation_category: occupation.category,
        priority_group_bits: occupation.priorityBits,
      },
      cards: health.cards,
      coverage,
      employments: work.employments,
      chronicConditions: drawChronicConditions(seedKey, index, { personId: id, birthDay, age, sex: slot.sex, insured: health.cards.length > 0 }, asOf),
    };
  }

  return {
    seed: opts.seed,
    asOf: opts.asOf,
    province: opts.province,
    version: GENERATOR_VERSION,
    capacity: slots.capacity,
    person,
    employer: (provinceCode, j) => employers.employer(provinceCode, j),
    employerById: (employerId) => employers.employerById(employerId),
    industrialParks: () => employers.industrialParks(),
  };
}

/** A day in the slot's birth year, never after the as-of date; newborns within the last 60 days; 01/01 when only the year is known. */
function drawBirthDay(stream: Stream, year: number, newborn: boolean, yearOnly: boolean, asOf: number): number {
  const first = dayNumberOf(year, 1, 1);
  if (yearOnly) return first;
  const last = Math.min(dayNumberOf(year, 12, 31), asOf);
  const from = newborn ? Math.max(first, asOf - PENDING_MAX_AGE_DAYS) : first;
  return from + stream.int(last - from + 1);
}

/** Year-only people are kept with a valid card, so that every block of 1,000 people offers one to check. */
function drawNaturalOrValid(stream: Stream, age: number, group: string, yearOnly: boolean): CardSituation {
  return yearOnly ? 'valid' : drawNaturalSituation(stream, age, EMPLOYEE_GROUPS.has(group));
}

function healthCoverage(personId: number, situation: CardSituation, since: number, validTo: number, asOf: number): CoverageTable {
  const end = Math.min(asOf, validTo);
  const status = situation === 'expired' || situation === 'withdrawn' ? 'ended' : situation === 'reduced' ? 'suspended' : 'active';
  return {
    person_id: personId,
    insurance_type: 'health',
    since: isoOfDayNumber(since),
    status,
    months_contributed: Math.max(0, wholeMonthsBetween(since, end)),
    last_contribution_month: isoOfDayNumber(end).slice(0, 7),
  };
}

/** The first of `count` people whose card check by CCCD would answer `situation` (for 'valid': 000), or undefined. */
export function findPersonIndex(gen: DatasetGenerator, count: number, situation: CardSituation): number | undefined {
  for (let i = 0; i < count; i++) if (gen.person(i).situation === situation) return i;
  return undefined;
}

/** A person to show in demos: alive, with a valid card of a provincial office, so the card check answers 000. */
export function findDemoPerson(gen: DatasetGenerator, count: number): number | undefined {
  return findPersonIndex(gen, count, 'valid');
}
