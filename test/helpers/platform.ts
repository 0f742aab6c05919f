// The data-sharing platform simulator in tests: its options, and waiting for the outbox to reach a state.
import type { SimulatorOptions } from '../../src/adapters/simulators.ts';
import { AS_OF, TEST_SEED } from './gateway.ts';

export function simulatorOptions(o: Partial<SimulatorOptions> = {}): SimulatorOptions {
  return { host: '127.0.0.1', port: 0, latencyMs: 0, errorRate: 0, seed: TEST_SEED, count: 0, asOf: AS_OF, ...o };
}

/**
 * Resolves once `check` holds, looking every 20 ms: for states reached by a background worker (the outbox dispatcher)
 * that announces nothing. Fails with `what` after `timeoutMs`.
 */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
