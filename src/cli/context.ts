// What every CLI command receives from src/main.ts (the only reader of process.env and argv).
import type { GatewayConfig } from '../config/types.ts';
import type { Store } from '../store/open.ts';

export interface CliContext {
  readonly config: GatewayConfig;
  /** Opens the configured store and brings it to the latest migration. The caller closes it. */
  openStore(): Promise<Store>;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** True when stderr is a terminal: progress bars are drawn only then. */
  readonly interactive: boolean;
}
