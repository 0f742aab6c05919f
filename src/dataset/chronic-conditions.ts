// Chronic conditions as the insurance database knows them from past claims: a person with health-insurance cards
// gets each condition group with a probability that rises with age (and differs by sex where it clearly does), a
// recorded ICD-10 category, and the first and latest claim dates. The prevalences are claims-recorded rates in the
// shape of Vietnamese surveys (STEPS 2015/2021, GBD), not statistics: assumptions, like every weight here.
import { CHRONIC_CONDITION_GROUPS, type ChronicConditionGroup } from '../domain/chronic-conditions.ts';
import { isoOfDayNumber } from '../domain/dates.ts';
import type { ChronicConditionTable } from '../store/schema.ts';
import { hashString, keyOf, Stream, Weighted } from './random.ts';

const FIELD_CONDITIONS = hashString('chronic-conditions');
/** Claims are kept electronically from this day (assumption: the national claims system went live in 2016). */
const CLAIMS_FROM = Math.round(Date.UTC(2016, 6, 1) / 86_400_000);
const YEAR = 365.2425;

/** [from age, prevalence] steps per group, then the multipliers for men and women. */
interface Prevalence { readonly steps: readonly (readonly [number, number])[]; readonly male: number; readonly female: number }

const PREVALENCE: Readonly<Record<string, Prevalence>> = {
  diabetes: { steps: [[0, 0.001], [18, 0.004], [30, 0.01], [40, 0.035], [50, 0.07], [60, 0.11], [70, 0.12]], male: 1, female: 1 },
  hypertension: { steps: [[0, 0], [18, 0.01], [30, 0.04], [40, 0.1], [50, 0.2], [60, 0.33], [70, 0.42]], male: 1.1, female: 0.9 },
  'ischaemic-heart-disease': { steps: [[0, 0], [40, 0.005], [50, 0.015], [60, 0.04], [70, 0.07]], male: 1.3, female: 0.7 },
  'cerebrovascular-disease': { steps: [[0, 0], [40, 0.002], [50, 0.006], [60, 0.015], [70, 0.03]], male: 1.2, female: 0.8 },
  copd: { steps: [[0, 0], [40, 0.01], [50, 0.02], [60, 0.04], [70, 0.07]], male: 1.6, female: 0.4 },
  asthma: { steps: [[0, 0.02], [18, 0.015], [40, 0.02], [60, 0.03]], male: 1, female: 1 },
  'chronic-kidney-disease': { steps: [[0, 0], [18, 0.002], [40, 0.008], [50, 0.015], [60, 0.03], [70, 0.05]], male: 1, female: 1 },
  'chronic-liver-disease': { steps: [[0, 0], [18, 0.003], [30, 0.008], [40, 0.014], [60, 0.018]], male: 1.5, female: 0.5 },
  cancer: { steps: [[0, 0.0002], [18, 0.001], [40, 0.004], [50, 0.008], [60, 0.014], [70, 0.022]], male: 1, female: 1 },
};

const CATEGORIES = new Map(CHRONIC_CONDITION_GROUPS.map((g) => [g.group, new Weighted(g.categories)]));

function prevalence(group: ChronicConditionGroup, age: number, sex: 'male' | 'female'): number {
  const p = PREVALENCE[group.group] as Prevalence;
  let rate = 0;
  for (const [from, value] of p.steps) if (age >= from) rate = value;
  return rate * p[sex];
}

export interface ConditionSubject {
  readonly personId: number;
  readonly birthDay: number;
  readonly age: number;
  readonly sex: 'male' | 'female';
  /** Whether the person ever held a card: claims exist only for the insured. */
  readonly insured: boolean;
}

/** The chronic conditions claims have recorded for person `index` of a dataset, in group order. */
export function drawChronicConditions(seedKey: number, index: number, who: ConditionSubject, asOf: number): ChronicConditionTable[] {
  if (!who.insured) return [];
  const stream = new Stream(keyOf(seedKey, index, FIELD_CONDITIONS));
  const out: ChronicConditionTable[] = [];
  const earliest = Math.max(CLAIMS_FROM, who.birthDay + Math.floor(YEAR));
  for (const group of CHRONIC_CONDITION_GROUPS) {
    // Four draws per group whatever the outcome, so one group's result never shifts another's.
    const [has, which, firstAt, lastAt] = [stream.float(), stream.float(), stream.float(), stream.float()];
    if (has >= prevalence(group, who.age, who.sex) || earliest > asOf) continue;
    const first = earliest + Math.floor(firstAt * (asOf - earliest + 1));
    const last = first + Math.floor(lastAt * (asOf - first + 1));
    out.push({
      person_id: who.personId,
      condition_group: group.group,
      icd10: (CATEGORIES.get(group.group) as Weighted<string>).at(which),
      first_claimed_on: isoOfDayNumber(first),
      last_claimed_on: isoOfDayNumber(last),
    });
  }
  return out;
}
