// The one home of winston: JSON lines on stdout (or a given stream), every record masked first. Lines go through
// winston's format pipeline (mask, timestamp, JSON) and are then written straight to the destination: winston's
// Logger and transports are object-mode streams that would add about 12 µs to every request's log line.
import type { Writable } from 'node:stream';
import winston from 'winston';
import type { Logger } from '../core/logger.ts';
import { Masker } from './mask.ts';

export interface LogOptions {
  readonly level: 'error' | 'warn' | 'info' | 'debug';
  /** Where lines go; stdout when absent. */
  readonly stream?: Writable;
  readonly masker?: Masker;
}

type Level = LogOptions['level'];
const SEVERITY: Readonly<Record<Level, number>> = { error: 0, warn: 1, info: 2, debug: 3 };
/** Where logform's json format leaves the finished line. */
const MESSAGE = Symbol.for('message');

export function createLogger(opts: LogOptions): Logger & { close(): void } {
  const masker = opts.masker ?? new Masker();
  // A new object with every field masked (objects built by spreading or by storing under computed keys in place are
  // several times slower to fill and to stringify).
  const maskFormat = winston.format((info) => {
    const out: Record<string, unknown> = {};
    for (const key in info) {
      const v = info[key];
      out[key] = key === 'level' || key === 'timestamp' ? v : key === 'message' && typeof v === 'string' ? masker.text(v) : masker.value(v, key);
    }
    return out as winston.Logform.TransformableInfo;
  });
  const format = winston.format.combine(maskFormat(), jsonLine());
  const out: Writable = opts.stream ?? process.stdout;
  const threshold = SEVERITY[opts.level];
  let closed = false;
  const write = (level: Level, message: string, meta: Record<string, unknown> | undefined): void => {
    if (closed || SEVERITY[level] > threshold) return;
    const record: Record<string, unknown> = { level, message };
    if (meta) for (const key in meta) if (key !== 'level' && key !== 'message') record[key] = meta[key];
    const info = format.transform(record as winston.Logform.TransformableInfo, format.options);
    if (!info) return;
    out.write(`${(info as unknown as Record<symbol, string>)[MESSAGE]}\n`);
  };
  return {
    info: (m, meta) => write('info', m, meta),
    warn: (m, meta) => write('warn', m, meta),
    error: (m, meta) => write('error', m, meta),
    debug: (m, meta) => write('debug', m, meta),
    close: () => {
      closed = true;
    },
  };
}

/**
 * The time, then the record as one JSON line. Masking has already made every value plain JSON (errors, bigints and
 * deep objects included), so JSON.stringify serves; logform's json format (a key-sorting safe stringify) takes over
 * for anything it cannot write.
 */
const jsonLine = winston.format((info) => {
  info.timestamp = new Date().toISOString();
  try {
    (info as unknown as Record<symbol, string>)[MESSAGE] = JSON.stringify(info);
    return info;
  } catch {
    return fallbackJson.transform(info, fallbackJson.options);
  }
});
const fallbackJson = winston.format.json();

/** A logger that drops everything (CLI commands that print their own output). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };
