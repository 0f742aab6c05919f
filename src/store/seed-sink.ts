// What the seed writer hands each dialect's bulk loader: batches of generated people with the employers they
// reference for the first time.
import type { SyntheticPerson } from '../dataset/generator.ts';
import type { CommuneTable, EmployerTable, IndustrialParkTable } from './schema.ts';

export interface SeedSink {
  writeParks(parks: readonly IndustrialParkTable[]): Promise<void>;
  /** The commune list (reference data: rows already there are kept). */
  writeCommunes(communes: readonly CommuneTable[]): Promise<void>;
  /** Writes a batch in one transaction: its people with their cards, coverage, employments and chronic conditions, and `employers`. */
  writeBatch(people: readonly SyntheticPerson[], employers: readonly EmployerTable[]): Promise<void>;
  /** Restores what the load changed (indexes, durability settings, connections); also after a failure. */
  close(): Promise<void>;
}
