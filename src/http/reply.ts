// Writes a whole text answer straight to Node's response: status, `Content-Type` with charset=utf-8 (as Express
// sends it), `Content-Length`, body. A HEAD request gets the headers only (Node drops the body).
import type { ServerResponse } from 'node:http';

export function reply(res: ServerResponse, status: number, mediaType: string, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', `${mediaType}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
