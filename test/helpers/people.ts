// Finds seeded people in a given card situation, as the card-check result codes need them.
import type { Store } from '../../src/store/open.ts';
import type { CardTable, PersonTable } from '../../src/store/schema.ts';
import { AS_OF } from './gateway.ts';

export type Situation =
  | 'valid' | 'expired' | 'withdrawn' | 'reduced' | 'pending' | 'no-card' | 'defence' | 'police'
  | 'replaced-valid' | 'replaced-expired' | 'year-only-birth';

export interface Found { person: PersonTable; card: CardTable | undefined }

export async function findPerson(store: Store, situation: Situation, today = AS_OF): Promise<Found> {
  const db = store.db;
  let q = db.selectFrom('people').innerJoin('cards', 'cards.person_id', 'people.id').selectAll('people').select('cards.card_code').where('people.deceased_on', 'is', null);
  switch (situation) {
    case 'valid':
      q = q.where('cards.status', '=', 'active').where('cards.valid_from', '<=', today).where('cards.valid_to', '>=', today).where('cards.province_code', 'not in', ['97', '98']);
      break;
    case 'year-only-birth':
      q = q.where('people.birth_date_precision', '=', 'year').where('cards.status', '=', 'active').where('cards.valid_to', '>=', today).where('cards.province_code', 'not in', ['97', '98']);
      break;
    case 'expired':
      q = q.where('cards.status', '=', 'active').where('cards.valid_to', '<', today).where('cards.province_code', 'not in', ['97', '98']);
      break;
    case 'withdrawn':
    case 'reduced':
    case 'pending':
      q = q.where('cards.status', '=', situation);
      break;
    case 'defence':
    case 'police':
      q = q.where('cards.status', '=', 'active').where('cards.valid_to', '>=', today).where('cards.province_code', '=', situation === 'defence' ? '97' : '98');
      break;
    case 'replaced-valid':
      q = q.where('cards.status', '=', 'replaced').where('cards.valid_to', '>=', today);
      break;
    case 'replaced-expired':
      q = q.where('cards.status', '=', 'replaced').where('cards.valid_to', '<', today);
      break;
    case 'no-card': {
      const person = await db.selectFrom('people').selectAll().where(({ not, exists, selectFrom }) => not(exists(selectFrom('cards').select('card_code').whereRef('cards.person_id', '=', 'people.id')))).orderBy('id').executeTakeFirst();
      if (!person) throw new Error('no seeded person without a card');
      return { person, card: undefined };
    }
  }
  const row = await q.orderBy('people.id').limit(1).executeTakeFirst();
  if (!row) throw new Error(`no seeded person in situation ${situation}`);
  const { card_code, ...person } = row;
  const card = await db.selectFrom('cards').selectAll().where('card_code', '=', card_code).executeTakeFirstOrThrow();
  return { person: person as PersonTable, card };
}

/** A well-formed CCCD that belongs to nobody in the store. */
export async function unknownCitizenId(store: Store): Promise<string> {
  for (let i = 0; ; i++) {
    const candidate = `079095${String(900000 + i).padStart(6, '0')}`;
    const hit = await store.db.selectFrom('people').select('id').where('citizen_id', '=', candidate).executeTakeFirst();
    if (!hit) return candidate;
  }
}

