// The export routes' operations, over the gateway's own export jobs (registered as the adapter `gateway-exports`,
// so the export routes run the one pipeline: authentication, scope, purpose, agreement, contracts and audit).
// A job is visible to the partner that created it only: any other partner, and any id that does not exist, get
// the same 404.
import { stat } from 'node:fs/promises';
import type { Adapter, CallContext, Operation } from '../core/adapter.ts';
import { GatewayError } from '../core/errors.ts';
import type { FileAnswer } from '../core/file-answer.ts';
import { toNewProvince } from '../domain/provinces.ts';
import { MEDIA_TYPES, type RowFormat } from '../lists/encode.ts';
import type { ExportJobTable } from '../store/schema.ts';
import { type ExportFormat, type ExportJobs, fileExtension } from './export-jobs.ts';
import { type ExportWorkers, notFound } from './exports.ts';

export const EXPORTS_ADAPTER = 'gateway-exports';

export interface ExportView {
  id: string;
  state: string;
  format: string;
  gzip: boolean;
  province: string;
  fieldSets: string[];
  referenceDate: string;
  createdAt: string;
  finishedAt?: string;
  expiresAt?: string;
  progress: { rowsDone: number; rowsEstimated?: number; percent?: number };
  failure?: string;
  statusUrl: string;
  download?: { url: string; bytes: number; sha256: string; mediaType: string };
}

export interface ExportsAdapterDeps {
  readonly jobs: ExportJobs;
  readonly workers: ExportWorkers;
  /** The insurance-db `listPeople` operation: a one-row page checks a new export's filters and jurisdiction. */
  readonly list: Operation;
  /** Field set name -> top-level fields (config), to name the sets a call context's fields come from. */
  readonly fieldSets: Readonly<Record<string, readonly string[]>>;
  /** The field sets an export can hold. */
  readonly listFieldSets: readonly string[];
  readonly publicUrl: string;
}

export function mediaTypeOf(job: Pick<ExportJobTable, 'format' | 'gzip'>): string {
  return job.gzip ? 'application/gzip' : MEDIA_TYPES[job.format as RowFormat];
}

export function exportView(job: ExportJobTable, publicUrl: string): ExportView {
  const statusUrl = `${publicUrl}/v1/exports/${job.id}`;
  const estimated = job.rows_estimated === null ? undefined : Number(job.rows_estimated);
  const done = Number(job.rows_done);
  return {
    id: job.id,
    state: job.state,
    format: job.format,
    gzip: job.gzip === 1,
    province: job.province,
    fieldSets: JSON.parse(job.field_sets) as string[],
    referenceDate: job.reference_date,
    createdAt: job.created_at,
    ...(job.finished_at ? { finishedAt: job.finished_at } : {}),
    ...(job.expires_at && job.state === 'ready' ? { expiresAt: job.expires_at } : {}),
    progress: {
      rowsDone: done,
      ...(estimated !== undefined ? { rowsEstimated: estimated } : {}),
      ...(estimated ? { percent: Math.min(100, Math.round((1000 * done) / estimated) / 10) } : job.state === 'ready' ? { percent: 100 } : {}),
    },
    ...(job.failure ? { failure: job.failure } : {}),
    statusUrl,
    ...(job.state === 'ready' && job.file_sha256
      ? { download: { url: `${statusUrl}/file`, bytes: Number(job.bytes), sha256: job.file_sha256, mediaType: mediaTypeOf(job) } }
      : {}),
  };
}

export function exportsAdapter(deps: ExportsAdapterDeps): Adapter {
  const ownJob = async (id: string, ctx: CallContext): Promise<ExportJobTable> => {
    const job = await deps.jobs.get(id);
    if (!job || job.partner_id !== ctx.partner) throw notFound();
    return job;
  };
  const createExport: Operation<Record<string, unknown> & { format: ExportFormat; gzip?: boolean }, ExportView> = {
    input: 'exports.create.request.v1.json',
    output: 'exports.job.v1.json',
    idempotent: false,
    async run(input, ctx) {
      const { format, gzip, ...filters } = input;
      const fieldSets = deps.listFieldSets.filter((set) => (deps.fieldSets[set] ?? []).every((f) => ctx.fields.has(f)) && (deps.fieldSets[set] ?? []).length > 0);
      const referenceDate = (filters.referenceDate as string | undefined) ?? ctx.today;
      const request = { ...filters, referenceDate, fieldSets };
      // The same checks a list request gets (jurisdiction, communes, ranges), on a one-row page never sent.
      await deps.list.run({ ...request, limit: 1 }, { ...ctx, delivery: 'page' });
      const province = (filters.province as string | undefined) ?? toNewProvince(ctx.provinces?.[0] ?? '');
      if (!province) throw new GatewayError('contract.request_invalid', 'name the province to export', { issues: [{ pointer: '/province', message: 'is required' }] });
      const job = await deps.jobs.create({
        partnerId: ctx.partner, purpose: ctx.purpose, province, fieldSets, request, referenceDate, format, gzip: gzip === true, requestId: ctx.requestId,
      });
      deps.workers.wake();
      return exportView(job, deps.publicUrl);
    },
  };
  const exportStatus: Operation<{ exportId: string }, ExportView> = {
    input: 'exports.by-id.request.v1.json',
    output: 'exports.job.v1.json',
    idempotent: true,
    async run(input, ctx) {
      return exportView(await ownJob(input.exportId, ctx), deps.publicUrl);
    },
  };
  const cancelExport: Operation<{ exportId: string }, ExportView> = {
    input: 'exports.by-id.request.v1.json',
    output: 'exports.job.v1.json',
    idempotent: true,
    async run(input, ctx) {
      await ownJob(input.exportId, ctx);
      await deps.workers.cancel(input.exportId);
      return exportView(await ownJob(input.exportId, ctx), deps.publicUrl);
    },
  };
  const exportFile: Operation<{ exportId: string; range?: string; ifRange?: string }, FileAnswer> = {
    input: 'exports.file.request.v1.json',
    output: 'exports.file.v1.json',
    idempotent: true,
    async run(input, ctx) {
      const job = await ownJob(input.exportId, ctx);
      if (job.state === 'expired') throw new GatewayError('export.expired', 'the file passed its retention and was deleted; create the export again');
      if (job.state !== 'ready' || !job.file_sha256) throw new GatewayError('export.not_ready', `the export is ${job.state}; its file can be downloaded once it is ready`);
      const path = deps.workers.filePath(job);
      const size = await stat(path).then((s) => s.size, () => -1);
      if (size !== Number(job.bytes)) throw new GatewayError('export.expired', 'the file is no longer stored; create the export again');
      const etag = `"${job.file_sha256}"`;
      const range = input.ifRange !== undefined && input.ifRange !== etag ? undefined : byteRange(input.range, size);
      return {
        kind: 'file', path, bytes: size, mediaType: mediaTypeOf(job), fileName: `${job.id}.${fileExtension(job)}`, etag,
        lastModified: job.finished_at ?? job.updated_at, rows: Number(job.rows_done), ...(range ? { range } : {}),
      };
    },
  };
  return {
    async init() {},
    async health() {
      return { ok: true };
    },
    async close() {},
    operations: { createExport, exportStatus, cancelExport, exportFile },
  };
}

/**
 * The one byte range a Range header asks for (RFC 9110 14.1.2): "bytes=first-last", "bytes=first-" or "bytes=-suffix".
 * Anything else (another unit, several ranges, bad syntax) is ignored: the whole file is sent. A range that starts
 * past the end is refused (416, with the size).
 */
export function byteRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  const m = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) throw unsatisfiable(size);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
  }
  if (start >= size) throw unsatisfiable(size);
  return { start, end };
}

function unsatisfiable(size: number): GatewayError {
  return new GatewayError('export.range_not_satisfiable', `the file has ${size} bytes`, { headers: { 'Content-Range': `bytes */${size}` } });
}
