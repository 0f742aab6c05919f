// Derives a service entry's steps in the one fixed order: no entry can skip authorization, validation or audit.
import type { Exchange, Step } from '../core/exchange.ts';
import { compose } from '../core/exchange.ts';
import type { ServiceDef } from '../core/service.ts';
import type { PipelineDeps } from './deps.ts';
import { audit } from './steps/audit.ts';
import { authenticate } from './steps/authenticate.ts';
import { authorizeAgreement } from './steps/authorize-agreement.ts';
import { authorizePartnerKind } from './steps/authorize-partner-kind.ts';
import { authorizePurpose } from './steps/authorize-purpose.ts';
import { authorizeScope } from './steps/authorize-scope.ts';
import { callAdapter } from './steps/call-adapter.ts';
import { intakeEvent } from './steps/intake-event.ts';
import { present } from './steps/present.ts';
import { projectFields } from './steps/project-fields.ts';
import { rateLimit } from './steps/rate-limit.ts';
import { validateRequest } from './steps/validate-request.ts';
import { validateResponse } from './steps/validate-response.ts';

export interface Pipeline {
  readonly steps: readonly string[];
  run(x: Exchange): Promise<void>;
}

export function buildPipeline(service: ServiceDef, deps: PipelineDeps): Pipeline {
  const steps: Step[] = [
    audit(deps), // outermost: records the outcome of everything below, then lets the response go
    authenticate(deps),
    rateLimit(deps), // before authorization: every authenticated request counts, refused ones too
    ...(service.partnerKinds ? [authorizePartnerKind()] : []),
    authorizeScope(),
    authorizePurpose(),
    authorizeAgreement(),
    validateRequest(deps),
    ...(service.events ? [intakeEvent(deps)] : []), // acts once per event id, the steps below in one store transaction
    callAdapter(deps),
    projectFields(deps),
    ...(service.present ? [present()] : []),
    validateResponse(deps),
  ];
  return { steps: steps.map((s) => s.name), run: compose(steps) };
}

/** Start-up checks: contracts, adapter operations and field sets named by each entry must exist and agree. */
export function checkService(service: ServiceDef, deps: PipelineDeps): void {
  for (const id of [service.request, service.response]) {
    if (!deps.contracts.has(id)) throw new Error(`service ${service.id}: contract ${id} does not exist`);
  }
  const op = deps.adapters.get(service.operation.adapter)?.operations[service.operation.name];
  if (!op) throw new Error(`service ${service.id}: adapter operation ${service.operation.adapter}.${service.operation.name} does not exist`);
  if (!deps.contracts.has(op.input) || !deps.contracts.has(op.output)) throw new Error(`service ${service.id}: operation contracts missing`);
  const outputProps = Object.keys((deps.contracts.schema(op.output).properties ?? {}) as Record<string, unknown>);
  const responseProps = Object.keys((deps.contracts.schema(service.response).properties ?? {}) as Record<string, unknown>);
  for (const set of service.fieldSets) {
    const fields = deps.fieldSets[set];
    if (!fields) throw new Error(`service ${service.id}: field set ${set} is not defined in config`);
  }
  if (service.events) checkEventIntake(service, deps, responseProps);
  if (service.answer === 'rows' && !deps.disclosures) throw new Error(`service ${service.id}: a row stream needs the disclosure journal`);
  const checkAgainst = service.present ? outputProps : responseProps;
  for (const f of service.alwaysFields ?? []) {
    if (!checkAgainst.includes(f)) throw new Error(`service ${service.id}: always-field ${f} is not in the contract`);
  }
}

/** An event-intake route needs the event ledger, a results adapter with `deliverResult`, and kinds within its purposes. */
function checkEventIntake(service: ServiceDef, deps: PipelineDeps, responseProps: readonly string[]): void {
  const events = service.events as NonNullable<ServiceDef['events']>;
  if (!deps.events) throw new Error(`service ${service.id}: event intake needs the event ledger`);
  if (!deps.adapters.get(events.resultsTo)?.operations.deliverResult) throw new Error(`service ${service.id}: adapter ${events.resultsTo} has no deliverResult operation`);
  for (const [type, kind] of Object.entries(events.kinds)) {
    if (!service.purposes.includes(kind.purpose)) throw new Error(`service ${service.id}: event type ${type} has purpose ${kind.purpose}, not one of the route's`);
    for (const f of kind.result) if (!responseProps.includes(f)) throw new Error(`service ${service.id}: result field ${f} of ${type} is not in the response contract`);
  }
}
