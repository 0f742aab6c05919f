// Counter-based randomness for the synthetic dataset: every draw is a hash of (seed, index, field name, counter), so a
// person's fields never depend on other people or on the order of generation, and new fields leave old ones unchanged.

const GOLDEN = 0x9e3779b9;

/** A 32-bit integer finaliser with good avalanche (C. Wellons' "lowbias32"). */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over the UTF-16 code units, then mixed: the key of a field name. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  return mix32(h);
}

/** Combines two 32-bit values into one key. */
export function combine(a: number, b: number): number {
  return mix32((a ^ mix32(b + GOLDEN)) >>> 0);
}

/** The key of (seed key, index, field): index may be any safe non-negative integer. */
export function keyOf(seedKey: number, index: number, field: number): number {
  const low = index >>> 0;
  const high = Math.floor(index / 0x1_0000_0000);
  return combine(combine(combine(seedKey, field), low), high);
}

/** A stream of uniform draws for one key. */
export class Stream {
  private readonly key: number;
  private counter = 0;

  constructor(key: number) {
    this.key = key;
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    this.counter += 1;
    return mix32((this.key + Math.imul(this.counter, GOLDEN)) >>> 0);
  }

  /** A uniform number in [0, 1). */
  float(): number {
    return this.u32() / 0x1_0000_0000;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** A uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

/** A fixed table of values with relative weights, drawn by one uniform number. */
export class Weighted<T> {
  readonly values: readonly T[];
  private readonly cumulative: Float64Array;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.values = entries.map(([v]) => v);
    this.cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, w], k) => {
      if (!(w >= 0)) throw new RangeError('weights must be non-negative');
      sum += w;
      this.cumulative[k] = sum;
    });
    if (!(sum > 0)) throw new RangeError('weights must not all be zero');
    this.cumulative = this.cumulative.map((c) => c / sum);
  }

  /** The value for a uniform number u in [0, 1). */
  at(u: number): T {
    const c = this.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u < (c[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo] as T;
  }

  draw(stream: Stream): T {
    return this.at(stream.float());
  }
}
