// A logger whose JSON lines are kept for assertions (personal data must never appear in them).
import { PassThrough } from 'node:stream';
import { createLogger } from '../../src/log/create.ts';

export function captureLogger() {
  const stream = new PassThrough();
  const lines: string[] = [];
  let buffer = '';
  stream.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let i: number;
    while ((i = buffer.indexOf('\n')) >= 0) {
      lines.push(buffer.slice(0, i));
      buffer = buffer.slice(i + 1);
    }
  });
  const log = createLogger({ level: 'debug', stream });
  return { log, lines, text: () => lines.join('\n') + buffer };
}
