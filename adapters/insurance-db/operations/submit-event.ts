// The one operation the event-intake route calls: hands each event to the operation of its type.
import type { Operation } from '../../../src/core/adapter.ts';
import { GatewayError } from '../../../src/core/errors.ts';

export function submitEvent(byType: Readonly<Record<string, Operation>>): Operation<{ type: string }, unknown> {
  return {
    input: 'events.request.v1.json',
    output: 'insurance-db.event-answer.v1.json',
    idempotent: false,
    async run(input, ctx) {
      const op = byType[input.type];
      if (!op) throw new GatewayError('contract.request_invalid', 'unknown event type', { issues: [{ pointer: '/type', message: 'is not a known event type' }] });
      return op.run(input, ctx);
    },
  };
}
