// Platform events for tests: a platform partner, well-formed events, and CCCDs that belong to nobody yet.
import type { Store } from '../../src/store/open.ts';
import type { PartnerSpec } from './gateway.ts';

export const PLATFORM: PartnerSpec = {
  id: 'ndxp',
  kind: 'platform',
  scopes: ['events.submit'],
  purposes: ['civil-registration', 'benefit-eligibility'],
  fieldSets: ['identity', 'card', 'vital-status', 'contribution', 'employment'],
};

let sequence = 0;

/** A fresh event id, unique within the test run. */
export function eventId(prefix = 'evt'): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${String(sequence).padStart(6, '0')}`;
}

/** A well-formed CCCD registered in `province` (old code) for someone born in `birthYear` of `sex` that nobody in the store holds. */
export async function freshCitizenId(store: Store, birthYear: number, sex: 'male' | 'female', province = '79'): Promise<string> {
  const digit = 2 * (Math.floor(birthYear / 100) - 19) + (sex === 'female' ? 1 : 0);
  const prefix = `0${province}${digit}${String(birthYear % 100).padStart(2, '0')}`;
  for (let i = 0; ; i++) {
    sequence += 1;
    const candidate = `${prefix}${String((700_000 + sequence * 7 + i) % 1_000_000).padStart(6, '0')}`;
    const hit = await store.db.selectFrom('people').select('id').where('citizen_id', '=', candidate).executeTakeFirst();
    if (!hit) return candidate;
  }
}

export function birthEvent(o: { eventId: string; citizenId: string; birthDate: string; sex?: 'male' | 'female'; province?: string; registeredOn?: string }) {
  return {
    type: 'birth-registration',
    eventId: o.eventId,
    registeredOn: o.registeredOn ?? o.birthDate,
    child: { citizenId: o.citizenId, fullName: 'Nguyễn Minh An', birthDate: o.birthDate, sex: o.sex ?? 'male' },
    parent: { citizenId: '079190012345', relationship: 'mother' },
    residence: { province: o.province ?? '79' },
  };
}

export function deathEvent(o: { eventId: string; citizenId: string; dateOfDeath: string; registeredOn?: string }) {
  return {
    type: 'death-registration',
    eventId: o.eventId,
    registeredOn: o.registeredOn ?? o.dateOfDeath,
    deceased: { citizenId: o.citizenId, dateOfDeath: o.dateOfDeath },
    nextOfKin: { fullName: 'Trần Thị Bình', relationship: 'spouse', citizenId: '079185012345' },
  };
}

export function unemploymentEvent(o: { eventId: string; citizenId: string; appliedOn: string }) {
  return { type: 'unemployment-application', eventId: o.eventId, appliedOn: o.appliedOn, applicant: { citizenId: o.citizenId } };
}
