// The literal list of migrations, in order; Kysely's migrator runs the ones a store has not seen yet.
import type { Migration } from 'kysely';
import * as m001 from './001-initial.ts';
import * as m002 from './002-partner-trust.ts';

export const migrations: Record<string, Migration> = {
  '001-initial': m001,
  '002-partner-trust': m002,
};
