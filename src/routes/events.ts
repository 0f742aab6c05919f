// Civil and benefit events from the national data-sharing platform (Decree 63/2024 linked procedures): a birth
// registration insures the child, a death registration opens a funeral allowance, an unemployment-benefit
// application gets the contribution history. Each event id is acted on once; its result goes back to the platform
// through the outbox (src/pipeline/steps/intake-event.ts, src/jobs/outbox-dispatcher.ts).
import { defineService } from '../core/service.ts';

export const submitEvent = defineService({
  id: 'events.submit.v1',
  method: 'POST',
  path: '/v1/events',
  summary: 'Submit a birth registration, death registration or unemployment-benefit application (201 or 200 with its result)',
  scope: 'events.submit',
  partnerKinds: ['platform'],
  purposes: ['civil-registration', 'benefit-eligibility'],
  request: 'events.request.v1.json',
  response: 'events.response.v1.json',
  operation: { adapter: 'insurance-db', name: 'submitEvent' },
  fieldSets: ['identity', 'card', 'vital-status', 'contribution', 'employment'],
  alwaysFields: ['eventId', 'eventType', 'funeralAllowanceCase'],
  input: ({ body }) => body,
  subject: (input: { child?: { citizenId?: string }; deceased?: { citizenId?: string }; applicant?: { citizenId?: string } } | undefined) =>
    input?.child?.citizenId ?? input?.deceased?.citizenId ?? input?.applicant?.citizenId,
  jurisdiction: 'none',
  events: {
    resultsTo: 'data-sharing-platform',
    kinds: {
      'birth-registration': {
        purpose: 'civil-registration',
        status: 201,
        result: ['socialInsuranceNumber', 'cardCode', 'benefitLevel', 'validFrom', 'validTo', 'registeredFacility'],
      },
      'death-registration': { purpose: 'civil-registration', status: 201, result: ['vitalStatus', 'funeralAllowanceCase'] },
      'unemployment-application': { purpose: 'benefit-eligibility', status: 200, result: ['socialInsuranceNumber', 'contribution', 'employment'] },
    },
  },
});
