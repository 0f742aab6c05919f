// A person's driver health checks, newest first, with their identity: what the transport ministry reads.
import type { Operation } from '../../../src/core/adapter.ts';
import { GatewayError } from '../../../src/core/errors.ts';
import type { Store } from '../../../src/store/open.ts';
import { identityOf } from '../card-answer.ts';
import type { PeopleQueries } from '../people-queries.ts';

export interface HealthCheck {
  checkId: string;
  checkDate: string;
  facility: string;
  licenceClass: string;
  result: string;
  conditions?: string;
  submittedBy: string;
  receivedAt: string;
}

export type PersonHealthChecks = ReturnType<typeof identityOf> & { healthChecks: HealthCheck[] };

export function healthChecksByCitizen(queries: PeopleQueries, store: Store): Operation<{ citizenId: string }, PersonHealthChecks> {
  return {
    input: 'health-checks.by-citizen.request.v1.json',
    output: 'insurance-db.health-checks.v1.json',
    idempotent: true,
    async run(input, ctx) {
      const person = await queries.person({ citizenId: input.citizenId }, ctx.provinces);
      if (!person) throw new GatewayError('subject.not_found', 'no insured person with this citizen id');
      const rows = await store.db
        .selectFrom('health_checks')
        .selectAll()
        .where('person_id', '=', person.id)
        .orderBy('check_date', 'desc')
        .orderBy('received_at', 'desc')
        .limit(1000)
        .execute();
      return {
        ...identityOf(person),
        healthChecks: rows.map((r) => ({
          checkId: r.check_id,
          checkDate: r.check_date,
          facility: r.facility,
          licenceClass: r.licence_class,
          result: r.result,
          ...(r.conditions !== null ? { conditions: r.conditions } : {}),
          submittedBy: r.submitted_by,
          receivedAt: r.received_at,
        })),
      };
    },
  };
}
