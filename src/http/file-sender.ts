// Sends a stored file (an export) as it is stored: the whole file (200) or the one byte range the pipeline granted
// (206, Content-Range), piped with backpressure.
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { ServerResponse } from 'node:http';
import type { FileAnswer } from '../core/file-answer.ts';

export async function sendFile(res: ServerResponse, file: FileAnswer): Promise<void> {
  const range = file.range;
  res.setHeader('Content-Type', file.mediaType);
  res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('ETag', file.etag);
  res.setHeader('Last-Modified', new Date(file.lastModified).toUTCString());
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (range) {
    res.statusCode = 206;
    res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.bytes}`);
    res.setHeader('Content-Length', String(range.end - range.start + 1));
  } else {
    res.statusCode = 200;
    res.setHeader('Content-Length', String(file.bytes));
  }
  if (file.bytes === 0) {
    res.end();
    return;
  }
  await pipeline(createReadStream(file.path, range ? { start: range.start, end: range.end } : {}), res);
}
