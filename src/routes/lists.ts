// Bulk lists for provincial health departments: filtered people of the department's own province, as JSON pages
// with signed cursors or as NDJSON / CSV streams (Accept), with only the granted field sets; sensitive health data
// only for epidemic control or vaccination.
import type { RowStream } from '../core/row-stream.ts';
import { defineService } from '../core/service.ts';
import { listCsvColumns } from '../lists/columns.ts';

export const LIST_FIELD_SETS = ['identity', 'card', 'coverage', 'employment', 'residence', 'health-priority', 'vaccination'] as const;
export const LIST_PURPOSES = ['epidemic-control', 'vaccination'] as const;

/** The field set holding the data each priority group is derived from. */
const PRIORITY_GROUP_SETS: Readonly<Record<string, string>> = {
  'health-worker': 'employment', teacher: 'employment', 'industrial-park-worker': 'employment', 'large-employer-worker': 'employment',
  'armed-forces': 'coverage', 'social-protection': 'coverage', 'pupil-student': 'coverage', elderly: 'identity',
};

interface ListFilters {
  communes?: unknown; age?: unknown; sex?: unknown; priorityGroups?: string[]; chronicConditions?: unknown; vaccination?: unknown;
  employerTaxCode?: unknown; industrialParkId?: unknown; insuranceStatus?: unknown;
}

/** The field sets whose data a list's filters select on (each must be granted for the purpose). */
export function listFilterFieldSets(input: ListFilters): string[] {
  const sets = new Set<string>();
  if (input.communes !== undefined) sets.add('residence');
  if (input.age !== undefined || input.sex !== undefined) sets.add('identity');
  for (const group of input.priorityGroups ?? []) sets.add(PRIORITY_GROUP_SETS[group] ?? 'employment');
  if (input.chronicConditions !== undefined) sets.add('health-priority');
  if (input.vaccination !== undefined) sets.add('vaccination');
  if (input.employerTaxCode !== undefined || input.industrialParkId !== undefined) sets.add('employment');
  if (input.insuranceStatus !== undefined) sets.add('coverage');
  return [...sets];
}

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
  filterFieldSets: listFilterFieldSets,
  auditFacts: (_input, result: RowStream) => ({ detail: { ...result.summary } }),
});
