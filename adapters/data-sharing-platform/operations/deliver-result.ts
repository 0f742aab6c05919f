// Delivers one event result to the platform. Idempotent by construction: every attempt for a result carries the same
// message id as `Idempotency-Key`, and the platform answers a repeated key with its first receipt without taking
// the message again; so the resilience layer may retry it and the outbox may redeliver after a crash.
import type { HttpClient } from '../../../src/adapters/http-client.ts';
import type { ContractChecker, DetachedSigner, Operation } from '../../../src/core/adapter.ts';
import type { Clock } from '../../../src/core/clock.ts';
import { UpstreamMalformedError } from '../../../src/core/upstream-error.ts';
import { envelopeOf, IDEMPOTENCY_HEADER, type ResultMessage, SIGNATURE_HEADER } from '../envelope.ts';
import { upstreamError } from '../errors.ts';

export interface Receipt { messageId: string; receivedAt: string; duplicate?: boolean }

export interface DeliverResultDeps {
  readonly http: HttpClient;
  readonly resultsPath: string;
  readonly codes: { readonly sender: string; readonly receiver: string };
  readonly signer: DetachedSigner;
  readonly contracts: ContractChecker;
  readonly clock: Clock;
}

const OUTPUT = 'data-sharing-platform.receipt.v1.json';

export function deliverResult(deps: DeliverResultDeps): Operation<ResultMessage, Receipt> {
  return {
    input: 'data-sharing-platform.result.v1.json',
    output: OUTPUT,
    idempotent: true,
    async run(input, ctx) {
      const body = JSON.stringify(envelopeOf(input, deps.codes, new Date(deps.clock.now()).toISOString()));
      const signature = await deps.signer.sign(body);
      let text: string;
      try {
        const res = await deps.http.post<string>(deps.resultsPath, body, {
          signal: ctx.signal,
          headers: { 'Content-Type': 'application/json', [IDEMPOTENCY_HEADER]: input.messageId, [SIGNATURE_HEADER]: signature },
        });
        text = res.data;
      } catch (e) {
        throw upstreamError(e, deps.clock.now());
      }
      let receipt: unknown;
      try {
        receipt = JSON.parse(text);
      } catch (e) {
        throw new UpstreamMalformedError('data-sharing platform: receipt is not JSON', { cause: e });
      }
      if (deps.contracts.check(OUTPUT, receipt).length > 0) throw new UpstreamMalformedError('data-sharing platform: receipt outside its contract');
      if ((receipt as Receipt).messageId !== input.messageId) throw new UpstreamMalformedError('data-sharing platform: receipt for another message');
      return receipt as Receipt;
    },
  };
}
