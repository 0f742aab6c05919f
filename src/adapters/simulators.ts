// The literal table of upstream simulators started by `vss-gateway simulate <name>`: real HTTP stand-ins for tests,
// the bench and demos, answering from the seeded dataset. Simulators are never registered as adapters.
import { startSimulator as startDataSharingPlatform } from '../../adapters/data-sharing-platform/simulator.ts';
import { startSimulator as startHealthAuthority } from '../../adapters/health-authority/simulator.ts';
import { startSimulator as startPopulationDb } from '../../adapters/population-db/simulator.ts';

export interface SimulatorFaults {
  /** Share of requests whose connection is destroyed without an answer (a reset). */
  readonly resetRate: number;
  /** Every body is sent in two halves this many ms apart (0: at once). */
  readonly slowBodyMs: number;
  /** Share of requests answered 200 with a body that is not valid JSON. */
  readonly malformedRate: number;
  /** Share of requests answered 200 with a body far larger than any real answer. */
  readonly oversizedRate: number;
}

export interface SimulatorOptions {
  /** Interface to listen on (127.0.0.1 unless told otherwise). */
  readonly host: string;
  /** 0 for an ephemeral port. */
  readonly port: number;
  /** Added before every answer. */
  readonly latencyMs: number;
  /** Share of requests answered 503 with Retry-After. */
  readonly errorRate: number;
  /** Dataset seed (and the seed of fault draws). */
  readonly seed: number;
  /** People of the dataset the simulator knows. */
  readonly count: number;
  /** The dataset's as-of date, YYYY-MM-DD. */
  readonly asOf: string;
  /** The dataset's province option, when it was seeded for one province. */
  readonly province?: string | undefined;
  readonly faults?: Partial<SimulatorFaults> | undefined;
}

export interface RunningSimulator {
  readonly url: string;
  close(): Promise<void>;
}

export type StartSimulator = (opts: SimulatorOptions) => Promise<RunningSimulator>;

export const SIMULATORS = {
  'population-db': startPopulationDb,
  'health-authority': startHealthAuthority,
  'data-sharing-platform': startDataSharingPlatform,
} as const satisfies Record<string, StartSimulator>;

export type SimulatorName = keyof typeof SIMULATORS;
