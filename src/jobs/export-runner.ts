// Runs one export job: the list is read through the insurance-db adapter's `listPeople` operation, exactly as a
// stream request would be (jurisdiction in the query; rows checked, projected to the job's field sets, checked again
// and journaled as disclosed under the export's audit record), encoded as NDJSON or CSV and written to the job's
// file in segments. Each segment (gzipped as its own gzip member when asked: members concatenate into one valid
// gzip file) is synced to disk, then checkpointed with the list cursor after its last row, so an interrupted job
// resumes from its last checkpoint: the file is cut back to the checkpoint's length and the rows after it read again.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { CallContext, ContractChecker, Operation } from '../core/adapter.ts';
import type { Logger } from '../core/logger.ts';
import { isRowStream } from '../core/row-stream.ts';
import type { PurposeCode } from '../core/vocabulary.ts';
import { oldCodesOf } from '../domain/provinces.ts';
import { rowEncoder, type RowFormat } from '../lists/encode.ts';
import { listCsvColumns } from '../lists/columns.ts';
import { allowedFields } from '../pipeline/fields.ts';
import { badResponseRow, badUpstreamRow, checkedRows, journaledRows, projectedRows } from '../pipeline/rows.ts';
import type { DisclosureJournal } from '../store/disclosure-journal.ts';
import type { ExportJobTable } from '../store/schema.ts';
import type { ExportJobs } from './export-jobs.ts';

const gzip = promisify(gzipCallback);
/** Long enough for any list: the job is bounded by cancellation, not by a call deadline. */
const JOB_DEADLINE_MS = 7 * 24 * 3600 * 1000;

export interface ExportRunnerDeps {
  readonly jobs: ExportJobs;
  readonly list: Operation;
  readonly count: Operation;
  /** The contract of one list row (the list route's response contract). */
  readonly rowContract: string;
  readonly contracts: ContractChecker;
  /** Field set name -> top-level fields (config). */
  readonly fieldSets: Readonly<Record<string, readonly string[]>>;
  readonly journal: DisclosureJournal;
  readonly log: Logger;
  readonly segmentBytes: number;
  readonly retentionMs: number;
}

export type ExportOutcome = 'ready' | 'stopped';

/** Runs a claimed job to its end; 'stopped' when `signal` aborted first (cancelled, or the gateway stopping). */
export async function runExport(job: ExportJobTable, auditSeq: number, path: string, deps: ExportRunnerDeps, signal: AbortSignal): Promise<ExportOutcome> {
  const fieldSets = JSON.parse(job.field_sets) as string[];
  const fields = allowedFields(deps.fieldSets, fieldSets);
  const ctx: CallContext = {
    requestId: job.request_id, signal, deadline: Date.now() + JOB_DEADLINE_MS, partner: job.partner_id, purpose: job.purpose as PurposeCode,
    fields, provinces: oldCodesOf(job.province), today: job.reference_date, delivery: 'stream',
  };
  const request = JSON.parse(job.request) as Record<string, unknown>;
  if (job.rows_estimated === null) {
    // Progress only: a count that fails (or times out on a huge province) leaves the estimate empty, not the job.
    const counted = await deps.count.run(request, ctx).then((r: { count: number }) => r.count, (e: unknown) => {
      deps.log.warn('export row estimate failed', { exportId: job.id, error: e });
      return undefined;
    });
    if (counted !== undefined) await deps.jobs.setEstimate(job.id, counted);
  }
  const answer = await deps.list.run(job.resume_cursor ? { ...request, cursor: job.resume_cursor } : request, ctx);
  if (!isRowStream(answer)) throw new Error('listPeople did not answer a row stream');
  const context = { exportId: job.id };
  const rows = journaledRows(
    checkedRows(projectedRows(checkedRows(answer, deps.contracts, deps.list.output, badUpstreamRow('insurance-db'), deps.log, context), fields), deps.contracts, deps.rowContract, badResponseRow, deps.log, context),
    deps.journal,
    auditSeq,
  );
  const encoder = rowEncoder(job.format as RowFormat, listCsvColumns(fieldSets));
  const file = await open(path, job.bytes === 0 ? 'w' : 'r+');
  try {
    await file.truncate(job.bytes);
    let bytes = job.bytes;
    let rowsDone = job.rows_done;
    let cursor = job.resume_cursor;
    let segment: Buffer[] = job.bytes === 0 ? [Buffer.from(encoder.header, 'utf8')] : [];
    let segmentLength = segment[0]?.length ?? 0;
    let segmentRows = 0;
    const flush = async () => {
      const text = Buffer.concat(segment, segmentLength);
      const data = job.gzip ? await gzip(text) : text;
      await file.write(data, 0, data.length, bytes);
      await file.datasync();
      bytes += data.length;
      rowsDone += segmentRows;
      segment = [];
      segmentLength = 0;
      segmentRows = 0;
      return deps.jobs.checkpoint(job.id, rowsDone, bytes, cursor);
    };
    for await (const batch of rows.read(signal)) {
      const encoded = encoder.encode(batch.rows);
      segment.push(encoded);
      segmentLength += encoded.length;
      segmentRows += batch.rows.length;
      cursor = batch.resumeCursor ?? cursor;
      if (segmentLength >= deps.segmentBytes && !(await flush())) return 'stopped';
    }
    if (signal.aborted) return 'stopped';
    if ((segmentLength > 0 || bytes === 0) && !(await flush())) return 'stopped';
  } finally {
    await file.close();
  }
  return (await deps.jobs.finish(job.id, await sha256Of(path), deps.retentionMs)) ? 'ready' : 'stopped';
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
