// The vaccination records the health authority holds for a synthetic person: the routine childhood schedule of the
// Expanded Programme on Immunization, the COVID-19 campaign of 2021-2022, tetanus for women of child-bearing age,
// adult hepatitis B and seasonal influenza for older people. Derived only from (seed, person, as-of date), so the
// health-authority simulator and the tests agree without sharing state. Schedules, coverage and product mixes are
// assumptions in the shape of the national programme, not statistics. Vaccines carry their CVX codes.
import { addMonthsToDayNumber, dayNumber, isoOfDayNumber } from '../domain/dates.ts';
import type { PersonTable } from '../store/schema.ts';
import { hashString, keyOf, mix32, Stream, Weighted } from './random.ts';

export interface VaccinationRecord {
  /** CVX code of the product given. */
  readonly vaccineCode: string;
  readonly vaccineName: string;
  /** 1-based dose number in the series against that disease. */
  readonly dose: number;
  /** Day given, YYYY-MM-DD. */
  readonly date: string;
  /** Facility code (5 digits, province prefix) of the place it was given. */
  readonly place: string;
}

interface Vaccine { readonly code: string; readonly name: string }

const VACCINES = {
  bcg: { code: '19', name: 'BCG' },
  hepBBirth: { code: '08', name: 'Viêm gan B sơ sinh (Hep B, pediatric)' },
  pentavalent: { code: '198', name: 'DPT-VGB-Hib (DTP-HepB-Hib pentavalent)' },
  tOpv: { code: '02', name: 'OPV (trivalent oral polio)' },
  bOpv: { code: '178', name: 'bOPV (bivalent oral polio)' },
  ipv: { code: '10', name: 'IPV (inactivated polio)' },
  measles: { code: '05', name: 'Sởi (measles)' },
  measlesRubella: { code: '04', name: 'Sởi-Rubella (MR)' },
  dtp: { code: '01', name: 'DPT (diphtheria, tetanus, pertussis)' },
  japaneseEncephalitis: { code: '39', name: 'Viêm não Nhật Bản (Japanese encephalitis)' },
  astraZeneca: { code: '210', name: 'COVID-19 AstraZeneca (Vaxzevria)' },
  pfizer: { code: '208', name: 'COVID-19 Pfizer-BioNTech (Comirnaty)' },
  pfizerPaediatric: { code: '218', name: 'COVID-19 Pfizer-BioNTech (Comirnaty 5-11 years)' },
  moderna: { code: '207', name: 'COVID-19 Moderna (Spikevax)' },
  sinopharm: { code: '510', name: 'COVID-19 Sinopharm (Vero Cell)' },
  sputnik: { code: '505', name: 'COVID-19 Gamaleya (Sputnik V)' },
  tetanusDiphtheria: { code: '09', name: 'Td (tetanus, diphtheria)' },
  hepBAdult: { code: '43', name: 'Viêm gan B người lớn (Hep B, adult)' },
  influenza: { code: '88', name: 'Cúm mùa (influenza)' },
} as const satisfies Record<string, Vaccine>;

/** The national registry holds doses from this day on (assumption: earlier paper records were not migrated). */
const REGISTRY_FROM = '2010-01-01';

const FIELD_VACCINATIONS = hashString('vaccinations');
/** Product changes of the routine schedule (assumption, in the shape of the programme's history). */
const PENTAVALENT_FROM = dayNumber('2010-06-01');
const BOPV_FROM = dayNumber('2016-05-01');
const IPV_FROM = dayNumber('2018-01-01');
const MR_FROM = dayNumber('2015-01-01');
/** The COVID-19 campaign: adults from March 2021, 12-17 from October 2021, boosters 2022, 5-11 from April 2022. */
const COVID_ADULTS_FROM = dayNumber('2021-03-08');
const COVID_ADULTS_MAIN_FROM = dayNumber('2021-07-01');
const COVID_TEENS_FROM = dayNumber('2021-10-15');
const COVID_BOOSTER_FROM = dayNumber('2022-01-03');
const COVID_CHILDREN_FROM = dayNumber('2022-04-14');
const COVID_SECOND_BOOSTER_FROM = dayNumber('2022-05-20');

const ADULT_PRIMARY = new Weighted<Vaccine>([
  [VACCINES.astraZeneca, 40], [VACCINES.pfizer, 25], [VACCINES.sinopharm, 25], [VACCINES.moderna, 8], [VACCINES.sputnik, 2],
]);
const BOOSTER = new Weighted<Vaccine>([[VACCINES.pfizer, 60], [VACCINES.moderna, 30], [VACCINES.astraZeneca, 10]]);
/** Days from a primary dose to the next, by product (assumption from the product schedules). */
const SECOND_DOSE_GAP: Readonly<Record<string, readonly [number, number]>> = {
  [VACCINES.astraZeneca.code]: [56, 84], [VACCINES.pfizer.code]: [21, 35], [VACCINES.sinopharm.code]: [21, 35],
  [VACCINES.moderna.code]: [28, 42], [VACCINES.sputnik.code]: [21, 30],
};

export interface VaccinationOptions {
  /** The dataset seed (the same one the person was generated with). */
  readonly seed: number;
  /** "Today" of the dataset: no dose is dated later. */
  readonly asOf: string;
}

/** Every dose the registry holds for `person`, oldest first. */
export function vaccinationsOf(person: PersonTable, opts: VaccinationOptions): VaccinationRecord[] {
  const stream = new Stream(keyOf(mix32(opts.seed), person.id - 1, FIELD_VACCINATIONS));
  const birth = dayNumber(person.birth_date);
  const asOf = dayNumber(opts.asOf);
  const registryFrom = dayNumber(REGISTRY_FROM);
  const childhoodPlace = communeStation(stream, person.birth_province);
  const homePlace = communeStation(stream, person.residence_province_old);
  const out: VaccinationRecord[] = [];
  const give = (vaccine: Vaccine, dose: number, day: number, place: string): boolean => {
    if (day > asOf || day < birth) return false;
    if (day >= registryFrom) out.push({ vaccineCode: vaccine.code, vaccineName: vaccine.name, dose, date: isoOfDayNumber(day), place });
    return true;
  };
  if (person.birth_date_precision === 'day') childhoodSchedule(stream, birth, childhoodPlace, give);
  covidCampaign(stream, birth, homePlace, person.residence_province_old, give);
  adultVaccines(stream, person, birth, asOf, homePlace, give);
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : Number(a.vaccineCode) - Number(b.vaccineCode)));
}

type Give = (vaccine: Vaccine, dose: number, day: number, place: string) => boolean;

/** A commune health station of the province: codes 200-999 after the province prefix (assumption). */
function communeStation(stream: Stream, province: string): string {
  return `${province}${String(200 + stream.int(800))}`;
}

function atMonths(birth: number, months: number, stream: Stream, slackDays: number): number {
  return addMonthsToDayNumber(birth, months) + stream.int(slackDays + 1);
}

/** Doses of a series while each earlier dose was given: coverage[k] is the chance of dose k+1 after dose k. */
function series(stream: Stream, coverage: readonly number[], dose: (k: number) => boolean): void {
  for (let k = 0; k < coverage.length; k++) {
    if (!stream.chance(coverage[k] as number) || !dose(k)) return;
  }
}

/** The routine schedule: birth, 2-3-4 months, 5 months, 9 months, 12 months, 18 months, 24 months. */
function childhoodSchedule(stream: Stream, birth: number, place: string, give: Give): void {
  if (stream.chance(0.97)) give(VACCINES.bcg, 1, birth + stream.int(30), place);
  if (stream.chance(0.85)) give(VACCINES.hepBBirth, 1, birth + stream.int(2), place);
  series(stream, [0.96, 0.96, 0.96], (k) => {
    const day = atMonths(birth, 2 + k, stream, 20);
    give(day >= PENTAVALENT_FROM ? VACCINES.pentavalent : VACCINES.dtp, k + 1, day, place);
    return give(day >= BOPV_FROM ? VACCINES.bOpv : VACCINES.tOpv, k + 1, day, place);
  });
  const ipvDay = atMonths(birth, 5, stream, 20);
  if (ipvDay >= IPV_FROM && stream.chance(0.85)) give(VACCINES.ipv, 1, ipvDay, place);
  series(stream, [0.95, 0.92], (k) => {
    const day = atMonths(birth, k === 0 ? 9 : 18, stream, 30);
    return give(k === 0 || day < MR_FROM ? VACCINES.measles : VACCINES.measlesRubella, k + 1, day, place);
  });
  if (stream.chance(0.88)) give(VACCINES.dtp, 4, atMonths(birth, 18, stream, 30), place);
  series(stream, [0.85, 0.97, 0.88], (k) => {
    const first = atMonths(birth, 12, stream, 20);
    const day = k === 0 ? first : k === 1 ? first + 7 + stream.int(8) : atMonths(birth, 24, stream, 30);
    return give(VACCINES.japaneseEncephalitis, k + 1, day, place);
  });
}

/** Two primary doses and up to two boosters for adults, two doses and a booster for 12-17, two doses for 5-11. */
function covidCampaign(stream: Stream, birth: number, place: string, province: string, give: Give): void {
  const ageOn = (day: number) => Math.floor((day - birth) / 365.2425);
  const otherPlace = () => (stream.chance(0.3) ? communeStation(stream, province) : place);
  let last = 0;
  let vaccine: Vaccine = VACCINES.pfizer;
  const dose = (n: number, v: Vaccine, day: number): boolean => {
    if (!give(v, n, day, n === 1 ? place : otherPlace())) return false;
    last = day;
    return true;
  };
  if (ageOn(COVID_ADULTS_MAIN_FROM) >= 18) {
    const early = stream.chance(0.1);
    const from = early ? COVID_ADULTS_FROM : COVID_ADULTS_MAIN_FROM;
    vaccine = ADULT_PRIMARY.draw(stream);
    const [gapMin, gapMax] = SECOND_DOSE_GAP[vaccine.code] as readonly [number, number];
    series(stream, [0.95, 0.93, 0.7, ageOn(COVID_SECOND_BOOSTER_FROM) >= 50 ? 0.4 : 0.08], (k) => {
      if (k === 0) return dose(1, vaccine, from + stream.int(early ? 110 : 170));
      if (k === 1) return dose(2, vaccine, last + stream.between(gapMin, gapMax));
      if (k === 2) return dose(3, BOOSTER.draw(stream), Math.max(COVID_BOOSTER_FROM, last + 90) + stream.int(150));
      return dose(4, BOOSTER.draw(stream), Math.max(COVID_SECOND_BOOSTER_FROM, last + 120) + stream.int(150));
    });
  } else if (ageOn(COVID_TEENS_FROM) >= 12) {
    series(stream, [0.95, 0.95, 0.5], (k) => {
      if (k === 0) return dose(1, VACCINES.pfizer, COVID_TEENS_FROM + stream.int(90));
      if (k === 1) return dose(2, VACCINES.pfizer, last + stream.between(21, 35));
      return dose(3, VACCINES.pfizer, Math.max(last + 120, dayNumber('2022-08-01')) + stream.int(120));
    });
  } else if (ageOn(COVID_CHILDREN_FROM) >= 5) {
    series(stream, [0.7, 0.85], (k) =>
      k === 0
        ? dose(1, VACCINES.pfizerPaediatric, COVID_CHILDREN_FROM + stream.int(120))
        : dose(2, VACCINES.pfizerPaediatric, last + stream.between(21, 35)),
    );
  }
}

/** Tetanus for women of child-bearing age, hepatitis B for some adults, influenza for some people over 60. */
function adultVaccines(stream: Stream, person: PersonTable, birth: number, asOf: number, place: string, give: Give): void {
  const yearsFromBirth = (years: number) => addMonthsToDayNumber(birth, years * 12);
  const within = (from: number, to: number) => from + stream.int(Math.max(1, to - from));
  const registryFrom = dayNumber(REGISTRY_FROM);
  if (person.sex === 'female' && stream.chance(0.35)) {
    const from = Math.max(yearsFromBirth(20), registryFrom);
    const to = Math.min(yearsFromBirth(36), asOf);
    if (from < to) {
      const first = within(from, to);
      if (give(VACCINES.tetanusDiphtheria, 1, first, place) && stream.chance(0.8)) give(VACCINES.tetanusDiphtheria, 2, first + 28 + stream.int(14), place);
    }
  }
  if (stream.chance(0.1)) {
    const from = Math.max(yearsFromBirth(18), registryFrom);
    if (from < asOf) {
      const first = within(from, asOf);
      series(stream, [1, 0.85, 0.75], (k) => give(VACCINES.hepBAdult, k + 1, k === 0 ? first : addMonthsToDayNumber(first, k === 1 ? 1 : 6), place));
    }
  }
  let dose = 0;
  for (let back = 3; back >= 1; back--) {
    const season = addMonthsToDayNumber(asOf, -12 * back) + stream.int(120);
    if (season - birth >= 60 * 365.2425 && stream.chance(0.12) && give(VACCINES.influenza, dose + 1, season, place)) dose++;
  }
}
