// The body about to leave must conform to the response contract; if not, it is our bug: 500, never sent. Each row
// of a row stream is checked against the row contract as it is read (a bad row ends the stream, unsent).
import { GatewayError } from '../../core/errors.ts';
import type { Exchange, Step } from '../../core/exchange.ts';
import { isRowStream } from '../../core/row-stream.ts';
import type { PipelineDeps } from '../deps.ts';
import { badResponseRow, checkedRows } from '../rows.ts';

export function validateResponse(deps: PipelineDeps): Step {
  return {
    name: 'validate-response',
    async run(x, next) {
      if (x.service.answer === 'file') {
        await next();
        return;
      }
      if (isRowStream(x.output)) {
        if (!rowsStayValid(x, deps)) {
          x.output = checkedRows(x.output, deps.contracts, x.service.response, badResponseRow, deps.log, { requestId: x.requestId, service: x.service.id });
        }
        await next();
        return;
      }
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

/**
 * Rows already checked against the route's own row contract (the operation answers in it) and since only projected
 * stay valid when that contract requires no member: removing members cannot break it. Checking each row twice
 * would cost a second validation per row on lists of millions.
 */
function rowsStayValid(x: Exchange, deps: PipelineDeps): boolean {
  const operation = deps.adapters.get(x.service.operation.adapter)?.operations[x.service.operation.name];
  if (operation?.output !== x.service.response) return false;
  const required = deps.contracts.schema(x.service.response).required;
  return !Array.isArray(required) || required.length === 0;
}
