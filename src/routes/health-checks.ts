// Driver health checks: the health authority pushes results, the transport ministry reads them; both on the
// insurance-db adapter, which keeps them with the person.
import { defineService } from '../core/service.ts';

export const submitHealthCheck = defineService({
  id: 'health-checks.submit.v1',
  method: 'POST',
  path: '/v1/health-checks',
  summary: 'A driver health-check result pushed by the health authority, stored with the person (idempotent by checkId)',
  scope: 'healthcheck.submit',
  purposes: ['transport-licensing'],
  partnerKinds: ['health-authority'],
  request: 'health-checks.submit.request.v1.json',
  response: 'health-checks.submit.response.v1.json',
  operation: { adapter: 'insurance-db', name: 'submitHealthCheck' },
  fieldSets: [],
  alwaysFields: ['checkId', 'status', 'receivedAt'],
  input: ({ body }) => body,
  subject: (input: { citizenId?: unknown }) => input.citizenId as string | undefined,
  jurisdiction: 'none',
});

export const healthChecksByCitizen = defineService({
  id: 'health-checks.by-citizen.v1',
  method: 'GET',
  path: '/v1/health-checks/by-citizen/:citizenId',
  summary: 'Driver health checks of the person with this CCCD, newest first, for driving-licence decisions',
  scope: 'healthcheck.read',
  purposes: ['transport-licensing'],
  request: 'health-checks.by-citizen.request.v1.json',
  response: 'health-checks.by-citizen.response.v1.json',
  operation: { adapter: 'insurance-db', name: 'healthChecksByCitizen' },
  fieldSets: ['identity', 'health-check'],
  input: ({ params, query }) => ({ ...query, citizenId: params.citizenId }),
  subject: (input: { citizenId?: unknown }, output?: { citizenId?: string }) => output?.citizenId ?? (input.citizenId as string | undefined),
  jurisdiction: 'none',
});
