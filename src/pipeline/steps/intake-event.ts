// Event intake (routes that declare `events`): each event type is submitted with its one purpose, and each event id
// is acted on once. The first delivery runs the steps below (call adapter, project fields, validate response) inside
// the store transaction that records the event with its answer and queues its result for the platform; a repeat,
// concurrent or later, gets the recorded answer (status and body, or the same problem) and acts on nothing. A final
// refusal (no such person, a conflict with the record, an event that cannot be acted on) is recorded and reported
// alike; any other failure rolls everything back, so the platform may simply send the event again.
import { randomUUID } from 'node:crypto';
import { ERRORS, type ErrorCode, GatewayError, type Issue, isGatewayError } from '../../core/errors.ts';
import type { Exchange, Step } from '../../core/exchange.ts';
import type { EventIntake, EventKind } from '../../core/service.ts';
import { type EventHeader, type EventOutcome, type RecordedEvent, requestDigest } from '../../store/event-ledger.ts';
import type { PipelineDeps } from '../deps.ts';

const FINAL_REFUSALS: ReadonlySet<string> = new Set<ErrorCode>(['subject.not_found', 'event.conflict', 'event.rejected']);

interface RecordedProblem { code: ErrorCode; detail: string; issues: Issue[] }

export function intakeEvent(deps: PipelineDeps): Step {
  return {
    name: 'intake-event',
    async run(x, next) {
      const intake = x.service.events as EventIntake;
      const ledger = deps.events;
      if (!ledger) throw new Error('event intake needs the event ledger');
      const event = x.input as { type: string; eventId: string };
      const kind = intake.kinds[event.type];
      if (!kind) throw new GatewayError('contract.request_invalid', 'unknown event type', { issues: [{ pointer: '/type', message: 'is not a known event type' }] });
      if (x.principal?.purpose !== kind.purpose) throw new GatewayError('purpose.denied', `${event.type} events are submitted with purpose ${kind.purpose}`);
      const header: EventHeader = {
        eventId: event.eventId, type: event.type, partner: x.principal.partnerId, digest: requestDigest(x.input), receivedAt: new Date(x.receivedAt).toISOString(),
      };
      let recorded: RecordedEvent;
      try {
        recorded = await ledger.once(header, async (transaction) => {
          x.transaction = transaction;
          try {
            await next();
          } finally {
            x.transaction = undefined;
          }
          return accepted(x, intake, kind, deps);
        });
      } catch (e) {
        if (!isGatewayError(e) || !FINAL_REFUSALS.has(e.code)) throw e;
        recorded = await ledger.once(header, async () => refused(x, intake, kind, e, deps));
      }
      if (recorded.status === 'rejected') {
        const problem = recorded.answer as RecordedProblem;
        throw new GatewayError(problem.code, problem.detail, { issues: problem.issues });
      }
      x.status = recorded.httpStatus;
      x.output = recorded.answer;
    },
  };
}

function accepted(x: Exchange, intake: EventIntake, kind: EventKind, deps: PipelineDeps): EventOutcome {
  const body = x.output as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const f of kind.result) if (body[f] !== undefined) result[f] = body[f];
  return {
    status: 'accepted',
    httpStatus: kind.status,
    answer: body,
    result: resultMessage(x, intake, kind, { outcome: 'accepted', status: kind.status, result }, deps),
  };
}

function refused(x: Exchange, intake: EventIntake, kind: EventKind, e: GatewayError, deps: PipelineDeps): EventOutcome {
  const answer: RecordedProblem = { code: e.code, detail: e.message, issues: [...e.issues] };
  return {
    status: 'rejected',
    httpStatus: e.status,
    answer,
    result: resultMessage(x, intake, kind, { outcome: 'rejected', status: e.status, problem: { code: e.code, title: ERRORS[e.code].title } }, deps),
  };
}

/** The result for the platform, checked against the results adapter's input contract before it is queued. */
function resultMessage(x: Exchange, intake: EventIntake, kind: EventKind, outcome: Record<string, unknown>, deps: PipelineDeps): EventOutcome['result'] {
  const event = x.input as { type: string; eventId: string };
  const messageId = randomUUID();
  const payload = { messageId, eventId: event.eventId, eventType: event.type, purpose: kind.purpose, ...outcome };
  const deliver = deps.adapters.get(intake.resultsTo)?.operations.deliverResult;
  const issues = deliver ? deps.contracts.check(deliver.input, payload) : [{ pointer: '/', message: 'no deliverResult operation' }];
  if (issues.length > 0) {
    deps.log.error('event result violates its contract', { requestId: x.requestId, service: x.service.id, issues });
    throw new GatewayError('contract.response_invalid');
  }
  return { messageId, destination: intake.resultsTo, payload };
}
