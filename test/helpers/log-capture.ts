// A logger whose JSON lines are kept for assertions (personal data must never appear in them).
import { PassThrough } from 'node:stream';
import { createLogger } from '../../src/log/create.ts';

export function captureLogger() {
  const stream = new PassThrough();
  const lines: string[] = [];
  const waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  let buffer = '';
  stream.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let i: number;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      lines.push(line);
      buffer = buffer.slice(i + 1);
      for (const w of waiters.splice(0)) {
        if (w.match(line)) w.resolve(line);
        else waiters.push(w);
      }
    }
  });
  const log = createLogger({ level: 'debug', stream });
  return {
    log,
    lines,
    text: () => lines.join('\n') + buffer,
    /** Resolves with the first line (already written or still to come) that contains `needle`. */
    waitFor(needle: string): Promise<string> {
      const seen = lines.find((l) => l.includes(needle));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match: (l) => l.includes(needle), resolve }));
    },
  };
}
