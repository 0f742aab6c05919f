// The route's scope must be both asked for in the token and granted to the partner.
import { GatewayError } from '../../core/errors.ts';
import type { Step } from '../../core/exchange.ts';

export function authorizeScope(): Step {
  return {
    name: 'authorize-scope',
    async run(x, next) {
      const scope = x.service.scope;
      const asked = x.principal?.scopes.includes(scope) ?? false;
      const granted = x.grant?.scopes.includes(scope) ?? false;
      if (!asked || !granted) {
        throw new GatewayError('scope.missing', `this route requires scope ${scope}${asked ? ', which is not granted to the partner' : ' in the token'}`, {
          headers: { 'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${scope}"` },
        });
      }
      await next();
    },
  };
}
