// A CLI failure with its sysexits code: 64 usage, 65 bad data, 66 missing input, 69 unavailable, 73 cannot create.
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 64) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
