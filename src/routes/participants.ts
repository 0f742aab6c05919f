// Participant queries for ministries: who is insured, how, since when; only the granted field sets.
import { defineService } from '../core/service.ts';

const participantFieldSets = ['identity', 'card', 'coverage', 'employment', 'contribution'] as const;
const participantPurposes = ['benefit-eligibility', 'labour-administration', 'investigation'] as const;

export const participantBySin = defineService({
  id: 'participants.by-sin.v1',
  method: 'GET',
  path: '/v1/participants/:socialInsuranceNumber',
  summary: 'Participant record by BHXH number',
  scope: 'participant.read',
  purposes: participantPurposes,
  request: 'participants.by-sin.request.v1.json',
  response: 'participants.response.v1.json',
  operation: { adapter: 'insurance-db', name: 'participantBySin' },
  fieldSets: participantFieldSets,
  input: ({ params, query }) => ({ ...query, socialInsuranceNumber: params.socialInsuranceNumber }),
  subject: (input: { socialInsuranceNumber?: string }, output?: { citizenId?: string }) => output?.citizenId ?? input.socialInsuranceNumber,
  jurisdiction: 'subject-province',
});

export const participantByCitizen = defineService({
  id: 'participants.by-citizen.v1',
  method: 'GET',
  path: '/v1/participants',
  summary: 'Participant record by CCCD (?citizenId=)',
  scope: 'participant.read',
  purposes: participantPurposes,
  request: 'participants.by-citizen.request.v1.json',
  response: 'participants.response.v1.json',
  operation: { adapter: 'insurance-db', name: 'participantByCitizen' },
  fieldSets: participantFieldSets,
  input: ({ query }) => ({ ...query }),
  subject: (input: { citizenId?: string }, output?: { citizenId?: string }) => output?.citizenId ?? input.citizenId,
  jurisdiction: 'subject-province',
});
