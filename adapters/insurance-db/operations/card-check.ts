// The card check: finds the card by card code, BHXH number or CCCD, compares name and birth date (and, when given,
// sex and registered facility), and answers with the result code the card-check service would give.
import type { Operation } from '../../../src/core/adapter.ts';
import { answer, cardStatusCode, currentCard, type CardAnswer, type CardRow, type PersonRow } from '../card-answer.ts';
import { birthDateMatches, nameMismatch } from '../identity-match.ts';
import type { PeopleQueries } from '../people-queries.ts';

export interface CardCheckInput {
  cardCode?: string;
  socialInsuranceNumber?: string;
  citizenId?: string;
  fullName: string;
  birthDate: string;
  sex?: 'male' | 'female';
  registeredFacility?: string;
}

export function cardCheck(queries: PeopleQueries): Operation<CardCheckInput, CardAnswer> {
  return {
    input: 'cards.check.request.v1.json',
    output: 'insurance-db.card-answer.v1.json',
    idempotent: true,
    async run(input, ctx) {
      const key = input.citizenId
        ? { citizenId: input.citizenId }
        : { socialInsuranceNumber: input.socialInsuranceNumber ?? (input.cardCode ?? '').slice(5) };
      const person = await queries.person(key, ctx.provinces);
      if (!person) return answer('050');
      const cards = await queries.cards(person.id);
      const current = currentCard(cards);
      let card: CardRow | undefined = current;
      if (input.cardCode) {
        card = cards.find((c) => c.card_code === input.cardCode);
        if (!card) return answer(current ? codeMismatch(input.cardCode, current) : '050');
      }
      if (!card) return answer('050', person);
      const mismatch = identityMismatch(input, person, card);
      if (mismatch) return answer(mismatch);
      return answer(cardStatusCode(card, person, cards, ctx.today), person, card, cards);
    },
  };
}

/** 051 wrong group, 052 wrong province (characters 4-5), 053 wrong benefit level (character 3). */
function codeMismatch(given: string, card: CardRow): string {
  if (given.slice(0, 2) !== card.group_code) return '051';
  if (given.slice(3, 5) !== card.province_code) return '052';
  if (given.slice(2, 3) !== String(card.benefit_level)) return '053';
  return '051';
}

function identityMismatch(input: CardCheckInput, person: PersonRow, card: CardRow): string | undefined {
  const name = nameMismatch(input.fullName, person.full_name);
  if (name) return name;
  if (!birthDateMatches(input.birthDate, person.birth_date, person.birth_date_precision)) return '070';
  if (input.sex !== undefined && input.sex !== person.sex) return '080';
  if (input.registeredFacility !== undefined && input.registeredFacility !== card.facility_code) return '090';
  return undefined;
}
