// Vaccination records of a batch of people (by CCCD) from the health authority's registry. A read: idempotent, so
// the resilience layer may retry it. The answer is used only after it parses as JSON, conforms to its contract and
// answers exactly the people asked for, each once, with no dose twice; otherwise it is malformed and nothing of it
// is used.
import type { HttpClient } from '../../../src/adapters/http-client.ts';
import type { ContractChecker, Operation } from '../../../src/core/adapter.ts';
import type { Clock } from '../../../src/core/clock.ts';
import { UpstreamMalformedError } from '../../../src/core/upstream-error.ts';
import { upstreamError } from '../errors.ts';

export const VACCINATIONS_PATH = '/v1/vaccinations/batch';
const REQUEST = 'health-authority.vaccinations.request.v1.json';
const ANSWER = 'health-authority.vaccinations.response.v1.json';

export interface VaccinationsRequest { citizenIds: string[] }

export interface UpstreamVaccination { vaccineCode: string; vaccineName: string; dose: number; date: string; place: string }

export interface VaccinationsAnswer {
  people: { citizenId: string; vaccinations: UpstreamVaccination[] }[];
  notFound: string[];
}

export function vaccinationsBatch(http: HttpClient, contracts: ContractChecker, clock: Clock): Operation<VaccinationsRequest, VaccinationsAnswer> {
  return {
    input: REQUEST,
    output: ANSWER,
    idempotent: true,
    async run(input, ctx) {
      let text: string;
      try {
        const res = await http.post<string>(VACCINATIONS_PATH, JSON.stringify({ citizenIds: input.citizenIds }), {
          signal: ctx.signal,
          headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Request-Id': ctx.requestId },
        });
        if (res.status !== 200) throw new UpstreamMalformedError(`health authority answered ${res.status} instead of 200`);
        text = res.data;
      } catch (e) {
        if (e instanceof UpstreamMalformedError) throw e;
        throw upstreamError(e, clock.now());
      }
      return checkedAnswer(text, input.citizenIds, contracts);
    },
  };
}

function checkedAnswer(text: string, asked: readonly string[], contracts: ContractChecker): VaccinationsAnswer {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UpstreamMalformedError('health authority: answer is not JSON', { cause: e });
  }
  const issues = contracts.check(ANSWER, value);
  if (issues.length > 0) {
    const where = issues.slice(0, 3).map((i) => `${i.pointer} ${i.message}`).join('; ');
    throw new UpstreamMalformedError(`health authority: answer violates ${ANSWER}: ${where}`);
  }
  const answer = value as VaccinationsAnswer;
  const pending = new Set(asked);
  const answered = [...answer.people.map((p) => p.citizenId), ...answer.notFound];
  for (const citizenId of answered) {
    if (!pending.delete(citizenId)) throw new UpstreamMalformedError('health authority: answer names a person not asked for, or one person twice');
  }
  if (pending.size > 0) throw new UpstreamMalformedError(`health authority: answer leaves ${pending.size} people unanswered`);
  for (const p of answer.people) {
    const doses = new Set(p.vaccinations.map((v) => `${v.vaccineCode}/${v.dose}`));
    if (doses.size !== p.vaccinations.length) throw new UpstreamMalformedError('health authority: answer lists one dose of a vaccine twice');
  }
  return answer;
}
