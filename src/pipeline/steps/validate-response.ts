// The body about to leave must conform to the response contract; if not, it is our bug: 500, never sent.
import { GatewayError } from '../../core/errors.ts';
import type { Step } from '../../core/exchange.ts';
import type { PipelineDeps } from '../deps.ts';

export function validateResponse(deps: PipelineDeps): Step {
  return {
    name: 'validate-response',
    async run(x, next) {
      const issues = deps.contracts.check(x.service.response, x.output);
      if (issues.length > 0) {
        deps.log.error('response violates its contract', { requestId: x.requestId, service: x.service.id, issues });
        x.output = undefined;
        throw new GatewayError('contract.response_invalid');
      }
      await next();
    },
  };
}
