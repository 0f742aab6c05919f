// One request as it moves through the pipeline: plain data, no HTTP types.
import type { Grant, Principal } from './principal.ts';
import type { RowDelivery } from './row-stream.ts';
import type { ServiceDef } from './service.ts';

export interface Exchange {
  readonly requestId: string;
  readonly service: ServiceDef;
  readonly signal: AbortSignal;
  readonly receivedAt: number;
  readonly method: string;
  /** The request path without its query string. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  input: unknown;
  principal?: Principal;
  /** The partner whose signature verified on a token that was then refused (expired, replayed...), for the audit. */
  signer?: { readonly partnerId: string; readonly kind: string };
  grant?: Grant;
  /** Field sets granted for this call (route sets ∩ grant sets, minus sensitive sets the purpose does not allow). */
  fieldSets?: readonly string[];
  /** The adapter's validated answer, before projection. */
  result?: unknown;
  /** The body to send. */
  output?: unknown;
  status?: number;
  /** Time spent in the adapter call, for the request log. */
  upstreamMs?: number;
  /** Row-stream routes: a bounded page or every row (from the Accept header). */
  delivery?: RowDelivery;
  /** Sequence number of this exchange's audit record, once committed. */
  auditSeq?: number;
  /** Headers for the response, whatever its outcome (RateLimit, RateLimit-Policy). */
  responseHeaders?: Record<string, string>;
  /** Event intake: the store transaction the adapter call runs in (handed to the operation in its call context). */
  transaction?: unknown;
}

export interface Step {
  readonly name: string;
  run(x: Exchange, next: () => Promise<void>): Promise<void>;
}

/** Runs steps in order; each calls `next` to hand over to the following one (at most once). */
export function compose(steps: readonly Step[]): (x: Exchange) => Promise<void> {
  let chain: (x: Exchange) => Promise<void> = async () => undefined;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i] as Step;
    const rest = chain;
    chain = (x) => {
      let called = false;
      return step.run(x, () => {
        if (called) throw new Error(`step ${step.name} called next twice`);
        called = true;
        return rest(x);
      });
    };
  }
  return chain;
}
