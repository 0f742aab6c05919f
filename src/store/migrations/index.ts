// The literal list of migrations, in order; Kysely's migrator runs the ones a store has not seen yet.
import type { Migration } from 'kysely';
import * as m001 from './001-initial.ts';

export const migrations: Record<string, Migration> = {
  '001-initial': m001,
};
