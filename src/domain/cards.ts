// The health insurance card code (domain.md 2.1-2.3): group codes, benefit levels by group and date, and the check
// of a 15-character code by its positions.
import { isArmedForcesCardProvince, isOldProvinceCode } from './provinces.ts';

export interface GroupCode {
  readonly code: string;
  readonly who: string;
  /** Benefit level of Decision 1351/QĐ-BHXH (as amended by 1018/QĐ-BHXH); the level before 2026 for CN. */
  readonly level: number;
}

/** The 43 group codes of Decision 1351/QĐ-BHXH, in official order. */
export const GROUP_CODES: readonly GroupCode[] = Object.freeze(
  ([
    ['DN', 'Enterprise employees', 4], ['HX', 'Cooperative employees', 4],
    ['CH', 'Employees of state bodies, public units, armed forces, political/social organisations', 4],
    ['NN', 'Employees of foreign/international organisations in Vietnam', 4], ['TK', 'Employees of other employers', 4],
    ['HC', 'Cadres, civil servants, public employees', 4], ['XK', 'Part-time commune officials', 4],
    ['HT', 'Pensioners; loss-of-capacity allowance', 3], ['TB', 'Work-accident / occupational-disease allowance', 4],
    ['NO', 'Long-term sickness benefit', 4], ['CT', 'Aged 80+ on monthly survivor allowance', 4],
    ['XB', 'Retired commune cadres (paid by social insurance)', 4], ['TN', 'Receiving unemployment benefit', 4],
    ['CS', 'Retired rubber workers (Decision 206/CP)', 4], ['QN', 'Serving military; Government Cipher Board', 5],
    ['CA', 'Public Security officers, soldiers, students', 5], ['CY', 'Cipher staff of ministries and provinces', 5],
    ['XN', 'Retired commune cadres (state budget)', 4], ['MS', 'Former loss-of-capacity recipients (state budget)', 4],
    ['CC', 'Pre-1945 revolutionaries, Heroic Mothers, invalids >= 81%', 1], ['CK', 'Other people with revolutionary merit', 2],
    ['CB', 'Veterans', 2], ['KC', 'Resistance participants, volunteer youth (not CC/CK/CB)', 2],
    ['HD', 'National Assembly / People\'s Council deputies', 4], ['TE', 'Children under 6', 1],
    ['BT', 'On monthly social-protection allowance', 2], ['HN', 'Poor households', 2],
    ['DT', 'Ethnic minorities in difficult areas', 2], ['DK', 'Residents of extremely difficult areas', 2],
    ['XD', 'Residents of island communes/districts', 2], ['TS', 'Martyrs\' relatives', 2],
    ['TC', 'Relatives of people with revolutionary merit', 3], ['TQ', 'Relatives of QN', 4], ['TA', 'Relatives of CA', 4],
    ['TY', 'Relatives of CY', 4], ['HG', 'Organ donors', 4], ['LS', 'Foreign students on Vietnamese state scholarships', 4],
    ['PV', 'Carers of people with revolutionary merit', 4], ['CN', 'Near-poor households', 3], ['HS', 'Pupils', 4],
    ['SV', 'Students', 4], ['GB', 'Farm/forestry/fishery/salt households of average income', 4],
    ['GD', 'Household-based participants', 4],
  ] as const).map(([code, who, level]) => Object.freeze({ code, who, level })),
);

/** Codes outside the 43 (uncertain): accepted with a warning. LH is the 75+ social retirement allowance group. */
export const UNCERTAIN_GROUP_CODES: readonly string[] = Object.freeze(['LH', 'AK', 'TV', 'TG', 'DS', 'HK', 'ND', 'TH', 'TD', 'TU', 'BA']);

/** Levels of the conflicting newer table (uncertain): accepted with a warning. */
const NEWER_TABLE_LEVELS: Readonly<Record<string, number>> = {
  CT: 2, PV: 3, AK: 2, TG: 3, DS: 3, HK: 3, ND: 4, TH: 4, TV: 4, TD: 4, TU: 4, BA: 4,
};

/** Resolution 261/2025/QH15: from 01/01/2026 CN and LH move to level 2; older cards keep the old digit. */
export const LEVEL_CHANGE_DATE = '2026-01-01';
const LEVELS_BEFORE_CHANGE: Readonly<Record<string, number>> = { CN: 3, LH: 4 };
const LEVELS_FROM_CHANGE: Readonly<Record<string, number>> = { CN: 2, LH: 2 };

const OFFICIAL_LEVEL = new Map(GROUP_CODES.map((g) => [g.code, g.level]));

export const CARD_CODE_SHAPE = /^[A-Z]{2}[1-5]\d{12}$/;

export function isGroupCode(code: string): boolean {
  return OFFICIAL_LEVEL.has(code) || UNCERTAIN_GROUP_CODES.includes(code);
}

/** The level a card of `group` issued on `onDate` (YYYY-MM-DD) carries; undefined for an unknown group. */
export function primaryLevel(group: string, onDate: string): number | undefined {
  const changed = LEVELS_FROM_CHANGE[group];
  if (changed !== undefined) return onDate >= LEVEL_CHANGE_DATE ? changed : LEVELS_BEFORE_CHANGE[group];
  return OFFICIAL_LEVEL.get(group) ?? NEWER_TABLE_LEVELS[group];
}

/**
 * Every level accepted for `group` on `onDate`, the one new cards carry first: both tables' levels
 * (CT {4, 2}, PV {4, 3}) and, for CN and LH, both the pre-2026 and the 2026 digit. Empty for an unknown group.
 */
export function allowedLevels(group: string, onDate: string): number[] {
  const primary = primaryLevel(group, onDate);
  if (primary === undefined) return [];
  const levels = [primary];
  for (const extra of [LEVELS_BEFORE_CHANGE[group], LEVELS_FROM_CHANGE[group], OFFICIAL_LEVEL.get(group), NEWER_TABLE_LEVELS[group]]) {
    if (extra !== undefined && !levels.includes(extra)) levels.push(extra);
  }
  return levels;
}

/** Strips spaces and dashes and upper-cases: `hc4-01-0127955384` -> `HC4010127955384`. */
export function normaliseCardCode(s: string): string {
  return s.replace(/[\s-]+/g, '').toUpperCase();
}

export interface CardCodeCheck {
  readonly ok: boolean;
  readonly group?: string;
  readonly level?: number;
  readonly province?: string;
  readonly socialInsuranceNumber?: string;
  readonly warnings: string[];
  /** The first position found wrong: 'level' answers upstream 053, 'province' 052. */
  readonly reason?: 'shape' | 'group' | 'level' | 'province';
}

function levelWarning(group: string, level: number, onDate: string | undefined): string | undefined {
  if (LEVELS_BEFORE_CHANGE[group] !== undefined) {
    if (onDate === undefined) return undefined;
    const expected = primaryLevel(group, onDate);
    if (level === expected) return undefined;
    return onDate >= LEVEL_CHANGE_DATE
      ? `${group}${level} is the level before ${LEVEL_CHANGE_DATE} (older card)`
      : `${group}${level} is the level from ${LEVEL_CHANGE_DATE}`;
  }
  if (OFFICIAL_LEVEL.get(group) !== level) return `${group}${level} is only in a newer, unconfirmed level table`;
  return undefined;
}

function socialInsuranceNumberLooksSuspicious(digits: string): boolean {
  return /^(\d)\1*$/.test(digits);
}

/**
 * Checks a card code position by position (normalised first): shape, group (1-2), benefit level for the group on
 * `onDate` (3), province (4-5). Uncertain groups, newer-table levels, CN/LH's other digit, provinces 97/98 and a
 * BHXH number of one repeated digit pass with a warning. Without `onDate` both CN/LH digits pass silently.
 */
export function checkCardCode(code: string, onDate?: string): CardCodeCheck {
  const s = normaliseCardCode(code);
  const warnings: string[] = [];
  if (!CARD_CODE_SHAPE.test(s)) return { ok: false, warnings, reason: 'shape' };
  const group = s.slice(0, 2);
  const level = Number(s.charAt(2));
  const province = s.slice(3, 5);
  const socialInsuranceNumber = s.slice(5);
  const parsed = { group, level, province, socialInsuranceNumber };
  if (!isGroupCode(group)) return { ok: false, ...parsed, warnings, reason: 'group' };
  if (UNCERTAIN_GROUP_CODES.includes(group)) warnings.push(`group ${group} is outside the 43 codes of Decision 1351 (uncertain)`);
  const accepted = onDate === undefined
    ? [...new Set([...allowedLevels(group, '2000-01-01'), ...allowedLevels(group, LEVEL_CHANGE_DATE)])]
    : allowedLevels(group, onDate);
  if (!accepted.includes(level)) return { ok: false, ...parsed, warnings, reason: 'level' };
  const levelNote = levelWarning(group, level, onDate);
  if (levelNote) warnings.push(levelNote);
  if (isArmedForcesCardProvince(province)) {
    warnings.push(`province ${province} is a ministry's own BHXH office (unconfirmed); it maps to no province`);
  } else if (!isOldProvinceCode(province)) {
    return { ok: false, ...parsed, warnings, reason: 'province' };
  }
  if (socialInsuranceNumberLooksSuspicious(socialInsuranceNumber)) warnings.push('the BHXH number is one repeated digit');
  return { ok: true, ...parsed, warnings };
}
