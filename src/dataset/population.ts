// Who lives where and how old they are (domain.md 7.2): province weights, age bands, migration, and the provinces
// where the remote-area groups and industrial parks belong. All weights here are assumptions unless domain.md gives them.
import { NEW_PROVINCES, oldCodesOf } from '../domain/provinces.ts';
import { type Stream, Weighted } from './random.ts';

/** Old provinces weighted by residence: each post-2025 province's weight split equally among its former provinces. */
export const RESIDENCE_WEIGHTS = new Weighted<string>(
  NEW_PROVINCES.flatMap((p) => p.formedFrom.map((old) => [old, p.weight / p.formedFrom.length] as const)),
);

/** Post-2025 provinces that draw migrants: Hà Nội, TP Hồ Chí Minh and the industrial provinces (assumption). */
export const MIGRATION_DESTINATIONS: ReadonlySet<string> = new Set(['01', '79', '75', '24', '31', '25', '33', '80']);
/** Share of residents born in another province: ~10% overall (assumption). */
export const BORN_ELSEWHERE_IN_DESTINATIONS = 0.2;
export const BORN_ELSEWHERE_OTHERWISE = 0.03;
/** With `--province`, the share of its residents born outside it. */
export const BORN_ELSEWHERE_IN_ONE_PROVINCE = 0.1;

/** Old provinces where the ethnic-minority and extremely-difficult-area groups DT and DK belong (assumption). */
export const MOUNTAIN_PROVINCES: ReadonlySet<string> = new Set(['02', '04', '06', '08', '10', '11', '12', '14', '15', '17', '20', '62', '64', '66', '67']);
/** Old provinces with island communes or districts, for group XD (assumption). */
export const ISLAND_PROVINCES: ReadonlySet<string> = new Set(['22', '31', '45', '51', '56', '77', '91']);

/** Industrial parks per post-2025 province (assumption: the industrial provinces of domain.md 7.5). */
export const INDUSTRIAL_PARK_COUNTS: Readonly<Record<string, number>> = { '79': 6, '75': 5, '24': 5, '31': 4, '25': 4, '33': 3, '80': 3 };

/** The old residence codes of one post-2025 province, equally weighted. */
export function residenceWeightsIn(newCode: string): Weighted<string> {
  return new Weighted(oldCodesOf(newCode).map((old) => [old, 1] as const));
}

interface AgeBand {
  readonly from: number;
  readonly to: number;
  readonly percent: number;
}

/** domain.md 7.2; the 80+ band is split 80-89 / 90-99 (assumption). */
const AGE_BANDS: readonly AgeBand[] = [
  { from: 0, to: 5, percent: 8 }, { from: 6, to: 17, percent: 17 }, { from: 18, to: 24, percent: 9 },
  { from: 25, to: 39, percent: 24 }, { from: 40, to: 59, percent: 27 }, { from: 60, to: 79, percent: 13 },
  { from: 80, to: 89, percent: 1.6 }, { from: 90, to: 99, percent: 0.4 },
];

const ageTables = new Map<string, Weighted<readonly [number, number]>>();

function ageTable(minAge: number, maxAge: number): Weighted<readonly [number, number]> {
  const key = `${minAge}-${maxAge}`;
  let table = ageTables.get(key);
  if (!table) {
    table = new Weighted(
      AGE_BANDS.flatMap((band) => {
        const from = Math.max(band.from, minAge);
        const to = Math.min(band.to, maxAge);
        if (from > to) return [];
        return [[[from, to] as const, (band.percent * (to - from + 1)) / (band.to - band.from + 1)] as const];
      }),
    );
    ageTables.set(key, table);
  }
  return table;
}

/** An age in whole years from the age-band distribution restricted to [minAge, maxAge]. */
export function drawAge(stream: Stream, minAge = 0, maxAge = 99): number {
  const [from, to] = ageTable(minAge, maxAge).draw(stream);
  return stream.between(from, to);
}
