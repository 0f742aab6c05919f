// Stores a driver health-check result pushed by the health authority with the person it concerns. The check id is
// the idempotency key: the same result sent again (or concurrently) is stored once and answered alike; another
// result under a used id is a conflict.
import type { Operation } from '../../../src/core/adapter.ts';
import type { Clock } from '../../../src/core/clock.ts';
import { GatewayError } from '../../../src/core/errors.ts';
import type { Store } from '../../../src/store/open.ts';
import type { HealthCheckTable } from '../../../src/store/schema.ts';
import type { PeopleQueries } from '../people-queries.ts';

export interface HealthCheckInput {
  checkId: string;
  citizenId: string;
  checkDate: string;
  facility: string;
  licenceClass: string;
  result: 'fit' | 'unfit' | 'conditional';
  conditions?: string;
}

export interface HealthCheckStored { checkId: string; status: 'stored'; receivedAt: string }

export function submitHealthCheck(queries: PeopleQueries, store: Store, clock: Clock): Operation<HealthCheckInput, HealthCheckStored> {
  return {
    input: 'health-checks.submit.request.v1.json',
    output: 'insurance-db.health-check-stored.v1.json',
    idempotent: true,
    async run(input, ctx) {
      if (input.checkDate > ctx.today) {
        throw new GatewayError('contract.request_invalid', 'the check date is in the future', {
          issues: [{ pointer: '/checkDate', message: 'must not be after today' }],
        });
      }
      const person = await queries.person({ citizenId: input.citizenId }, ctx.provinces);
      if (!person) throw new GatewayError('subject.not_found', 'no insured person with this citizen id');
      const row: HealthCheckTable = {
        check_id: input.checkId,
        person_id: person.id,
        check_date: input.checkDate,
        facility: input.facility,
        licence_class: input.licenceClass,
        result: input.result,
        conditions: input.conditions?.normalize('NFC') ?? null,
        submitted_by: ctx.partner,
        received_at: new Date(clock.now()).toISOString(),
      };
      await store.db.insertInto('health_checks').values(row).onConflict((oc) => oc.column('check_id').doNothing()).execute();
      const kept = await store.db.selectFrom('health_checks').selectAll().where('check_id', '=', input.checkId).executeTakeFirstOrThrow();
      if (!sameResult(kept, row)) throw new GatewayError('healthcheck.conflict', 'this check id already holds a different result');
      return { checkId: kept.check_id, status: 'stored', receivedAt: kept.received_at };
    },
  };
}

function sameResult(a: HealthCheckTable, b: HealthCheckTable): boolean {
  const fields = ['person_id', 'check_date', 'facility', 'licence_class', 'result', 'conditions', 'submitted_by'] as const;
  return fields.every((f) => a[f] === b[f]);
}
