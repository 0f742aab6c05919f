// Drives an upstream simulator's control plane (src/adapters/simulator-faults.ts): change its faults while it runs,
// and read what reached it.
export interface SimulatorStats {
  readonly requests: number;
  readonly byRoute: Readonly<Record<string, number>>;
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Arrival times (ms since the epoch) of the requests since the last reset. */
  readonly arrivals: readonly number[];
}

export async function setFaults(url: string, faults: Record<string, number | null>): Promise<void> {
  const res = await fetch(`${url}/_sim/faults`, { method: 'PUT', body: JSON.stringify(faults) });
  if (res.status !== 200) throw new Error(`simulator refused faults ${JSON.stringify(faults)}: ${res.status}`);
}

export async function simulatorStats(url: string): Promise<SimulatorStats> {
  return (await (await fetch(`${url}/_sim/stats`)).json()) as SimulatorStats;
}

export async function resetStats(url: string): Promise<void> {
  await fetch(`${url}/_sim/stats/reset`, { method: 'POST' });
}
