// Builds the card answer of a person's card on a given day: which card, its result code, the new card if reissued.
import type { CardTable, PersonTable } from '../../src/store/schema.ts';
import { resultMessage } from './result-codes.ts';

export type PersonRow = PersonTable;
export type CardRow = CardTable;

export interface CardAnswer {
  resultCode: string;
  resultMessage: string;
  citizenId?: string;
  socialInsuranceNumber?: string;
  fullName?: string;
  birthDate?: string;
  sex?: string;
  cardCode?: string;
  benefitLevel?: number;
  validFrom?: string;
  validTo?: string;
  registeredFacility?: string;
  fiveYearDate?: string;
  areaCode?: string;
  newCard?: { cardCode: string; validFrom: string; validTo: string; registeredFacility: string };
}

/** The card a person holds now: the one not replaced by a newer card. */
export function currentCard(cards: readonly CardRow[]): CardRow | undefined {
  return cards.find((c) => c.status !== 'replaced');
}

/** The result code of a card on `today` (YYYY-MM-DD), identity already matched. */
export function cardStatusCode(card: CardRow, person: PersonRow, cards: readonly CardRow[], today: string): string {
  if (card.status === 'replaced') {
    const replacement = cards.find((c) => c.card_code === card.replaced_by);
    if (replacement) return card.valid_to < today ? '003' : '004';
  }
  if (person.deceased_on !== null && person.deceased_on <= today) return '120';
  if (card.status === 'pending') return '130';
  if (card.status === 'withdrawn') return '110';
  if (card.status === 'reduced') return card.status_code ?? '120';
  if (card.valid_to < today || card.valid_from > today) return '010';
  if (card.province_code === '97') return '001';
  if (card.province_code === '98') return '002';
  return '000';
}

export function answer(code: string, person?: PersonRow, card?: CardRow, cards: readonly CardRow[] = []): CardAnswer {
  const out: CardAnswer = { resultCode: code, resultMessage: resultMessage(code) };
  if (person) Object.assign(out, identityOf(person));
  if (card) {
    out.cardCode = card.card_code;
    out.benefitLevel = card.benefit_level;
    out.validFrom = card.valid_from;
    out.validTo = card.valid_to;
    out.registeredFacility = card.facility_code;
    if (card.five_year_date) out.fiveYearDate = card.five_year_date;
    if (card.area_code) out.areaCode = card.area_code;
    const replacement = card.replaced_by ? cards.find((c) => c.card_code === card.replaced_by) : undefined;
    if (replacement) {
      out.newCard = {
        cardCode: replacement.card_code,
        validFrom: replacement.valid_from,
        validTo: replacement.valid_to,
        registeredFacility: replacement.facility_code,
      };
    }
  }
  return out;
}

export function identityOf(person: PersonRow): Pick<CardAnswer, 'citizenId' | 'socialInsuranceNumber' | 'fullName' | 'birthDate' | 'sex'> {
  return {
    citizenId: person.citizen_id,
    socialInsuranceNumber: person.social_insurance_number,
    fullName: person.full_name,
    birthDate: person.birth_date_precision === 'year' ? person.birth_date.slice(0, 4) : person.birth_date,
    sex: person.sex,
  };
}
