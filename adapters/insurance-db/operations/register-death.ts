// Death registration (Decree 63/2024, linked procedure 2): the person is marked deceased from the date of death (their
// card then checks as 120, reduced) and a funeral-allowance case is opened for the next of kin named in the event.
import { randomUUID } from 'node:crypto';
import type { Operation } from '../../../src/core/adapter.ts';
import type { Clock } from '../../../src/core/clock.ts';
import { GatewayError } from '../../../src/core/errors.ts';
import type { Store } from '../../../src/store/open.ts';
import { inEventTransaction, personByCitizenId } from '../event-transaction.ts';

export interface DeathRegistration {
  type: 'death-registration';
  eventId: string;
  registeredOn: string;
  deceased: { citizenId: string; dateOfDeath: string };
  nextOfKin: { fullName: string; relationship: string; citizenId: string };
}

export interface DeathRegistered {
  eventId: string;
  eventType: 'death-registration';
  citizenId: string;
  socialInsuranceNumber: string;
  vitalStatus: { deceased: true; dateOfDeath: string };
  funeralAllowanceCase: { caseId: string; state: 'open'; openedAt: string };
}

export function registerDeath(store: Store, clock: Clock): Operation<DeathRegistration, DeathRegistered> {
  return {
    input: 'events.death-registration.v1.json',
    output: 'insurance-db.death-registered.v1.json',
    idempotent: false,
    async run(input, ctx) {
      const { deceased, nextOfKin } = input;
      const refuse = (pointer: string, message: string) => new GatewayError('event.rejected', `the death registration ${message}`, { issues: [{ pointer, message }] });
      if (deceased.dateOfDeath > ctx.today) throw refuse('/deceased/dateOfDeath', 'must not be after today');
      if (input.registeredOn < deceased.dateOfDeath || input.registeredOn > ctx.today) throw refuse('/registeredOn', 'must be between the date of death and today');
      return inEventTransaction(store, ctx, async (db) => {
        const person = await personByCitizenId(db, deceased.citizenId);
        if (!person) throw new GatewayError('subject.not_found', 'no insured person with this citizen id');
        if (person.deceased_on !== null) throw new GatewayError('event.conflict', 'this person is already registered as deceased');
        if (deceased.dateOfDeath < person.birth_date) throw refuse('/deceased/dateOfDeath', 'must not be before the birth date');
        await db.updateTable('people').set({ deceased_on: deceased.dateOfDeath }).where('id', '=', person.id).execute();
        const opened = { caseId: `FA-${randomUUID()}`, state: 'open' as const, openedAt: new Date(clock.now()).toISOString() };
        await db
          .insertInto('funeral_allowance_cases')
          .values({
            id: opened.caseId,
            event_id: input.eventId,
            person_id: person.id,
            date_of_death: deceased.dateOfDeath,
            next_of_kin_name: nextOfKin.fullName.normalize('NFC').trim().replace(/\s+/g, ' '),
            next_of_kin_relationship: nextOfKin.relationship,
            next_of_kin_citizen_id: nextOfKin.citizenId,
            opened_at: opened.openedAt,
            state: opened.state,
          })
          .execute();
        return {
          eventId: input.eventId,
          eventType: 'death-registration',
          citizenId: person.citizen_id,
          socialInsuranceNumber: person.social_insurance_number,
          vitalStatus: { deceased: true, dateOfDeath: deceased.dateOfDeath },
          funeralAllowanceCase: opened,
        };
      });
    },
  };
}
