// The adapter interface every upstream sits behind (architecture.md section 3).
import type { Clock } from './clock.ts';
import type { Issue } from './errors.ts';
import type { Logger } from './logger.ts';
import type { RowDelivery } from './row-stream.ts';
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
  /** Operations answering with a row stream: one bounded page with a cursor, or every row to the end. */
  readonly delivery?: RowDelivery;
  /** Event intake: the store transaction the operation's writes join, so they commit with the event's record. */
  readonly transaction?: unknown;
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

/** Checks a value against a contract in contracts/ (adapters validate every upstream answer before use). */
export interface ContractChecker {
  check(id: ContractId, value: unknown): readonly Issue[];
}

export interface AdapterDeps {
  readonly log: Logger;
  /** The gateway's own store, for adapters whose upstream is the insurance database kept in it. */
  readonly store: unknown;
  readonly contracts: ContractChecker;
  /** The gateway's clock (default: the system clock). */
  readonly clock?: Clock;
  /** Signs outgoing messages with the gateway's current signing key (adapters whose upstream wants signed messages). */
  readonly signer?: DetachedSigner;
}

/** Produces a detached JWS (RFC 7515 appendix F: `header..signature`) over a message body. */
export interface DetachedSigner {
  sign(body: string): Promise<string>;
}

export interface AdapterFactory<C = unknown> {
  readonly name: string;
  readonly configSchema: object;
  create(config: Readonly<C>, deps: AdapterDeps): Adapter;
}
