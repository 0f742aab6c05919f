// Verifies one identity (CCCD, full name, birth date) against the population database: match flags per field, or
// not found. Answers only flags, never the population database's values.
import type { Operation } from '../../../src/core/adapter.ts';
import { compareIdentity, type IdentityClaim, type VerifyResult } from '../compare.ts';
import type { PopulationDbApi } from '../upstream.ts';

export function verifyIdentity(api: PopulationDbApi): Operation<IdentityClaim, VerifyResult> {
  return {
    input: 'identity.verify.request.v1.json',
    output: 'population-db.verify-result.v1.json',
    idempotent: true,
    async run(input, ctx) {
      return compareIdentity(input, await api.citizen(input.citizenId, ctx.signal));
    },
  };
}
