// The literal list of migrations, in order; Kysely's migrator runs the ones a store has not seen yet.
import type { Migration } from 'kysely';
import * as m001 from './001-initial.ts';
import * as m002 from './002-partner-trust.ts';
import * as m003 from './003-reconciliation.ts';
import * as m004 from './004-health.ts';
import * as m005 from './005-events.ts';
import * as m006 from './006-lists.ts';
import * as m007 from './007-audit-rowid.ts';

export const migrations: Record<string, Migration> = {
  '001-initial': m001,
  '002-partner-trust': m002,
  '003-reconciliation': m003,
  '004-health': m004,
  '005-events': m005,
  '006-lists': m006,
  '007-audit-rowid': m007,
};
