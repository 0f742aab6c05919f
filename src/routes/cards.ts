// Hospital card checks: lookup by CCCD and the card check, both on the insurance-db adapter.
import { defineService } from '../core/service.ts';

const cardFieldSets = ['identity', 'card'] as const;

export const cardByCitizen = defineService({
  id: 'cards.by-citizen.v1',
  method: 'GET',
  path: '/v1/cards/by-citizen/:citizenId',
  summary: 'Current health-insurance card of the person with this CCCD, with its result code',
  scope: 'card.check',
  purposes: ['treatment', 'claims'],
  request: 'cards.by-citizen.request.v1.json',
  response: 'cards.by-citizen.response.v1.json',
  operation: { adapter: 'insurance-db', name: 'cardByCitizen' },
  fieldSets: cardFieldSets,
  alwaysFields: ['resultCode', 'resultMessage'],
  input: ({ params, query }) => ({ ...query, citizenId: params.citizenId }),
  subject: (input: { citizenId?: unknown }, output?: { citizenId?: string }) => output?.citizenId ?? (input.citizenId as string),
  jurisdiction: 'subject-province',
});

export const cardCheck = defineService({
  id: 'cards.check.v1',
  method: 'POST',
  path: '/v1/cards/check',
  summary: 'Card check by card code, BHXH number or CCCD with name and birth date; a mismatch is a result code',
  scope: 'card.check',
  purposes: ['treatment', 'claims'],
  request: 'cards.check.request.v1.json',
  response: 'cards.check.response.v1.json',
  operation: { adapter: 'insurance-db', name: 'cardCheck' },
  fieldSets: cardFieldSets,
  alwaysFields: ['resultCode', 'resultMessage'],
  input: ({ body }) => body,
  subject: (input: Record<string, unknown>, output?: { citizenId?: string }) =>
    output?.citizenId ?? ((input.citizenId ?? input.socialInsuranceNumber ?? input.cardCode) as string | undefined),
  jurisdiction: 'subject-province',
});
