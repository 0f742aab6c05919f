// The one home of winston: JSON lines on stdout (or a given stream), every record masked first.
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

export function createLogger(opts: LogOptions): Logger & { close(): void } {
  const masker = opts.masker ?? new Masker();
  const maskFormat = winston.format((info) => {
    for (const key of Object.keys(info)) {
      if (key === 'level' || key === 'timestamp') continue;
      info[key] = key === 'message' && typeof info[key] === 'string' ? masker.text(info[key] as string) : masker.value(info[key], key);
    }
    return info;
  });
  const transport = opts.stream
    ? new winston.transports.Stream({ stream: opts.stream })
    : new winston.transports.Console();
  const logger = winston.createLogger({
    level: opts.level,
    format: winston.format.combine(maskFormat(), winston.format.timestamp(), winston.format.json()),
    transports: [transport],
  });
  return {
    info: (m, meta) => logger.info(m, meta),
    warn: (m, meta) => logger.warn(m, meta),
    error: (m, meta) => logger.error(m, meta),
    debug: (m, meta) => logger.debug(m, meta),
    close: () => logger.close(),
  };
}

/** A logger that drops everything (CLI commands that print their own output). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };
