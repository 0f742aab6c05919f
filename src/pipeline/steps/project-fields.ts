// Field-level minimisation: only the fields of the granted field sets (and the route's always-fields) remain, in
// every row of a row stream too. A stored file was projected when it was made.
import type { Step } from '../../core/exchange.ts';
import { isRowStream } from '../../core/row-stream.ts';
import type { PipelineDeps } from '../deps.ts';
import { allowedFields } from '../fields.ts';
import { projectedRows } from '../rows.ts';

export function projectFields(deps: PipelineDeps): Step {
  return {
    name: 'project-fields',
    async run(x, next) {
      const allowed = allowedFields(deps.fieldSets, x.fieldSets ?? [], x.service.alwaysFields);
      if (x.service.answer === 'file') {
        x.output = x.result;
        await next();
        return;
      }
      if (isRowStream(x.result)) {
        x.output = projectedRows(x.result, allowed);
        await next();
        return;
      }
      const source = x.result as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(source)) if (allowed.has(k)) out[k] = source[k];
      x.output = out;
      await next();
    },
  };
}
