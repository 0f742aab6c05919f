// Every call must fall within the dates of the partner's data-sharing agreement.
import { isoDate } from '../../core/clock.ts';
import { GatewayError } from '../../core/errors.ts';
import type { Step } from '../../core/exchange.ts';

export function authorizeAgreement(): Step {
  return {
    name: 'authorize-agreement',
    async run(x, next) {
      const agreement = x.grant?.agreement;
      const today = isoDate(x.receivedAt);
      if (agreement?.validFrom && today < agreement.validFrom) throw new GatewayError('grant.expired', 'the data-sharing agreement is not yet in force');
      if (agreement?.validTo && today > agreement.validTo) throw new GatewayError('grant.expired', 'the data-sharing agreement has ended');
      await next();
    },
  };
}
