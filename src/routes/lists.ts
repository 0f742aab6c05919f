// Bulk lists for provincial health departments: filtered people of the department's own province, as JSON pages
// with signed cursors or as NDJSON / CSV streams (Accept), with only the granted field sets; sensitive health data
// only for epidemic control or vaccination.
import type { RowStream } from '../core/row-stream.ts';
import { defineService } from '../core/service.ts';
import { listCsvColumns } from '../lists/columns.ts';

export const LIST_FIELD_SETS = ['identity', 'card', 'coverage', 'employment', 'residence', 'health-priority', 'vaccination'] as const;
export const LIST_PURPOSES = ['epidemic-control', 'vaccination'] as const;

export const listQuery = defineService({
  id: 'lists.query.v1',
  method: 'POST',
  path: '/v1/lists/query',
  summary: 'People of the department\'s province matching the filters: JSON pages with a cursor, or the whole list as NDJSON or CSV (Accept)',
  scope: 'lists.read',
  purposes: LIST_PURPOSES,
  request: 'lists.query.request.v1.json',
  response: 'lists.row.v1.json',
  operation: { adapter: 'insurance-db', name: 'listPeople' },
  fieldSets: LIST_FIELD_SETS,
  input: ({ body }) => body,
  jurisdiction: 'province-of-query',
  answer: 'rows',
  csv: listCsvColumns,
  requestedFieldSets: (input: { fieldSets?: string[] }) => input.fieldSets,
  auditFacts: (_input, result: RowStream) => ({ detail: { ...result.summary } }),
});
