// The adapter interface every upstream sits behind (architecture.md section 3).
import type { Logger } from './logger.ts';
import type { PurposeCode } from './vocabulary.ts';

export type ContractId = string;

export interface Health { readonly ok: boolean; readonly detail?: string }

export interface CallContext {
  readonly requestId: string;
  readonly signal: AbortSignal;
  readonly deadline: number; // epoch ms
  readonly partner: string;
  readonly purpose: PurposeCode;
  /** Top-level output fields the caller may receive. */
  readonly fields: ReadonlySet<string>;
  /** Provinces (old and new codes) the caller may see; undefined = no province restriction. */
  readonly provinces?: readonly string[];
  /** "Today" for validity checks, from the gateway's clock (YYYY-MM-DD). */
  readonly today: string;
}

export interface Operation<I = any, O = any> {
  readonly input: ContractId;
  readonly output: ContractId;
  readonly idempotent: boolean;
  run(input: I, ctx: CallContext): Promise<O>;
}

export interface Adapter {
  init(signal: AbortSignal): Promise<void>;
  health(signal: AbortSignal): Promise<Health>;
  close(): Promise<void>;
  readonly operations: Readonly<Record<string, Operation>>;
}

export interface AdapterDeps {
  readonly log: Logger;
  /** The gateway's own store, for adapters whose upstream is the insurance database kept in it. */
  readonly store: unknown;
}

export interface AdapterFactory<C = unknown> {
  readonly name: string;
  readonly configSchema: object;
  create(config: Readonly<C>, deps: AdapterDeps): Adapter;
}
