// Time, injectable so tests can move it.
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
