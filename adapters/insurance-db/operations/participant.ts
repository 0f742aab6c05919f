// A participant's record for ministries: identity, card, coverage, employment and contribution summary.
import { GatewayError } from '../../../src/core/errors.ts';
import type { Operation } from '../../../src/core/adapter.ts';
import { answer, cardStatusCode, currentCard, type CardAnswer } from '../card-answer.ts';
import type { PeopleQueries, PersonKey } from '../people-queries.ts';

interface Job { employerName: string; taxCode: string; province: string; occupation?: string; since: string; until?: string; industrialPark?: string }

export interface Participant extends CardAnswer {
  coverage: { groupCode?: string; status: 'insured' | 'not-insured' | 'deceased'; insurances: { type: string; since: string; status: string }[] };
  employment: { current: Job | null; past: Job[] };
  contribution: { months: Record<string, number>; lastContributionMonth?: string };
}

export function participant(queries: PeopleQueries, by: 'sin' | 'citizen'): Operation<{ socialInsuranceNumber?: string; citizenId?: string }, Participant> {
  return {
    input: by === 'sin' ? 'participants.by-sin.request.v1.json' : 'participants.by-citizen.request.v1.json',
    output: 'insurance-db.participant.v1.json',
    idempotent: true,
    async run(input, ctx) {
      const key: PersonKey = by === 'sin' ? { socialInsuranceNumber: input.socialInsuranceNumber ?? '' } : { citizenId: input.citizenId ?? '' };
      const person = await queries.person(key, ctx.provinces);
      if (!person) throw new GatewayError('subject.not_found', 'no insured person with this identifier');
      const [cards, coverageRows, jobs] = await Promise.all([queries.cards(person.id), queries.coverage(person.id), queries.employments(person.id)]);
      const card = currentCard(cards);
      const base = card ? answer(cardStatusCode(card, person, cards, ctx.today), person, card, cards) : answer('050', person);
      const toJob = (j: (typeof jobs)[number]): Job => ({
        employerName: j.employer_name,
        taxCode: j.tax_code,
        province: j.province,
        occupation: j.occupation,
        since: j.start_date,
        ...(j.end_date ? { until: j.end_date } : {}),
        ...(j.park_name ? { industrialPark: j.park_name } : {}),
      });
      const months: Record<string, number> = {};
      let last: string | undefined;
      for (const c of coverageRows) {
        months[c.insurance_type] = c.months_contributed;
        if (c.last_contribution_month && (!last || c.last_contribution_month > last)) last = c.last_contribution_month;
      }
      const insured = coverageRows.some((c) => c.status === 'active');
      return {
        ...base,
        coverage: {
          ...(card ? { groupCode: card.group_code } : {}),
          status: person.deceased_on ? 'deceased' : insured ? 'insured' : 'not-insured',
          insurances: coverageRows.map((c) => ({ type: c.insurance_type, since: c.since, status: c.status })),
        },
        employment: {
          current: jobs.filter((j) => j.end_date === null).map(toJob)[0] ?? null,
          past: jobs.filter((j) => j.end_date !== null).map(toJob),
        },
        contribution: { months, ...(last ? { lastContributionMonth: last } : {}) },
      };
    },
  };
}
