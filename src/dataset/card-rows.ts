// A person's health insurance card rows for their situation: code, level at the issue date, validity, registered
// facility, 5-year date, status; and for a reissue the old card, marked 'replaced' and pointing to the new one.
import { primaryLevel } from '../domain/cards.ts';
import { addMonthsToDayNumber, dateOfDayNumber, dayNumberOf, isoOfDayNumber } from '../domain/dates.ts';
import { DEFENCE_CARD_PROVINCE, OLD_PROVINCES, POLICE_CARD_PROVINCE } from '../domain/provinces.ts';
import type { CardTable } from '../store/schema.ts';
import { type Stream, Weighted } from './random.ts';
import { REDUCTION_CODES, type CardSituation } from './situations.ts';

/** TE cards run to the day before the 72-month birthday. */
const TE_MONTHS = 72;
/** Share of cards running the calendar year (01/01-31/12); the rest run 12 months from their start (assumption). */
const CALENDAR_YEAR_SHARE = 0.6;
/** Share of people covered continuously for long (5-20 years); the rest for 0-5 years (assumption). */
const LONG_COVERAGE_SHARE = 0.7;
/** Share of DT cardholders with a remote-area code; DK and XD always have one (assumption). */
const DT_AREA_CODE_SHARE = 0.3;
/** Facility numbers within a province run 001..150, low numbers (big hospitals) more common. */
const FACILITIES_PER_PROVINCE = 150;
const REDUCTIONS = new Weighted(REDUCTION_CODES);

export interface CardHolder {
  readonly personId: number;
  readonly socialInsuranceNumber: string;
  readonly birthDay: number;
  readonly residenceOld: string;
  readonly group: string;
}

export interface HealthCards {
  /** Newest first: the current card, then the card it replaced. */
  readonly cards: CardTable[];
  /** Day number of the start of continuous coverage, when the person holds a card. */
  readonly coverageSince?: number;
  readonly reductionCode?: string;
}

interface Period {
  readonly from: number;
  readonly to: number;
}

function facilityCode(stream: Stream, province: string): string {
  // Density falling as n^(-2/3); products only, so every engine gives the same number.
  const u = stream.float();
  const n = 1 + Math.floor((FACILITIES_PER_PROVINCE - 1) * u * u * u);
  return `${province}${String(n).padStart(3, '0')}`;
}

function areaCode(stream: Stream, group: string): string | null {
  if (group === 'DK' || group === 'XD' || (group === 'DT' && stream.chance(DT_AREA_CODE_SHARE))) return stream.pick(['K1', 'K2', 'K3']);
  return null;
}

function yearOf(day: number): number {
  return dateOfDayNumber(day).year;
}

function twelveMonthsFrom(from: number): Period {
  return { from, to: addMonthsToDayNumber(from, 12) - 1 };
}

/** A card period containing `asOf`, starting no earlier than `since`. */
function currentPeriod(stream: Stream, asOf: number, since: number): Period {
  if (stream.chance(CALENDAR_YEAR_SHARE)) {
    const year = yearOf(asOf);
    return { from: Math.max(dayNumberOf(year, 1, 1), since), to: dayNumberOf(year, 12, 31) };
  }
  return twelveMonthsFrom(Math.max(asOf - stream.int(365), since));
}

/** A card period that ended before `asOf`. */
function expiredPeriod(stream: Stream, asOf: number): Period {
  if (stream.chance(CALENDAR_YEAR_SHARE)) {
    const year = yearOf(asOf) - 1 - stream.int(2);
    return { from: dayNumberOf(year, 1, 1), to: dayNumberOf(year, 12, 31) };
  }
  const to = asOf - stream.between(1, 365);
  return { from: addMonthsToDayNumber(to + 1, -12), to };
}

function tePeriod(birthDay: number): Period {
  return { from: birthDay, to: addMonthsToDayNumber(birthDay, TE_MONTHS) - 1 };
}

/** Start of continuous coverage: from birth for children, else some years back (never before birth). */
function drawCoverageSince(stream: Stream, holder: CardHolder, asOf: number): number {
  if (holder.group === 'TE') return holder.birthDay;
  const years = stream.chance(LONG_COVERAGE_SHARE) ? 5 + stream.float() * 15 : stream.float() * 5;
  return Math.max(holder.birthDay, asOf - Math.floor(years * 365.2425));
}

/** Any old province other than `code`, for the card of a person who moved. */
function otherProvince(stream: Stream, code: string): string {
  const index = OLD_PROVINCES.findIndex((p) => p.code === code);
  return (OLD_PROVINCES[(index + 1 + stream.int(OLD_PROVINCES.length - 1)) % OLD_PROVINCES.length] as { code: string }).code;
}

interface CardSpec {
  readonly group: string;
  readonly province: string;
  readonly facility: string;
  readonly period: Period;
  readonly issuedOn: number;
  readonly since: number | undefined;
  readonly areaCode: string | null;
  readonly status: string;
  readonly statusCode?: string;
  readonly replacedBy?: string;
  readonly level?: number;
}

function cardRow(holder: CardHolder, spec: CardSpec): CardTable {
  const level = spec.level ?? (primaryLevel(spec.group, isoOfDayNumber(spec.issuedOn)) as number);
  return {
    card_code: `${spec.group}${level}${spec.province}${holder.socialInsuranceNumber}`,
    person_id: holder.personId,
    group_code: spec.group,
    benefit_level: level,
    province_code: spec.province,
    valid_from: isoOfDayNumber(spec.period.from),
    valid_to: isoOfDayNumber(spec.period.to),
    facility_code: spec.facility,
    five_year_date: spec.since === undefined ? null : isoOfDayNumber(addMonthsToDayNumber(spec.since, 60)),
    area_code: spec.areaCode,
    status: spec.status,
    status_code: spec.statusCode ?? null,
    replaced_by: spec.replacedBy ?? null,
    issued_on: isoOfDayNumber(spec.issuedOn),
  };
}

/** A newborn's card in process: TE1, facility = province + 000, not yet known upstream (code 130). */
function pendingCard(stream: Stream, holder: CardHolder, asOf: number): HealthCards {
  const province = holder.residenceOld;
  const card = cardRow(holder, {
    group: 'TE', level: 1, province, facility: `${province}000`, period: tePeriod(holder.birthDay),
    issuedOn: holder.birthDay + stream.int(asOf - holder.birthDay + 1), since: undefined, areaCode: null, status: 'pending',
  });
  return { cards: [card], coverageSince: holder.birthDay };
}

function expiredCard(stream: Stream, holder: CardHolder, asOf: number): HealthCards {
  const province = holder.residenceOld;
  const period = expiredPeriod(stream, asOf);
  const since = Math.min(drawCoverageSince(stream, holder, asOf), period.from);
  const card = cardRow(holder, {
    group: holder.group, province, facility: facilityCode(stream, province), period, issuedOn: period.from, since,
    areaCode: areaCode(stream, holder.group), status: 'active',
  });
  return { cards: [card], coverageSince: since };
}

/** The person moved: the old card, from another province, is 'replaced' by a new one where they live now. */
function reissuedCards(stream: Stream, holder: CardHolder, oldStillValid: boolean, asOf: number): HealthCards {
  const te = holder.group === 'TE';
  let oldPeriod: Period;
  let newFrom: number;
  if (oldStillValid) {
    oldPeriod = te ? tePeriod(holder.birthDay) : twelveMonthsFrom(asOf - stream.between(30, 330));
    newFrom = asOf - stream.int(30);
  } else {
    const oldTo = asOf - stream.between(1, 300);
    oldPeriod = { from: addMonthsToDayNumber(oldTo + 1, -12), to: oldTo };
    newFrom = Math.min(asOf, oldTo + 1 - stream.int(60));
  }
  const since = Math.min(drawCoverageSince(stream, holder, asOf), oldPeriod.from);
  const areaCodeOfBoth = areaCode(stream, holder.group);
  const province = holder.residenceOld;
  const current = cardRow(holder, {
    group: holder.group, province, facility: facilityCode(stream, province), since, areaCode: areaCodeOfBoth, status: 'active',
    period: te ? { from: newFrom, to: tePeriod(holder.birthDay).to } : twelveMonthsFrom(newFrom), issuedOn: newFrom,
  });
  const oldProvince = otherProvince(stream, province);
  const old = cardRow(holder, {
    group: holder.group, province: oldProvince, facility: facilityCode(stream, oldProvince), since, areaCode: areaCodeOfBoth,
    period: oldPeriod, issuedOn: oldPeriod.from, status: 'replaced', replacedBy: current.card_code,
  });
  return { cards: [current, old], coverageSince: since };
}

/** A card in force today: active (also of the ministries' offices 97/98), withdrawn or reduced. */
function cardInForce(stream: Stream, holder: CardHolder, situation: CardSituation, asOf: number): HealthCards {
  const residence = holder.residenceOld;
  const since = drawCoverageSince(stream, holder, asOf);
  const period = holder.group === 'TE' ? tePeriod(holder.birthDay) : currentPeriod(stream, asOf, since);
  const province = situation === 'defence' ? DEFENCE_CARD_PROVINCE : situation === 'police' ? POLICE_CARD_PROVINCE : residence;
  const reductionCode = situation === 'reduced' ? REDUCTIONS.draw(stream) : undefined;
  const card = cardRow(holder, {
    group: holder.group, province, period, issuedOn: period.from, since, areaCode: areaCode(stream, holder.group),
    // Cards of the ministries' own offices register at a facility where the person lives.
    facility: facilityCode(stream, residence),
    status: situation === 'withdrawn' || situation === 'reduced' ? situation : 'active',
    ...(reductionCode ? { statusCode: reductionCode } : {}),
  });
  return { cards: [card], coverageSince: since, ...(reductionCode ? { reductionCode } : {}) };
}

/** The card rows of a person in `situation` on `asOf` (day number). */
export function buildCards(stream: Stream, holder: CardHolder, situation: CardSituation, asOf: number): HealthCards {
  switch (situation) {
    case 'no-card':
      return { cards: [] };
    case 'pending':
      return pendingCard(stream, holder, asOf);
    case 'expired':
      return expiredCard(stream, holder, asOf);
    case 'replaced-valid':
    case 'replaced-expired':
      return reissuedCards(stream, holder, situation === 'replaced-valid', asOf);
    default:
      return cardInForce(stream, holder, situation, asOf);
  }
}
