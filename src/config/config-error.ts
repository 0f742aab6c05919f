// A configuration problem: names the field (JSON pointer), why, and the file it came from. Exit code 78 (EX_CONFIG).
export const EX_CONFIG = 78;

export class ConfigError extends Error {
  readonly exitCode = EX_CONFIG;
  constructor(pointer: string, reason: string, source: string) {
    super(`config: ${pointer || '/'} ${reason} (from ${source})`);
    this.name = 'ConfigError';
  }
}
