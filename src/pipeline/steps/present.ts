// Turns the projected answer into the route's wire shape (compatibility routes only).
import type { Step } from '../../core/exchange.ts';

export function present(): Step {
  return {
    name: 'present',
    async run(x, next) {
      if (x.service.present) x.output = x.service.present(x.output);
      await next();
    },
  };
}
