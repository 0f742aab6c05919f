// Turns the array rows of a list batch into list rows (lists.row.v1) holding only the fields the caller may receive.
// The small nested values that recur across a list (coverage, residence, a job without an employer, a set of
// chronic-condition groups, no vaccinations) are built once per list and shared, frozen, by every row that has them:
// a list of a million people then allocates a few objects per row instead of a dozen.
import { chronicConditionGroup, CHRONIC_CONDITION_GROUP_NAMES } from '../../src/domain/chronic-conditions.ts';
import type { CommuneNames } from './list-commune-names.ts';

export type ListRow = Record<string, unknown>;
type Value = Readonly<Record<string, unknown>>;

/** What a list's rows hold, from the caller's allowed fields. */
export interface ListFields {
  readonly identity: readonly string[];
  readonly card: readonly string[];
  readonly coverage: boolean;
  readonly employment: boolean;
  readonly residence: boolean;
  readonly healthPriority: boolean;
  readonly vaccinations: boolean;
}

const IDENTITY_FIELDS = ['fullName', 'birthDate', 'sex', 'citizenId', 'socialInsuranceNumber'] as const;
const CARD_FIELDS = ['cardCode', 'benefitLevel', 'validFrom', 'validTo', 'registeredFacility', 'fiveYearDate', 'areaCode'] as const;
const GROUP_ORDER = new Map(CHRONIC_CONDITION_GROUP_NAMES.map((g, k) => [g, k]));
/** Shared values kept per kind at most (their keys are codes and categories: far fewer in practice). */
const MAX_SHARED = 10_000;

export function listFields(allowed: ReadonlySet<string>): ListFields {
  return {
    identity: IDENTITY_FIELDS.filter((f) => allowed.has(f)),
    card: CARD_FIELDS.filter((f) => allowed.has(f)),
    coverage: allowed.has('coverage'),
    employment: allowed.has('employment'),
    residence: allowed.has('residence'),
    healthPriority: allowed.has('healthPriority'),
    vaccinations: allowed.has('vaccinations'),
  };
}

/** Frozen values built once per key. */
class Shared<T> {
  private readonly values = new Map<string, T>();
  get(key: string, make: () => T): T {
    const known = this.values.get(key);
    if (known !== undefined) return known;
    const value = deepFreeze(make());
    if (this.values.size < MAX_SHARED) this.values.set(key, value);
    return value;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const NO_VACCINATIONS: readonly unknown[] = Object.freeze([]);

/** Column positions of a batch's rows (-1: not selected). */
class Positions {
  readonly id: number; readonly fullName: number; readonly birthDate: number; readonly birthDatePrecision: number; readonly sex: number;
  readonly citizenId: number; readonly sin: number; readonly province: number; readonly provinceOld: number; readonly commune: number;
  readonly cardCode: number; readonly groupCode: number; readonly benefitLevel: number; readonly validFrom: number; readonly validTo: number;
  readonly facility: number; readonly fiveYearDate: number; readonly areaCode: number; readonly cardStatus: number;
  readonly occupation: number; readonly employerName: number; readonly taxCode: number; readonly parkName: number; readonly conditionGroups: number;

  constructor(columns: readonly string[]) {
    const at = (name: string) => columns.indexOf(name);
    this.id = at('id'); this.fullName = at('full_name'); this.birthDate = at('birth_date'); this.birthDatePrecision = at('birth_date_precision');
    this.sex = at('sex'); this.citizenId = at('citizen_id'); this.sin = at('social_insurance_number'); this.province = at('residence_province');
    this.provinceOld = at('residence_province_old'); this.commune = at('residence_commune'); this.cardCode = at('card_code'); this.groupCode = at('group_code');
    this.benefitLevel = at('benefit_level'); this.validFrom = at('valid_from'); this.validTo = at('valid_to'); this.facility = at('facility_code');
    this.fiveYearDate = at('five_year_date'); this.areaCode = at('area_code'); this.cardStatus = at('card_status'); this.occupation = at('occupation_category');
    this.employerName = at('employer_name'); this.taxCode = at('tax_code'); this.parkName = at('park_name'); this.conditionGroups = at('condition_groups');
    if (this.id !== 0) throw new Error('list batch rows must start with the person id');
  }
}

export class ListRowBuilder {
  private readonly f: ListFields;
  private readonly day: string;
  private readonly communes: CommuneNames;
  private readonly identity: { readonly fullName: boolean; readonly birthDate: boolean; readonly sex: boolean; readonly citizenId: boolean; readonly sin: boolean };
  private readonly card: { readonly any: boolean; readonly code: boolean; readonly level: boolean; readonly from: boolean; readonly to: boolean; readonly facility: boolean; readonly fiveYear: boolean; readonly area: boolean };
  private positions: Positions | undefined;
  private columns: readonly string[] | undefined;
  private readonly coverages = new Shared<Value>();
  private readonly residences = new Shared<Value>();
  private readonly jobs = new Shared<Value>();
  private readonly conditions = new Shared<Value>();

  constructor(fields: ListFields, referenceDate: string, communes: CommuneNames) {
    this.f = fields;
    this.day = referenceDate;
    this.communes = communes;
    const has = (list: readonly string[], f: string) => list.includes(f);
    this.identity = {
      fullName: has(fields.identity, 'fullName'), birthDate: has(fields.identity, 'birthDate'), sex: has(fields.identity, 'sex'),
      citizenId: has(fields.identity, 'citizenId'), sin: has(fields.identity, 'socialInsuranceNumber'),
    };
    this.card = {
      any: fields.card.length > 0, code: has(fields.card, 'cardCode'), level: has(fields.card, 'benefitLevel'), from: has(fields.card, 'validFrom'),
      to: has(fields.card, 'validTo'), facility: has(fields.card, 'registeredFacility'), fiveYear: has(fields.card, 'fiveYearDate'), area: has(fields.card, 'areaCode'),
    };
  }

  /** The column positions of rows with these columns (worked out once per list). */
  at(columns: readonly string[]): Positions {
    if (this.positions === undefined || (columns !== this.columns && columns.join() !== this.columns?.join())) {
      this.positions = new Positions(columns);
      this.columns = columns;
    }
    return this.positions;
  }

  /** The list row of one person (vaccinations: theirs, when the list carries them). */
  row(p: readonly unknown[], at: Positions): ListRow {
    const row: ListRow = {};
    const id = this.identity;
    if (id.fullName) row.fullName = p[at.fullName];
    if (id.birthDate) row.birthDate = p[at.birthDatePrecision] === 'year' ? (p[at.birthDate] as string).slice(0, 4) : p[at.birthDate];
    if (id.sex) row.sex = p[at.sex];
    if (id.citizenId) row.citizenId = p[at.citizenId];
    if (id.sin) row.socialInsuranceNumber = p[at.sin];
    const cardCode = at.cardCode < 0 ? null : p[at.cardCode];
    const c = this.card;
    if (c.any && cardCode) {
      if (c.code) row.cardCode = cardCode;
      if (c.level) row.benefitLevel = p[at.benefitLevel];
      if (c.from) row.validFrom = p[at.validFrom];
      if (c.to) row.validTo = p[at.validTo];
      if (c.facility) row.registeredFacility = p[at.facility];
      if (c.fiveYear && p[at.fiveYearDate]) row.fiveYearDate = p[at.fiveYearDate];
      if (c.area && p[at.areaCode]) row.areaCode = p[at.areaCode];
    }
    if (this.f.coverage) row.coverage = this.coverage(p, at, cardCode);
    if (this.f.employment) row.employment = this.employment(p, at);
    if (this.f.residence) row.residence = this.residence(p, at);
    if (this.f.healthPriority) row.healthPriority = this.healthPriority(p[at.conditionGroups] as string | null);
    if (this.f.vaccinations) row.vaccinations = NO_VACCINATIONS;
    return row;
  }

  private coverage(p: readonly unknown[], at: Positions, cardCode: unknown): Value {
    const day = this.day;
    const insured = cardCode != null && p[at.cardStatus] === 'active' && (p[at.validFrom] as string) <= day && day <= (p[at.validTo] as string);
    const group = p[at.groupCode] as string | null;
    const status = insured ? 'insured' : 'not-insured';
    return group ? this.coverages.get(`${group}:${status}`, () => ({ groupCode: group, status })) : this.coverages.get(status, () => ({ status }));
  }

  private employment(p: readonly unknown[], at: Positions): Value {
    const category = (p[at.occupation] as string | null) ?? 'other';
    const employer = p[at.employerName] as string | null;
    if (!employer) return this.jobs.get(category, () => ({ occupationCategory: category }));
    const job: Record<string, unknown> = { occupationCategory: category, employerName: employer, employerTaxCode: p[at.taxCode] };
    const park = p[at.parkName];
    if (park) job.industrialPark = park;
    return job;
  }

  private residence(p: readonly unknown[], at: Positions): Value {
    const province = p[at.province] as string;
    const old = p[at.provinceOld] as string;
    const commune = p[at.commune] as string | null;
    return this.residences.get(`${province}:${old}:${commune ?? ''}`, () => {
      const residence: Record<string, unknown> = { province, provinceOld: old };
      if (commune) {
        residence.commune = commune;
        const name = this.communes.name(commune);
        if (name) residence.communeName = name;
      }
      return residence;
    });
  }

  /** From the comma-separated groups of the batch query, in the groups' own order. */
  private healthPriority(groups: string | null): Value {
    return this.conditions.get(groups ?? '', () => ({
      chronicConditions: (groups ? groups.split(',') : [])
        .sort((a, b) => (GROUP_ORDER.get(a) ?? 99) - (GROUP_ORDER.get(b) ?? 99))
        .map((g) => ({ group: g, icd10: chronicConditionGroup(g)?.icd10 ?? '' })),
    }));
  }
}
