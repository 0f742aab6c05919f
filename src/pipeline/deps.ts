// What the pipeline's steps need, handed over once when the app is built.
import type { Adapter } from '../core/adapter.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { VerifierDeps } from '../auth/verify-token.ts';
import type { ContractRegistry } from '../contracts/registry.ts';
import type { RateLimits } from '../limits/rate-limits.ts';
import type { AuditSink } from '../store/audit-writer.ts';
import type { DisclosureJournal } from '../store/disclosure-journal.ts';
import type { EventLedger } from '../store/event-ledger.ts';
import type { SubjectHasher } from '../store/subject-keys.ts';

export interface PipelineDeps {
  readonly contracts: ContractRegistry;
  readonly adapters: ReadonlyMap<string, Adapter>;
  readonly verifier: VerifierDeps;
  readonly audit: AuditSink;
  /** Per-partner rate limits and daily quotas. */
  readonly limits: RateLimits;
  readonly subjects: SubjectHasher;
  /** Row-stream routes: where each disclosed batch is journaled under the list's audit record. */
  readonly disclosures?: DisclosureJournal;
  /** Field set name -> top-level output fields. */
  readonly fieldSets: Readonly<Record<string, readonly string[]>>;
  readonly clock: Clock;
  readonly log: Logger;
  /** Deadline for one adapter call, in ms. */
  readonly callTimeoutMs: number;
  /** Event intake: the record of events acted on (needed by routes that declare `events`). */
  readonly events?: EventLedger;
}
