// Birth registration of a child under 6 (Decree 63/2024, linked procedure 1): the child becomes an insured person
// with a TE health card, issued at once (the card check answers 000): level 1, province and registered facility of
// the parents' residence (the province's newborn facility code <province>000, domain.md 2.1, until the parents
// choose one), valid from birth to the day before the 72-month birthday.
import type { Operation } from '../../../src/core/adapter.ts';
import { GatewayError } from '../../../src/core/errors.ts';
import { primaryLevel } from '../../../src/domain/cards.ts';
import { parseCitizenId } from '../../../src/domain/citizen-id.ts';
import { addMonthsToDayNumber, ageInMonths, dayNumber, isoOfDayNumber } from '../../../src/domain/dates.ts';
import { toNewProvince } from '../../../src/domain/provinces.ts';
import { allocatePerson } from '../../../src/store/new-people.ts';
import type { Store } from '../../../src/store/open.ts';
import type { CardTable, PersonTable } from '../../../src/store/schema.ts';
import { inEventTransaction, personByCitizenId } from '../event-transaction.ts';

export interface BirthRegistration {
  type: 'birth-registration';
  eventId: string;
  registeredOn: string;
  child: { citizenId: string; fullName: string; birthDate: string; sex: 'male' | 'female' };
  parent: { citizenId: string; relationship: string };
  residence: { province: string };
}

export interface BirthRegistered {
  eventId: string;
  eventType: 'birth-registration';
  citizenId: string;
  socialInsuranceNumber: string;
  fullName: string;
  birthDate: string;
  sex: string;
  cardCode: string;
  benefitLevel: number;
  validFrom: string;
  validTo: string;
  registeredFacility: string;
  fiveYearDate: string;
}

/** TE cards: children under 72 months (domain.md 2.3). */
const TE_MONTHS = 72;
const FIVE_YEARS_MONTHS = 60;

export function registerBirth(store: Store): Operation<BirthRegistration, BirthRegistered> {
  return {
    input: 'events.birth-registration.v1.json',
    output: 'insurance-db.birth-registered.v1.json',
    idempotent: false,
    async run(input, ctx) {
      const { child } = input;
      const province = checkBirth(input, ctx.today);
      return inEventTransaction(store, ctx, async (db) => {
        if (await personByCitizenId(db, child.citizenId)) throw new GatewayError('event.conflict', 'a person with this citizen id is already insured');
        const numbers = await allocatePerson(db);
        const birthDay = dayNumber(child.birthDate);
        const person: PersonTable = {
          id: numbers.id,
          citizen_id: child.citizenId,
          social_insurance_number: numbers.socialInsuranceNumber,
          full_name: child.fullName.normalize('NFC').trim().replace(/\s+/g, ' '),
          birth_date: child.birthDate,
          birth_date_precision: 'day',
          sex: child.sex,
          birth_province: child.citizenId.slice(1, 3),
          residence_province: province,
          residence_province_old: input.residence.province,
          deceased_on: null,
          synthetic: 0,
        };
        const level = primaryLevel('TE', ctx.today) as number;
        const card: CardTable = {
          card_code: `TE${level}${province}${numbers.socialInsuranceNumber}`,
          person_id: person.id,
          group_code: 'TE',
          benefit_level: level,
          province_code: province,
          valid_from: child.birthDate,
          valid_to: isoOfDayNumber(addMonthsToDayNumber(birthDay, TE_MONTHS) - 1),
          facility_code: `${province}000`,
          five_year_date: isoOfDayNumber(addMonthsToDayNumber(birthDay, FIVE_YEARS_MONTHS)),
          area_code: null,
          status: 'active',
          status_code: null,
          replaced_by: null,
          issued_on: ctx.today,
        };
        await db.insertInto('people').values(person).execute();
        await db.insertInto('cards').values(card).execute();
        await db
          .insertInto('coverage')
          .values({
            person_id: person.id, insurance_type: 'health', since: child.birthDate, status: 'active',
            months_contributed: ageInMonths(child.birthDate, ctx.today), last_contribution_month: ctx.today.slice(0, 7),
          })
          .execute();
        return {
          eventId: input.eventId,
          eventType: 'birth-registration',
          citizenId: person.citizen_id,
          socialInsuranceNumber: person.social_insurance_number,
          fullName: person.full_name,
          birthDate: person.birth_date,
          sex: person.sex,
          cardCode: card.card_code,
          benefitLevel: card.benefit_level,
          validFrom: card.valid_from,
          validTo: card.valid_to,
          registeredFacility: card.facility_code,
          fiveYearDate: card.five_year_date as string,
        };
      });
    },
  };
}

/** The event must describe a child under 6 whose CCCD agrees with birth date and sex; returns the card's province. */
function checkBirth(input: BirthRegistration, today: string): string {
  const { child } = input;
  const refuse = (pointer: string, message: string) => new GatewayError('event.rejected', `the birth registration ${message}`, { issues: [{ pointer, message }] });
  if (child.birthDate > today) throw refuse('/child/birthDate', 'must not be after today');
  if (ageInMonths(child.birthDate, today) >= TE_MONTHS) throw refuse('/child/birthDate', 'must be less than 72 months ago (TE cards are for children under 6)');
  if (input.registeredOn < child.birthDate || input.registeredOn > today) throw refuse('/registeredOn', 'must be between the birth date and today');
  const parts = parseCitizenId(child.citizenId, today);
  if (!parts || parts.birthYear !== Number(child.birthDate.slice(0, 4)) || parts.sex !== child.sex) {
    throw refuse('/child/citizenId', 'must agree with the birth date and sex (century/sex digit and year)');
  }
  const province = toNewProvince(input.residence.province);
  if (!province) throw refuse('/residence/province', 'must be a province of residence (not 97/98)');
  return province;
}
