// Full names `Họ [Đệm] Tên` drawn with the frequencies of domain.md 7.4, in NFC.
import { FAMILY_NAMES, type FamilyName, familyNameFor, GIVEN_NAMES, MIDDLE_NAMES } from '../domain/names.ts';
import { type Stream, Weighted } from './random.ts';

const FAMILY = new Weighted<FamilyName>(FAMILY_NAMES.map((f) => [f, f.percent]));
const GIVEN: Readonly<Record<'male' | 'female', Weighted<string>>> = {
  male: new Weighted(GIVEN_NAMES.filter((g) => g.sex !== 'female').map((g) => [g.name, g.percent])),
  female: new Weighted(GIVEN_NAMES.filter((g) => g.sex !== 'male').map((g) => [g.name, g.percent])),
};

/** Shares of people with no middle name and with two (assumption). */
const NO_MIDDLE_NAME = 0.03;
const TWO_MIDDLE_NAMES = 0.08;

/** Share of the traditional middle name (Văn, Thị): 60% for people born up to 1970, 10% from 2010, linear between (assumption). */
function traditionalMiddleShare(birthYear: number): number {
  const t = Math.min(1, Math.max(0, (birthYear - 1970) / 40));
  return 0.6 - 0.5 * t;
}

function pickExcept(stream: Stream, names: readonly string[], except: readonly string[]): string {
  const candidates = names.filter((n) => !except.includes(n));
  return stream.pick(candidates);
}

export function drawFullName(stream: Stream, sex: 'male' | 'female', birthYear: number, birthProvince: string): string {
  const family = familyNameFor(FAMILY.draw(stream), birthProvince);
  const given = GIVEN[sex].draw(stream);
  const middles = MIDDLE_NAMES[sex];
  const traditional = middles[0] as string;
  const shape = stream.float();
  const parts = [family];
  if (shape >= NO_MIDDLE_NAME) {
    const first = stream.chance(traditionalMiddleShare(birthYear)) ? traditional : pickExcept(stream, middles, [traditional, given]);
    parts.push(first);
    if (shape < NO_MIDDLE_NAME + TWO_MIDDLE_NAMES) parts.push(pickExcept(stream, middles, [traditional, first, given]));
  }
  parts.push(given);
  return parts.join(' ').normalize('NFC');
}
