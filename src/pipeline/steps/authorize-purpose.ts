// The declared purpose of use must be one the route serves and one the partner's agreement allows; it also
// decides which sensitive field sets may leave.
import { GatewayError } from '../../core/errors.ts';
import type { Step } from '../../core/exchange.ts';
import { isOneOf, PURPOSES, SENSITIVE_FIELD_SETS } from '../../core/vocabulary.ts';

export function authorizePurpose(): Step {
  return {
    name: 'authorize-purpose',
    async run(x, next) {
      const purpose = x.principal?.purpose ?? '';
      if (!isOneOf(PURPOSES, purpose)) throw new GatewayError('purpose.denied', 'purpose_of_use must be one of the gateway\'s purpose codes');
      if (!x.service.purposes.includes(purpose)) {
        throw new GatewayError('purpose.denied', `this route serves purposes ${x.service.purposes.join(', ')}`);
      }
      if (!x.grant?.purposes.includes(purpose)) throw new GatewayError('purpose.denied', 'purpose not in the partner\'s agreement');
      const granted = x.grant.fieldSets;
      x.fieldSets = x.service.fieldSets.filter((set) => {
        const onlyFor = SENSITIVE_FIELD_SETS[set];
        return granted.includes(set) && (!onlyFor || onlyFor.includes(purpose));
      });
      await next();
    },
  };
}
