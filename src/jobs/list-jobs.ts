// The background side of bulk lists, as the gateway runs it: the disclosure journal and its indexer, the export
// jobs with their workers and sweeper, and the `gateway-exports` adapter the export routes call.
import { join } from 'node:path';
import type { Adapter } from '../core/adapter.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { GatewayConfig } from '../config/types.ts';
import type { ContractRegistry } from '../contracts/registry.ts';
import { LIST_FIELD_SETS, listQuery } from '../routes/lists.ts';
import { type DisclosureJournal, StoreDisclosureJournal } from '../store/disclosure-journal.ts';
import type { Store } from '../store/open.ts';
import type { SubjectHasher } from '../store/subject-keys.ts';
import { DisclosureIndexer } from './disclosure-indexer.ts';
import { ExportJobs } from './export-jobs.ts';
import { ExportWorkers } from './exports.ts';
import { exportsAdapter } from './exports-adapter.ts';

export interface ListJobs {
  readonly journal: DisclosureJournal;
  readonly indexer: DisclosureIndexer;
  readonly exports: ExportWorkers;
  readonly adapter: Adapter;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface ListJobsDeps {
  readonly store: Store;
  readonly config: GatewayConfig;
  /** The started adapters: exports read lists through insurance-db's operations. */
  readonly adapters: ReadonlyMap<string, Adapter>;
  readonly contracts: ContractRegistry;
  readonly subjects: SubjectHasher;
  readonly log: Logger;
  readonly clock: Clock;
}

/** The directory export files are written to: `<dataDir>/exports`. */
export function exportsDir(config: GatewayConfig): string {
  return join(config.runtime.dataDir, 'exports');
}

export function createListJobs(deps: ListJobsDeps): ListJobs {
  const { store, config, log } = deps;
  const now = () => new Date(deps.clock.now());
  const indexer = new DisclosureIndexer(store, deps.subjects, log);
  const journal = new StoreDisclosureJournal(store, () => indexer.wake());
  const insurance = deps.adapters.get(listQuery.operation.adapter)?.operations;
  const list = insurance?.[listQuery.operation.name];
  const count = insurance?.countList;
  if (!list || !count) throw new Error(`bulk lists need the ${listQuery.operation.adapter} adapter (listPeople, countList)`);
  const jobs = new ExportJobs(store, now);
  const exports = new ExportWorkers({
    store, jobs, dir: exportsDir(config), workers: config.exports.workers, sweepIntervalMs: config.exports.sweepIntervalSeconds * 1000, log, now,
    runner: {
      jobs, list, count, rowContract: listQuery.response, contracts: deps.contracts, fieldSets: config.fieldSets, journal, log,
      segmentBytes: config.exports.segmentBytes, retentionMs: config.exports.retentionHours * 3600 * 1000,
    },
  });
  const adapter = exportsAdapter({ jobs, workers: exports, list, fieldSets: config.fieldSets, listFieldSets: LIST_FIELD_SETS, publicUrl: config.runtime.publicUrl });
  return {
    journal,
    indexer,
    exports,
    adapter,
    async start() {
      indexer.start();
      await exports.start();
    },
    async stop() {
      await exports.stop();
      await indexer.stop();
    },
  };
}
