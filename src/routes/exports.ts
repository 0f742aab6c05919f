// Asynchronous list exports: create a job (202 + its URL), watch its state and progress, download its file (whole
// or by byte range, so a broken download resumes), cancel it. Only the partner that created a job sees it.
import { defineService } from '../core/service.ts';
import type { FileAnswer } from '../core/file-answer.ts';
import { EXPORTS_ADAPTER, type ExportView } from '../jobs/exports-adapter.ts';
import { LIST_FIELD_SETS, LIST_PURPOSES, listFilterFieldSets } from './lists.ts';

/** Every member of a job's status: none belongs to a field set, all are always sent. */
const JOB_FIELDS = [
  'id', 'state', 'format', 'gzip', 'province', 'fieldSets', 'referenceDate', 'createdAt', 'finishedAt', 'expiresAt', 'progress', 'failure',
  'statusUrl', 'download',
];

const common = {
  scope: 'lists.read',
  purposes: LIST_PURPOSES,
  jurisdiction: 'none',
} as const;

export const createExport = defineService({
  ...common,
  jurisdiction: 'province-of-query',
  id: 'exports.create.v1',
  method: 'POST',
  path: '/v1/exports',
  summary: 'Export a list (the filters of /v1/lists/query) to a file, NDJSON or CSV, gzipped if asked: 202 with the job\'s URL',
  request: 'exports.create.request.v1.json',
  response: 'exports.job.v1.json',
  operation: { adapter: EXPORTS_ADAPTER, name: 'createExport' },
  fieldSets: LIST_FIELD_SETS,
  alwaysFields: JOB_FIELDS,
  input: ({ body }) => body,
  requestedFieldSets: (input: { fieldSets?: string[] }) => input.fieldSets,
  filterFieldSets: listFilterFieldSets,
  auditFacts: (input: Record<string, unknown>, result: ExportView) => {
    const { fieldSets: _fieldSets, format, gzip, ...filters } = input;
    return { exportRef: result.id, detail: { export: 'created', format, gzip: gzip === true, province: result.province, referenceDate: result.referenceDate, filters } };
  },
  accepted: (output: ExportView) => output.statusUrl,
});

export const exportStatus = defineService({
  ...common,
  id: 'exports.status.v1',
  method: 'GET',
  path: '/v1/exports/:exportId',
  summary: 'An export job: state, progress (rows done / estimated), download link once ready',
  request: 'exports.by-id.request.v1.json',
  response: 'exports.job.v1.json',
  operation: { adapter: EXPORTS_ADAPTER, name: 'exportStatus' },
  fieldSets: [],
  alwaysFields: JOB_FIELDS,
  input: ({ params }) => ({ exportId: params.exportId }),
  auditFacts: (input: { exportId: string }) => ({ exportRef: input.exportId }),
});

export const cancelExport = defineService({
  ...common,
  id: 'exports.cancel.v1',
  method: 'DELETE',
  path: '/v1/exports/:exportId',
  summary: 'Cancel an export job (a running job stops; a ready job\'s file is deleted)',
  request: 'exports.by-id.request.v1.json',
  response: 'exports.job.v1.json',
  operation: { adapter: EXPORTS_ADAPTER, name: 'cancelExport' },
  fieldSets: [],
  alwaysFields: JOB_FIELDS,
  input: ({ params }) => ({ exportId: params.exportId }),
  auditFacts: (input: { exportId: string }) => ({ exportRef: input.exportId, detail: { export: 'cancelled' } }),
});

export const exportFile = defineService({
  ...common,
  id: 'exports.file.v1',
  method: 'GET',
  path: '/v1/exports/:exportId/file',
  summary: 'Download an export\'s file as stored (gzip when asked at creation); Range resumes a broken download',
  request: 'exports.file.request.v1.json',
  response: 'exports.file.v1.json',
  operation: { adapter: EXPORTS_ADAPTER, name: 'exportFile' },
  fieldSets: [],
  input: ({ params, headers }) => ({
    exportId: params.exportId,
    ...(headers?.range !== undefined ? { range: headers.range } : {}),
    ...(headers?.['if-range'] !== undefined ? { ifRange: headers['if-range'] } : {}),
  }),
  answer: 'file',
  auditFacts: (input: { exportId: string }, result: FileAnswer) => ({
    exportRef: input.exportId,
    detail: {
      export: 'downloaded', rows: result.rows,
      bytes: result.range ? `${result.range.start}-${result.range.end}/${result.bytes}` : `0-${result.bytes - 1}/${result.bytes}`,
    },
  }),
});
