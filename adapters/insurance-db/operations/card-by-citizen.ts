// The current card of the person with a given CCCD, with its result code.
import { GatewayError } from '../../../src/core/errors.ts';
import type { Operation } from '../../../src/core/adapter.ts';
import { answer, cardStatusCode, currentCard, type CardAnswer } from '../card-answer.ts';
import type { PeopleQueries } from '../people-queries.ts';

export function cardByCitizen(queries: PeopleQueries): Operation<{ citizenId: string }, CardAnswer> {
  return {
    input: 'cards.by-citizen.request.v1.json',
    output: 'insurance-db.card-answer.v1.json',
    idempotent: true,
    async run(input, ctx) {
      const person = await queries.person({ citizenId: input.citizenId }, ctx.provinces);
      if (!person) throw new GatewayError('subject.not_found', 'no insured person with this citizen id');
      const cards = await queries.cards(person.id);
      const card = currentCard(cards);
      if (!card) return answer('050', person);
      return answer(cardStatusCode(card, person, cards, ctx.today), person, card, cards);
    },
  };
}
