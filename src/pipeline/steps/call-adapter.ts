// Calls the route's adapter operation with a call context that carries the grant, under a deadline, and checks
// the answer against the operation's contract (a broken answer is the upstream's fault: 502). A row stream is
// checked row by row as it is read; a stored file is handed on as it is.
import type { CallContext, Operation } from '../../core/adapter.ts';
import { isoDate } from '../../core/clock.ts';
import { GatewayError, isGatewayError } from '../../core/errors.ts';
import type { Exchange, Step } from '../../core/exchange.ts';
import { isFileAnswer } from '../../core/file-answer.ts';
import { isRowStream } from '../../core/row-stream.ts';
import type { PurposeCode } from '../../core/vocabulary.ts';
import { oldCodesOf } from '../../domain/provinces.ts';
import type { PipelineDeps } from '../deps.ts';
import { allowedFields } from '../fields.ts';
import { badUpstreamRow, checkedRows } from '../rows.ts';

export function callAdapter(deps: PipelineDeps): Step {
  return {
    name: 'call-adapter',
    async run(x, next) {
      const { adapter: adapterName, name } = x.service.operation;
      const operation = deps.adapters.get(adapterName)?.operations[name];
      if (!operation) throw new Error(`operation ${adapterName}.${name} is not registered`);
      const deadline = x.receivedAt + deps.callTimeoutMs;
      // The call's signal (the request's, aborting at the deadline too) is made only when something reads it: most
      // operations answer from the store without ever looking.
      let signal: AbortSignal | undefined;
      const ctx: Mutable<CallContext> = {
        requestId: x.requestId,
        get signal() {
          return (signal ??= AbortSignal.any([x.signal, AbortSignal.timeout(Math.max(1, deadline - deps.clock.now()))]));
        },
        deadline,
        partner: x.principal?.partnerId ?? '',
        purpose: (x.principal?.purpose ?? '') as PurposeCode,
        fields: allowedFields(deps.fieldSets, x.fieldSets ?? [], x.service.alwaysFields),
        today: isoDate(x.receivedAt),
      };
      const provinces = jurisdiction(x);
      if (provinces !== undefined) ctx.provinces = provinces;
      if (x.transaction !== undefined) ctx.transaction = x.transaction;
      if (x.delivery !== undefined) ctx.delivery = x.delivery;
      const input = x.service.operationInput ? x.service.operationInput(x.input) : x.input;
      const inputIssues = deps.contracts.check(operation.input, input);
      if (inputIssues.length > 0) throw new GatewayError('contract.request_invalid', `request does not conform to ${operation.input}`, { issues: inputIssues });
      const started = performance.now();
      let result: unknown;
      try {
        result = await operation.run(input, ctx);
      } catch (e) {
        if (isGatewayError(e)) throw e;
        if (x.signal.aborted || signal?.aborted || deps.clock.now() >= deadline) throw new GatewayError('upstream.timeout', `${adapterName} did not answer in time`, { cause: e });
        throw new GatewayError('upstream.bad_response', `${adapterName} failed`, { cause: e });
      } finally {
        x.upstreamMs = performance.now() - started;
      }
      x.result = checkedAnswer(x, operation, result, deps);
      await next();
    },
  };
}

function checkedAnswer(x: Exchange, operation: Operation, result: unknown, deps: PipelineDeps): unknown {
  const { adapter: adapterName, name } = x.service.operation;
  const answer = x.service.answer ?? 'json';
  if (answer === 'rows' && isRowStream(result)) {
    return checkedRows(result, deps.contracts, operation.output, badUpstreamRow(adapterName), deps.log, { requestId: x.requestId, adapter: adapterName, operation: name });
  }
  if (answer === 'file' && isFileAnswer(result)) return result;
  const issues = answer === 'json' ? deps.contracts.check(operation.output, result) : [{ pointer: '/', message: `is not a ${answer === 'rows' ? 'row stream' : 'file'}` }];
  if (issues.length > 0) {
    deps.log.error('adapter answer violates its contract', { requestId: x.requestId, adapter: adapterName, operation: name, issues });
    throw new GatewayError('upstream.bad_response', `${adapterName} answered outside its contract`);
  }
  return result;
}

/** Provincial partners see only people of their province, old and new codes alike (undefined: no restriction). */
function jurisdiction(x: Exchange): readonly string[] | undefined {
  if (x.service.jurisdiction === 'none' || x.grant?.kind !== 'health-department') return undefined;
  const province = x.grant.province;
  return province ? oldCodesOf(province) : [];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
