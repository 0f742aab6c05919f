// Sends a row stream as the client asked (Accept): a JSON page ({ items, nextCursor }), NDJSON or CSV. Streams are
// written batch by batch with backpressure: the next batch is read from the store only once the socket has taken
// the previous one ('drain'), so a slow client holds one batch in memory, not the list. A client that goes away
// aborts the read at once. Each batch also yields to the event loop, so that on the embedded store (whose reads
// do not wait on I/O) a long stream lets other requests, and the news of a client that left, in between. A failure
// after the first bytes can no longer become a problem document: the connection is cut, so the client sees an
// incomplete transfer, never a complete-looking one.
import { once } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ServerResponse } from 'node:http';
import { GatewayError } from '../core/errors.ts';
import type { CsvColumn, RowDelivery, RowStream } from '../core/row-stream.ts';
import { type RowFormat, rowEncoder } from '../lists/encode.ts';
import { reply } from './reply.ts';

export type RowAnswerFormat = 'json' | RowFormat;

/** The format an Accept header asks for among JSON, NDJSON and CSV (JSON when absent or a wildcard). */
export function negotiateRows(accept: string | undefined): RowAnswerFormat {
  if (!accept || accept.trim() === '') return 'json';
  const ranges = accept
    .split(',')
    .map((part, k) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type.trim(), q: q ? Number(q.slice(2)) : 1, k };
    })
    .filter((r) => r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.k - b.k);
  for (const { type } of ranges) {
    if (type === 'application/x-ndjson' || type === 'application/ndjson') return 'ndjson';
    if (type === 'text/csv') return 'csv';
    if (type === 'application/json' || type === 'application/*' || type === '*/*') return 'json';
  }
  throw new GatewayError('request.not_acceptable', 'lists are sent as application/json (pages), application/x-ndjson or text/csv');
}

export function deliveryOf(format: RowAnswerFormat): RowDelivery {
  return format === 'json' ? 'page' : 'stream';
}

/** Writes the rows; resolves with the number written once the response has ended (or the client has gone). */
export async function writeRows(res: ServerResponse, stream: RowStream, format: RowAnswerFormat, columns: readonly CsvColumn[], signal: AbortSignal): Promise<number> {
  const batches = stream.read(signal)[Symbol.asyncIterator]();
  if (format === 'json') {
    const items: unknown[] = [];
    for (let next = await batches.next(); !next.done; next = await batches.next()) items.push(...next.value.rows);
    reply(res, 200, 'application/json', JSON.stringify({ items, ...(stream.nextCursor ? { nextCursor: stream.nextCursor } : {}) }));
    return items.length;
  }
  const encoder = rowEncoder(format, columns);
  // The first batch is read before any byte goes out, so an early failure is still a proper problem answer.
  let next = await batches.next();
  res.statusCode = 200;
  res.setHeader('Content-Type', encoder.mediaType);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  let written = 0;
  try {
    if (encoder.header && !res.write(encoder.header)) await drained(res, signal);
    while (!next.done && !signal.aborted) {
      written += next.value.rows.length;
      if (!res.write(encoder.encode(next.value.rows))) await drained(res, signal);
      await nextTurn();
      if (signal.aborted) break;
      next = await batches.next();
    }
  } catch (e) {
    await batches.return?.();
    if (signal.aborted) return written;
    res.destroy(e instanceof Error ? e : new Error(String(e)));
    throw e;
  }
  if (signal.aborted) {
    await batches.return?.();
    return written;
  }
  res.end();
  return written;
}

async function drained(res: ServerResponse, signal: AbortSignal): Promise<void> {
  try {
    await once(res, 'drain', { signal });
  } catch {
    // aborted: the caller sees signal.aborted and stops
  }
}
