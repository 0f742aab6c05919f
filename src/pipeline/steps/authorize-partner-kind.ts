// A route that declares partner kinds is open only to partners of those kinds, whatever scopes their grant holds.
import { GatewayError } from '../../core/errors.ts';
import type { Step } from '../../core/exchange.ts';

export function authorizePartnerKind(): Step {
  return {
    name: 'authorize-partner-kind',
    async run(x, next) {
      const allowed = x.service.partnerKinds ?? [];
      const kind = x.grant?.kind;
      if (kind === undefined || !allowed.includes(kind)) {
        throw new GatewayError('partner.kind_denied', `this route is open to ${allowed.join(', ')} partners only`);
      }
      await next();
    },
  };
}
