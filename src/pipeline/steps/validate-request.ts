// The request must conform to its contract; the answer lists failing paths, never values. Filters may select only on
// data of field sets granted for the purpose (403 otherwise); a request that names the field sets it wants narrows
// the granted ones to those.
import { GatewayError } from '../../core/errors.ts';
import type { Step } from '../../core/exchange.ts';
import type { PipelineDeps } from '../deps.ts';

export function validateRequest(deps: PipelineDeps): Step {
  return {
    name: 'validate-request',
    async run(x, next) {
      const issues = deps.contracts.check(x.service.request, x.input);
      if (issues.length > 0) throw new GatewayError('contract.request_invalid', `request does not conform to ${x.service.request}`, { issues });
      const denied = (x.service.filterFieldSets?.(x.input) ?? []).filter((set) => !(x.fieldSets ?? []).includes(set));
      if (denied.length > 0) {
        throw new GatewayError('fieldset.denied', `the filters select on ${denied.join(', ')} data, not granted to this partner for purpose ${x.principal?.purpose ?? ''}`);
      }
      const requested = x.service.requestedFieldSets?.(x.input);
      if (requested) x.fieldSets = (x.fieldSets ?? []).filter((set) => requested.includes(set));
      await next();
    },
  };
}
