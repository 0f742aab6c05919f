// The request must conform to its contract; the answer lists failing paths, never values. A request that names the
// field sets it wants narrows the granted ones to those.
import { GatewayError } from '../../core/errors.ts';
import type { Step } from '../../core/exchange.ts';
import type { PipelineDeps } from '../deps.ts';

export function validateRequest(deps: PipelineDeps): Step {
  return {
    name: 'validate-request',
    async run(x, next) {
      const issues = deps.contracts.check(x.service.request, x.input);
      if (issues.length > 0) throw new GatewayError('contract.request_invalid', `request does not conform to ${x.service.request}`, { issues });
      const requested = x.service.requestedFieldSets?.(x.input);
      if (requested) x.fieldSets = (x.fieldSets ?? []).filter((set) => requested.includes(set));
      await next();
    },
  };
}
