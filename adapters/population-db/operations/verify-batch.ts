// Verifies up to 1,000 identities in one upstream call (reconciliation): one result per person, in input order.
import type { Operation } from '../../../src/core/adapter.ts';
import { compareIdentity, type IdentityClaim, type VerifyResult } from '../compare.ts';
import type { PopulationDbApi } from '../upstream.ts';

export interface VerifyBatchInput { readonly people: readonly IdentityClaim[] }
export interface VerifyBatchResult { readonly results: readonly VerifyResult[] }

export function verifyBatch(api: PopulationDbApi): Operation<VerifyBatchInput, VerifyBatchResult> {
  return {
    input: 'population-db.verify-batch.request.v1.json',
    output: 'population-db.verify-batch.result.v1.json',
    idempotent: true,
    async run(input, ctx) {
      const citizens = await api.lookup([...new Set(input.people.map((p) => p.citizenId))], ctx.signal);
      return { results: input.people.map((p) => compareIdentity(p, citizens.get(p.citizenId))) };
    },
  };
}
