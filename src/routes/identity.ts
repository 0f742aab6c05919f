// Identity verification against the national population database, on the population-db adapter.
import { defineService } from '../core/service.ts';

export const identityVerify = defineService({
  id: 'identity.verify.v1',
  method: 'POST',
  path: '/v1/identity/verify',
  summary: 'Checks a CCCD, full name and birth date against the population database: a match flag per field or not found, never its values',
  scope: 'identity.verify',
  purposes: ['identity-verification'],
  request: 'identity.verify.request.v1.json',
  response: 'identity.verify.response.v1.json',
  operation: { adapter: 'population-db', name: 'verifyIdentity' },
  // The exchange concerns identity data, but the answer carries only match flags on what the caller sent, never a
  // value it did not already hold: every caller with the scope gets the same flags.
  fieldSets: ['identity'],
  alwaysFields: ['result', 'fields'],
  input: ({ body }) => body,
  subject: (input: { citizenId?: string }) => input.citizenId,
  jurisdiction: 'none',
});
