// The population database's record of person i of the synthetic dataset: the person's true identity, which the
// insurance database's copy (the generated person) gets slightly wrong for a realistic few percent of people (about
// 3.9%): a tone mark placed the old way ("Hoà" for "Hòa") or dropped, a middle name missing, a misspelt letter, a
// birth date off by days or by a year, a CCCD since replaced by a new number, or (rarely) a CCCD the population
// database does not know at all (a number mistyped when the insurance record was made). Drawn from its own stream keyed by
// (seed, person id), so it depends on nobody else and adds nothing to the generator's other draws. People whose
// birth date is known only by its year are recorded by year alone ("1948"), and compare at that precision.
import { MIDDLE_NAMES } from '../domain/names.ts';
import type { PersonTable } from '../store/schema.ts';
import { addDays } from '../domain/dates.ts';
import { hashString, keyOf, mix32, Stream } from './random.ts';

export type PopulationDiscrepancy =
  | 'none'
  | 'name-tone-placement'
  | 'name-diacritic-dropped'
  | 'name-middle-missing'
  | 'name-spelling'
  | 'birth-date-days'
  | 'birth-date-year'
  | 'citizen-id-replaced'
  | 'not-registered';

export interface PopulationRecord {
  /** The person's current CCCD. */
  readonly citizenId: string;
  /** The number the insurance database still holds, when the population database has since replaced it. */
  readonly formerCitizenId?: string;
  readonly fullName: string;
  /** YYYY-MM-DD, or YYYY when only the year is known. */
  readonly birthDate: string;
  readonly sex: 'male' | 'female';
  /** How the insurance database's copy differs (for tests and reports; never sent upstream); 'not-registered':
   * the population database holds no record under the insurance database's number. */
  readonly discrepancy: PopulationDiscrepancy;
}

/** Cumulative shares of each discrepancy (assumptions sized on domain.md section 4.3: diacritics, spelling, DOB). */
const SHARES: readonly (readonly [PopulationDiscrepancy, number])[] = [
  ['name-tone-placement', 0.010],
  ['name-diacritic-dropped', 0.006],
  ['name-middle-missing', 0.006],
  ['name-spelling', 0.003],
  ['birth-date-days', 0.008],
  ['birth-date-year', 0.002],
  ['citizen-id-replaced', 0.003],
  ['not-registered', 0.001],
];

const FIELD = hashString('population-record');
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/u;
/** Old-style tone placement (on the second vowel) and the new style (on the first), for syllable-final pairs. */
const TONE_PAIRS: readonly (readonly [string, string])[] = [
  ['oà', 'òa'], ['oá', 'óa'], ['oả', 'ỏa'], ['oã', 'õa'], ['oạ', 'ọa'],
  ['oè', 'òe'], ['oé', 'óe'], ['oẻ', 'ỏe'], ['oẽ', 'õe'], ['oẹ', 'ọe'],
  ['uỳ', 'ùy'], ['uý', 'úy'], ['uỷ', 'ủy'], ['uỹ', 'ũy'], ['uỵ', 'ụy'],
].map(([a, b]) => [a.normalize('NFC'), b.normalize('NFC')] as const);

export function populationRecord(seed: number, person: PersonTable): PopulationRecord {
  const stream = new Stream(keyOf(mix32(seed), person.id, FIELD));
  const u = stream.float();
  let discrepancy: PopulationDiscrepancy = 'none';
  let cumulative = 0;
  for (const [kind, share] of SHARES) {
    cumulative += share;
    if (u < cumulative) {
      discrepancy = kind;
      break;
    }
  }
  const yearOnly = person.birth_date_precision === 'year';
  if (yearOnly && discrepancy === 'birth-date-days') discrepancy = 'birth-date-year';
  const sex = person.sex === 'female' ? 'female' : 'male';
  const base = { citizenId: person.citizen_id, fullName: person.full_name, birthDate: yearOnly ? person.birth_date.slice(0, 4) : person.birth_date, sex } as const;
  switch (discrepancy) {
    case 'none':
    case 'not-registered':
      return { ...base, discrepancy };
    case 'name-tone-placement': {
      const moved = swapTonePlacement(person.full_name);
      if (moved !== undefined) return { ...base, fullName: moved, discrepancy };
      return { ...base, fullName: dropDiacritic(person.full_name) ?? misspell(person.full_name), discrepancy: 'name-diacritic-dropped' };
    }
    case 'name-diacritic-dropped': {
      const dropped = dropDiacritic(person.full_name);
      if (dropped !== undefined) return { ...base, fullName: dropped, discrepancy };
      return { ...base, fullName: misspell(person.full_name), discrepancy: 'name-spelling' };
    }
    case 'name-middle-missing':
      return { ...base, fullName: withExtraMiddleName(stream, person.full_name, sex), discrepancy };
    case 'name-spelling':
      return { ...base, fullName: misspell(person.full_name), discrepancy };
    case 'birth-date-days': {
      const days = stream.between(1, 28) * (stream.chance(0.5) ? 1 : -1);
      return { ...base, birthDate: addDays(person.birth_date, days), discrepancy };
    }
    case 'birth-date-year': {
      const year = Number(person.birth_date.slice(0, 4)) + (stream.chance(0.5) ? 1 : -1);
      const monthDay = person.birth_date.slice(4) === '-02-29' ? '-02-28' : person.birth_date.slice(4);
      return { ...base, birthDate: yearOnly ? String(year) : `${year}${monthDay}`, discrepancy };
    }
    case 'citizen-id-replaced': {
      const lastSix = Number(person.citizen_id.slice(6));
      const replaced = (lastSix + 1 + stream.int(999_999)) % 1_000_000;
      return { ...base, citizenId: `${person.citizen_id.slice(0, 6)}${String(replaced).padStart(6, '0')}`, formerCitizenId: person.citizen_id, discrepancy };
    }
  }
}

/** "Thủy" -> "Thuỷ", "Hòa" -> "Hoà" (and back): the other placement of a syllable-final tone mark, if any. */
function swapTonePlacement(name: string): string | undefined {
  const words = name.split(' ');
  for (let w = words.length - 1; w >= 0; w--) {
    const word = words[w] as string;
    for (const [oldStyle, newStyle] of TONE_PAIRS) {
      for (const [from, to] of [[oldStyle, newStyle], [newStyle, oldStyle]] as const) {
        const stem = word.slice(0, word.length - from.length);
        if (word.toLowerCase().endsWith(from) && !/q$/i.test(stem)) {
          words[w] = stem + to;
          return words.join(' ');
        }
      }
    }
  }
  return undefined;
}

/** The last tone mark of the name removed ("Nguyễn Văn Dũng" -> "Nguyễn Văn Dung"), if it has one. */
function dropDiacritic(name: string): string | undefined {
  const letters = [...name.normalize('NFD')];
  for (let k = letters.length - 1; k >= 0; k--) {
    if (TONE_MARKS.test(letters[k] as string)) {
      letters.splice(k, 1);
      return letters.join('').normalize('NFC');
    }
  }
  return undefined;
}

/** One letter wrong: Đ written D, a final y written i, or else the given name's last two letters swapped. */
function misspell(name: string): string {
  if (name.includes('Đ')) return name.replace('Đ', 'D');
  if (name.includes('đ')) return name.replace('đ', 'd');
  const words = name.split(' ');
  const given = words[words.length - 1] as string;
  if (given.length >= 2 && given.endsWith('y')) words[words.length - 1] = `${given.slice(0, -1)}i`;
  else if (given.length >= 2) words[words.length - 1] = given.slice(0, -2) + given.slice(-1) + given.slice(-2, -1);
  else words[words.length - 1] = given + given;
  return words.join(' ');
}

/** The name with a middle name the insurance record lacks, inserted before the given name. */
function withExtraMiddleName(stream: Stream, name: string, sex: 'male' | 'female'): string {
  const words = name.split(' ');
  const candidates = MIDDLE_NAMES[sex].filter((m) => !words.includes(m));
  const middle = stream.pick(candidates.length > 0 ? candidates : MIDDLE_NAMES[sex]);
  return [...words.slice(0, -1), middle, ...words.slice(-1)].join(' ').normalize('NFC');
}
