// Field-level minimisation: only the fields of the granted field sets (and the route's always-fields) remain.
import type { Step } from '../../core/exchange.ts';
import type { PipelineDeps } from '../deps.ts';
import { allowedFields } from '../fields.ts';

export function projectFields(deps: PipelineDeps): Step {
  return {
    name: 'project-fields',
    async run(x, next) {
      const allowed = allowedFields(deps.fieldSets, x.fieldSets ?? [], x.service.alwaysFields);
      const source = x.result as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(source)) if (allowed.has(k)) out[k] = v;
      x.output = out;
      await next();
    },
  };
}
