// The CSV columns of a list, field set by field set in a fixed order: nested values are flattened (coverage,
// employment, residence) or joined with ';' (chronic-condition groups; vaccinations as vaccine:dose:date:place).
import type { CsvColumn } from '../core/row-stream.ts';

type Row = Record<string, unknown>;

const field = (name: string): CsvColumn => ({ name, value: (row) => row[name] as string | number | undefined });
const nested = (name: string, parent: string, key: string): CsvColumn => ({
  name,
  value: (row) => (row[parent] as Row | undefined)?.[key] as string | number | undefined,
});

const COLUMNS: Readonly<Record<string, readonly CsvColumn[]>> = {
  identity: ['fullName', 'birthDate', 'sex', 'citizenId', 'socialInsuranceNumber'].map(field),
  card: ['cardCode', 'benefitLevel', 'validFrom', 'validTo', 'registeredFacility', 'fiveYearDate', 'areaCode'].map(field),
  coverage: [nested('coverageGroupCode', 'coverage', 'groupCode'), nested('coverageStatus', 'coverage', 'status')],
  employment: [
    nested('occupationCategory', 'employment', 'occupationCategory'), nested('employerName', 'employment', 'employerName'),
    nested('employerTaxCode', 'employment', 'employerTaxCode'), nested('industrialPark', 'employment', 'industrialPark'),
  ],
  residence: [
    nested('province', 'residence', 'province'), nested('provinceOld', 'residence', 'provinceOld'), nested('commune', 'residence', 'commune'),
    nested('communeName', 'residence', 'communeName'),
  ],
  'health-priority': [{
    name: 'chronicConditions',
    value: (row) => ((row.healthPriority as { chronicConditions?: { group: string }[] } | undefined)?.chronicConditions ?? []).map((c) => c.group).join(';'),
  }],
  vaccination: [{
    name: 'vaccinations',
    value: (row) =>
      ((row.vaccinations as { vaccine: string; dose: number; date: string; place: string }[] | undefined) ?? [])
        .map((v) => `${v.vaccine}:${v.dose}:${v.date}:${v.place}`)
        .join(';'),
  }],
};

/** Field-set order of the columns, whatever order the sets were granted in. */
const ORDER = ['identity', 'card', 'coverage', 'employment', 'residence', 'health-priority', 'vaccination'];

export function listCsvColumns(fieldSets: readonly string[]): readonly CsvColumn[] {
  return ORDER.filter((set) => fieldSets.includes(set)).flatMap((set) => COLUMNS[set] ?? []);
}
