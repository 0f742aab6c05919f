// Province codes (domain.md section 3): the 63 provinces before 01/07/2025, the 34 since, the old -> new map,
// and the names, which depend on the date for seven codes.

export interface OldProvince {
  readonly code: string;
  readonly name: string;
  /** The post-2025 province it belongs to. */
  readonly newCode: string;
}

export interface NewProvince {
  readonly code: string;
  readonly name: string;
  /** Every old code that maps to it, itself first. */
  readonly formedFrom: readonly string[];
  /** 2024 population published with the merger; null where it is missing. */
  readonly population2024: number | null;
  /** True for the three rounded figures marked uncertain (Hà Nội, Thanh Hóa, Nghệ An). */
  readonly populationApproximate: boolean;
  /** Relative weight for synthetic data: the population, or PLACEHOLDER_POPULATION where it is missing. */
  readonly weight: number;
  readonly weightIsPlaceholder: boolean;
}

/** The date the 34 provinces replaced the 63 (Resolution 202/2025/QH15). */
export const MERGER_DATE = '2025-07-01';

/** Weight given to the eight provinces whose population is missing (placeholder, not a statistic). */
export const PLACEHOLDER_POPULATION = 1_000_000;

/** Card-province codes of the Defence and Public Security ministries' own BHXH offices (unconfirmed). */
export const DEFENCE_CARD_PROVINCE = '97';
export const POLICE_CARD_PROVINCE = '98';

const OLD_TABLE: readonly (readonly [string, string, string])[] = [
  ['01', 'Hà Nội', '01'], ['02', 'Hà Giang', '08'], ['04', 'Cao Bằng', '04'], ['06', 'Bắc Kạn', '19'],
  ['08', 'Tuyên Quang', '08'], ['10', 'Lào Cai', '15'], ['11', 'Điện Biên', '11'], ['12', 'Lai Châu', '12'],
  ['14', 'Sơn La', '14'], ['15', 'Yên Bái', '15'], ['17', 'Hòa Bình', '25'], ['19', 'Thái Nguyên', '19'],
  ['20', 'Lạng Sơn', '20'], ['22', 'Quảng Ninh', '22'], ['24', 'Bắc Giang', '24'], ['25', 'Phú Thọ', '25'],
  ['26', 'Vĩnh Phúc', '25'], ['27', 'Bắc Ninh', '24'], ['30', 'Hải Dương', '31'], ['31', 'Hải Phòng', '31'],
  ['33', 'Hưng Yên', '33'], ['34', 'Thái Bình', '33'], ['35', 'Hà Nam', '37'], ['36', 'Nam Định', '37'],
  ['37', 'Ninh Bình', '37'], ['38', 'Thanh Hóa', '38'], ['40', 'Nghệ An', '40'], ['42', 'Hà Tĩnh', '42'],
  ['44', 'Quảng Bình', '44'], ['45', 'Quảng Trị', '44'], ['46', 'Thừa Thiên Huế', '46'], ['48', 'Đà Nẵng', '48'],
  ['49', 'Quảng Nam', '48'], ['51', 'Quảng Ngãi', '51'], ['52', 'Bình Định', '52'], ['54', 'Phú Yên', '66'],
  ['56', 'Khánh Hòa', '56'], ['58', 'Ninh Thuận', '56'], ['60', 'Bình Thuận', '68'], ['62', 'Kon Tum', '51'],
  ['64', 'Gia Lai', '52'], ['66', 'Đắk Lắk', '66'], ['67', 'Đắk Nông', '68'], ['68', 'Lâm Đồng', '68'],
  ['70', 'Bình Phước', '75'], ['72', 'Tây Ninh', '80'], ['74', 'Bình Dương', '79'], ['75', 'Đồng Nai', '75'],
  ['77', 'Bà Rịa – Vũng Tàu', '79'], ['79', 'TP Hồ Chí Minh', '79'], ['80', 'Long An', '80'], ['82', 'Tiền Giang', '82'],
  ['83', 'Bến Tre', '86'], ['84', 'Trà Vinh', '86'], ['86', 'Vĩnh Long', '86'], ['87', 'Đồng Tháp', '82'],
  ['89', 'An Giang', '91'], ['91', 'Kiên Giang', '91'], ['92', 'Cần Thơ', '92'], ['93', 'Hậu Giang', '92'],
  ['94', 'Sóc Trăng', '92'], ['95', 'Bạc Liêu', '96'], ['96', 'Cà Mau', '96'],
];

// [code, name, formed from (old codes, itself first), 2024 population or null, approximate?]
const NEW_TABLE: readonly (readonly [string, string, readonly string[], number | null, boolean])[] = [
  ['01', 'TP Hà Nội', ['01'], 8_700_000, true],
  ['04', 'Cao Bằng', ['04'], null, false],
  ['08', 'Tuyên Quang', ['08', '02'], 1_865_270, false],
  ['11', 'Điện Biên', ['11'], null, false],
  ['12', 'Lai Châu', ['12'], null, false],
  ['14', 'Sơn La', ['14'], null, false],
  ['15', 'Lào Cai', ['15', '10'], 1_778_785, false],
  ['19', 'Thái Nguyên', ['19', '06'], 1_799_489, false],
  ['20', 'Lạng Sơn', ['20'], null, false],
  ['22', 'Quảng Ninh', ['22'], null, false],
  ['24', 'Bắc Ninh', ['24', '27'], 3_619_433, false],
  ['25', 'Phú Thọ', ['25', '26', '17'], 4_022_638, false],
  ['31', 'TP Hải Phòng', ['31', '30'], 4_664_124, false],
  ['33', 'Hưng Yên', ['33', '34'], 3_567_943, false],
  ['37', 'Ninh Bình', ['37', '35', '36'], 4_412_264, false],
  ['38', 'Thanh Hóa', ['38'], 3_700_000, true],
  ['40', 'Nghệ An', ['40'], 3_400_000, true],
  ['42', 'Hà Tĩnh', ['42'], null, false],
  ['44', 'Quảng Trị', ['44', '45'], 1_870_845, false],
  ['46', 'TP Huế', ['46'], null, false],
  ['48', 'TP Đà Nẵng', ['48', '49'], 3_065_628, false],
  ['51', 'Quảng Ngãi', ['51', '62'], 2_161_755, false],
  ['52', 'Gia Lai', ['52', '64'], 3_583_693, false],
  ['56', 'Khánh Hòa', ['56', '58'], 2_243_554, false],
  ['66', 'Đắk Lắk', ['66', '54'], 3_346_853, false],
  ['68', 'Lâm Đồng', ['68', '67', '60'], 3_872_999, false],
  ['75', 'Đồng Nai', ['75', '70'], 4_491_408, false],
  ['79', 'TP Hồ Chí Minh', ['79', '74', '77'], 14_002_598, false],
  ['80', 'Tây Ninh', ['80', '72'], 3_254_170, false],
  ['82', 'Đồng Tháp', ['82', '87'], 4_370_046, false],
  ['86', 'Vĩnh Long', ['86', '83', '84'], 4_257_581, false],
  ['91', 'An Giang', ['91', '89'], 4_952_238, false],
  ['92', 'TP Cần Thơ', ['92', '94', '93'], 4_199_824, false],
  ['96', 'Cà Mau', ['96', '95'], 2_606_672, false],
];

export const OLD_PROVINCES: readonly OldProvince[] = Object.freeze(
  OLD_TABLE.map(([code, name, newCode]) => Object.freeze({ code, name, newCode })),
);

export const NEW_PROVINCES: readonly NewProvince[] = Object.freeze(
  NEW_TABLE.map(([code, name, formedFrom, population2024, populationApproximate]) =>
    Object.freeze({
      code,
      name,
      formedFrom: Object.freeze([...formedFrom]),
      population2024,
      populationApproximate,
      weight: population2024 ?? PLACEHOLDER_POPULATION,
      weightIsPlaceholder: population2024 === null,
    }),
  ),
);

const OLD_BY_CODE = new Map(OLD_PROVINCES.map((p) => [p.code, p]));
const NEW_BY_CODE = new Map(NEW_PROVINCES.map((p) => [p.code, p]));

export function isOldProvinceCode(code: string): boolean {
  return OLD_BY_CODE.has(code);
}

export function isNewProvinceCode(code: string): boolean {
  return NEW_BY_CODE.has(code);
}

export function isArmedForcesCardProvince(code: string): boolean {
  return code === DEFENCE_CARD_PROVINCE || code === POLICE_CARD_PROVINCE;
}

/** The post-2025 code of an old or new code (every new code maps to itself); undefined for 97/98 and unknown codes. */
export function toNewProvince(code: string): string | undefined {
  return OLD_BY_CODE.get(code)?.newCode;
}

/** Every old code that maps to a new code, itself included; empty when `newCode` is not a post-2025 code. */
export function oldCodesOf(newCode: string): string[] {
  return [...(NEW_BY_CODE.get(newCode)?.formedFrom ?? [])];
}

/**
 * The name a code stands for on a date (YYYY-MM-DD; default: after the merger). Seven codes changed meaning on
 * 01/07/2025 (e.g. 15 was Yên Bái, is Lào Cai); old codes outside the 34 keep the former province's name.
 */
export function provinceName(code: string, onDate?: string): string | undefined {
  if (code === DEFENCE_CARD_PROVINCE) return 'BHXH Bộ Quốc phòng';
  if (code === POLICE_CARD_PROVINCE) return 'BHXH Bộ Công an';
  const afterMerger = onDate === undefined || onDate >= MERGER_DATE;
  if (afterMerger) {
    const current = NEW_BY_CODE.get(code);
    if (current) return current.name;
  }
  return OLD_BY_CODE.get(code)?.name;
}
