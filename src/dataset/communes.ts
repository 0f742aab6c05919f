// Synthetic communes of the two-level local administration (since 01/07/2025 the district level is gone and the
// country has 3,321 communes and wards; domain.md 3.2). domain.md has no official list, so the communes are made up:
// 3,321 split among the 34 provinces by weight (largest remainders, at least MIN_PER_PROVINCE each), each province's
// share split equally among the former provinces it was formed from (the same placeholder rule as for residence).
// Code: the post-2025 province code + 3 digits ("79001"), so a code names its province. Names: "Phường <place>" for
// urban wards, "Xã <place>" for rural communes, the place built from a fixed syllable list, unique in its province.
// The list depends on nothing but this file: it is the same for every seed. Residents are spread over the communes
// of their former province with uneven commune sizes, drawn from their own stream.
import { NEW_PROVINCES } from '../domain/provinces.ts';
import type { CommuneTable } from '../store/schema.ts';
import { hashString, keyOf, mix32, Stream, Weighted } from './random.ts';

export const COMMUNES_NATIONALLY = 3321;
const MIN_PER_PROVINCE = 40;
/** Share of wards among the communes of a centrally-run city ("TP ...") and of a province (assumption). */
const WARD_SHARE_IN_CITIES = 0.55;
const WARD_SHARE_ELSEWHERE = 0.12;

const FIELD_COMMUNE = hashString('commune');
const FIELD_RESIDENCE_COMMUNE = hashString('residence-commune');
const LIST_KEY = mix32(hashString('commune-list.v1'));

const PLACE_SYLLABLES = [
  'An', 'Bình', 'Phú', 'Tân', 'Hòa', 'Thạnh', 'Long', 'Mỹ', 'Phước', 'Thuận', 'Đông', 'Tây', 'Nam', 'Bắc', 'Trung',
  'Hưng', 'Lộc', 'Thới', 'Hiệp', 'Vĩnh', 'Quang', 'Thành', 'Hải', 'Sơn', 'Lâm', 'Xuân', 'Hạ', 'Thượng', 'Khánh',
  'Định', 'Lợi', 'Nghĩa', 'Đức', 'Cát', 'Kim', 'Ngọc', 'Minh', 'Tiến', 'Thịnh', 'Hồng', 'Phong', 'Yên', 'Điền', 'Châu',
].map((s) => s.normalize('NFC'));

interface ProvinceCommunes {
  readonly communes: readonly CommuneTable[];
  /** Per former province: its communes weighted by (synthetic) population. */
  readonly residents: ReadonlyMap<string, Weighted<string>>;
}

/** Commune counts per post-2025 province, summing to COMMUNES_NATIONALLY. */
export function communeCounts(): Map<string, number> {
  const spare = COMMUNES_NATIONALLY - MIN_PER_PROVINCE * NEW_PROVINCES.length;
  const total = NEW_PROVINCES.reduce((sum, p) => sum + p.weight, 0);
  const exact = NEW_PROVINCES.map((p) => (spare * p.weight) / total);
  const counts = exact.map((x) => Math.floor(x));
  let left = spare - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, k) => [x - Math.floor(x), k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, k] of byRemainder) {
    if (left-- <= 0) break;
    counts[k] = (counts[k] as number) + 1;
  }
  return new Map(NEW_PROVINCES.map((p, k) => [p.code, MIN_PER_PROVINCE + (counts[k] as number)]));
}

function buildProvince(code: string, name: string, formedFrom: readonly string[], count: number): ProvinceCommunes {
  const wardShare = name.startsWith('TP ') ? WARD_SHARE_IN_CITIES : WARD_SHARE_ELSEWHERE;
  const pairs = PLACE_SYLLABLES.length * (PLACE_SYLLABLES.length - 1);
  const used = new Set<number>();
  const communes: CommuneTable[] = [];
  const weights = new Map<string, [string, number][]>();
  for (let k = 0; k < count; k++) {
    const commune = `${code}${String(k + 1).padStart(3, '0')}`;
    const stream = new Stream(keyOf(LIST_KEY, Number(commune), FIELD_COMMUNE));
    let pair = stream.int(pairs);
    while (used.has(pair)) pair = (pair + 1) % pairs;
    used.add(pair);
    const first = Math.floor(pair / (PLACE_SYLLABLES.length - 1));
    const second = (first + 1 + (pair % (PLACE_SYLLABLES.length - 1))) % PLACE_SYLLABLES.length;
    const ward = stream.chance(wardShare);
    // Former provinces take the communes in turn, so each holds an equal share.
    const old = formedFrom[k % formedFrom.length] as string;
    communes.push({ code: commune, name: `${ward ? 'Phường' : 'Xã'} ${PLACE_SYLLABLES[first]} ${PLACE_SYLLABLES[second]}`, province: code, province_old: old });
    // Wards are denser: 1-4 units of population against 0.5-2 for a rural commune (assumption).
    const size = ward ? 1 + 3 * stream.float() : 0.5 + 1.5 * stream.float();
    const list = weights.get(old) ?? [];
    list.push([commune, size]);
    weights.set(old, list);
  }
  return { communes, residents: new Map([...weights].map(([old, list]) => [old, new Weighted(list)])) };
}

let cache: Map<string, ProvinceCommunes> | undefined;

function provinces(): Map<string, ProvinceCommunes> {
  if (!cache) {
    const counts = communeCounts();
    cache = new Map(NEW_PROVINCES.map((p) => [p.code, buildProvince(p.code, p.name, p.formedFrom, counts.get(p.code) as number)]));
  }
  return cache;
}

/** Every commune, province by province in code order. */
export function allCommunes(): CommuneTable[] {
  return [...provinces().values()].flatMap((p) => p.communes);
}

/** The communes of one post-2025 province (empty for an unknown code). */
export function communesOf(provinceCode: string): readonly CommuneTable[] {
  return provinces().get(provinceCode)?.communes ?? [];
}

/** Where person `index` of a dataset lives, inside their former province `residenceOld` (new province `residenceNew`). */
export function drawResidenceCommune(seedKey: number, index: number, residenceNew: string, residenceOld: string): string {
  const table = provinces().get(residenceNew)?.residents.get(residenceOld);
  if (!table) throw new RangeError(`no communes for former province ${residenceOld} in province ${residenceNew}`);
  return table.draw(new Stream(keyOf(seedKey, index, FIELD_RESIDENCE_COMMUNE)));
}
