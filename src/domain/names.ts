// Vietnamese names (domain.md 7.4): family names with frequencies and the southern forms, given names with
// frequencies and sex, middle names by sex, all NFC; and the folding used to compare names in card checks.

export type NameSex = 'male' | 'female' | 'either';

export interface FamilyName {
  readonly name: string;
  /** The southern form (Huỳnh for Hoàng, Võ for Vũ), used from Đà Nẵng/Quảng Nam southwards (assumption). */
  readonly southernName?: string;
  /** Percent of people; for the names after the top 14, an assumed share of the remaining 10.9%. */
  readonly percent: number;
  readonly percentAssumed: boolean;
}

export interface GivenName {
  readonly name: string;
  /** Percent of a sample of about 115,000 names; PLACEHOLDER_GIVEN_NAME_PERCENT where none is published. */
  readonly percent: number;
  readonly percentAssumed: boolean;
  readonly sex: NameSex;
}

const nfc = (s: string): string => s.normalize('NFC');

const TOP_FAMILY_NAMES: readonly (readonly [string, number, string?])[] = [
  ['Nguyễn', 38.4], ['Trần', 11.0], ['Lê', 9.5], ['Phạm', 7.1], ['Hoàng', 5.1, 'Huỳnh'], ['Phan', 4.5], ['Vũ', 3.9, 'Võ'],
  ['Đặng', 2.1], ['Bùi', 2.0], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1.0], ['Lý', 0.5],
];

/** The rest, in falling frequency (no published figures). */
const OTHER_FAMILY_NAMES: readonly string[] = [
  'Trương', 'Đinh', 'Đoàn', 'Đào', 'Trịnh', 'Hà', 'Mai', 'Lương', 'Cao', 'Phùng', 'Lưu', 'Lâm', 'Tạ', 'Chu', 'Vương',
  'Thái', 'Quách', 'Triệu', 'Tô', 'Kiều', 'Nông', 'Châu', 'Đàm', 'La',
];

const TOP_SHARE = TOP_FAMILY_NAMES.reduce((sum, [, p]) => sum + p, 0);
// Assumption: the remaining share falls linearly along the list (24, 23, ... 1 parts).
const OTHER_PARTS = (OTHER_FAMILY_NAMES.length * (OTHER_FAMILY_NAMES.length + 1)) / 2;

export const FAMILY_NAMES: readonly FamilyName[] = Object.freeze([
  ...TOP_FAMILY_NAMES.map(([name, percent, southernName]) =>
    Object.freeze({ name: nfc(name), percent, percentAssumed: false, ...(southernName ? { southernName: nfc(southernName) } : {}) }),
  ),
  ...OTHER_FAMILY_NAMES.map((name, k) =>
    Object.freeze({ name: nfc(name), percent: ((100 - TOP_SHARE) * (OTHER_FAMILY_NAMES.length - k)) / OTHER_PARTS, percentAssumed: true }),
  ),
]);

/** Weight for given names that are listed by sex but have no published frequency (assumption: below the least listed, 0.72). */
export const PLACEHOLDER_GIVEN_NAME_PERCENT = 0.7;

const GIVEN_NAME_PERCENT: Readonly<Record<string, number>> = {
  Anh: 3.43, Linh: 2.2, Phương: 1.78, Thanh: 1.63, Nhi: 1.24, Trang: 1.23, Hùng: 1.21,
  // "Dũng/Dung 1.19" split evenly between the male and female name (assumption).
  Dũng: 0.595, Dung: 0.595,
  Minh: 1.17, Thủy: 1.17, Huy: 1.13, Ngọc: 1.06, Vy: 1.05, Tiến: 1.05, Thảo: 1.04, Thu: 1.02, An: 1.02, Hà: 0.97,
  Hương: 0.96, Hoa: 0.9, Ngân: 0.89, Hiếu: 0.88, Duy: 0.87, Khánh: 0.87, My: 0.85, Tuấn: 0.85, Hiền: 0.83, Nam: 0.81,
  Đức: 0.81, Uyên: 0.79, Sơn: 0.77, Quỳnh: 0.75, Đạt: 0.74, Long: 0.72,
};

const GIVEN_NAMES_BY_SEX: Readonly<Record<NameSex, readonly string[]>> = {
  male: ['Hùng', 'Dũng', 'Minh', 'Huy', 'Tiến', 'Hiếu', 'Duy', 'Tuấn', 'Nam', 'Đức', 'Sơn', 'Đạt', 'Long', 'Phúc', 'Cường',
    'Hải', 'Thắng', 'Trung', 'Quang', 'Bình', 'Phong', 'Quân', 'Vinh', 'Khoa', 'Tùng'],
  female: ['Linh', 'Phương', 'Nhi', 'Trang', 'Thủy', 'Ngọc', 'Vy', 'Thảo', 'Thu', 'Hà', 'Hương', 'Hoa', 'Ngân', 'My', 'Hiền',
    'Uyên', 'Quỳnh', 'Giang', 'Huyền', 'Yến', 'Mai', 'Trâm', 'Hằng', 'Nga', 'Hạnh', 'Lan', 'Dung'],
  either: ['Anh', 'Thanh', 'Khánh', 'An', 'Tú'],
};

export const GIVEN_NAMES: readonly GivenName[] = Object.freeze(
  (['male', 'female', 'either'] as const).flatMap((sex) =>
    GIVEN_NAMES_BY_SEX[sex].map((name) => {
      const percent = GIVEN_NAME_PERCENT[name];
      return Object.freeze({
        name: nfc(name),
        percent: percent ?? PLACEHOLDER_GIVEN_NAME_PERCENT,
        percentAssumed: percent === undefined,
        sex,
      });
    }),
  ),
);

/** Middle names by sex, the traditional one (Văn, Thị) first; it dominates older cohorts. */
export const MIDDLE_NAMES: Readonly<Record<'male' | 'female', readonly string[]>> = Object.freeze({
  male: Object.freeze(['Văn', 'Đức', 'Minh', 'Quốc', 'Hữu', 'Thành', 'Công', 'Xuân', 'Trọng', 'Gia', 'Hoàng'].map(nfc)),
  female: Object.freeze(['Thị', 'Ngọc', 'Thu', 'Thanh', 'Phương', 'Kim', 'Minh', 'Bảo', 'Khánh'].map(nfc)),
});

/** Đà Nẵng (48) and the old provinces south of it, where Huỳnh and Võ replace Hoàng and Vũ (assumption). */
export function isSouthernProvince(oldCode: string): boolean {
  return Number(oldCode) >= 48;
}

/** The form of a family name used for someone born in `oldProvinceCode`. */
export function familyNameFor(family: FamilyName, oldProvinceCode: string): string {
  return family.southernName !== undefined && isSouthernProvince(oldProvinceCode) ? family.southernName : family.name;
}

/** NFC, trimmed, inner whitespace collapsed, upper case: how card checks compare names (`NGUYỄN VĂN AN`). */
export function foldName(s: string): string {
  return s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleUpperCase('vi').normalize('NFC');
}
