// What the pipeline's steps need, handed over once when the app is built.
import type { Adapter } from '../core/adapter.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { VerifierDeps } from '../auth/verify-token.ts';
import type { ContractRegistry } from '../contracts/registry.ts';
import type { AuditSink } from '../store/audit-writer.ts';
import type { SubjectHasher } from '../store/subject-keys.ts';

export interface PipelineDeps {
  readonly contracts: ContractRegistry;
  readonly adapters: ReadonlyMap<string, Adapter>;
  readonly verifier: VerifierDeps;
  readonly audit: AuditSink;
  readonly subjects: SubjectHasher;
  /** Field set name -> top-level output fields. */
  readonly fieldSets: Readonly<Record<string, readonly string[]>>;
  readonly clock: Clock;
  readonly log: Logger;
  /** Deadline for one adapter call, in ms. */
  readonly callTimeoutMs: number;
}
