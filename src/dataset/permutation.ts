// A keyed permutation of [0, n): a balanced Feistel network on the smallest even number of bits that covers n,
// with cycle-walking back into range. A bijection for every key, so distinct inputs give distinct outputs: the
// generator builds unique identifiers with it, never retrying on a collision. n may go up to 2^52.
import { combine, mix32 } from './random.ts';

const ROUNDS = 6;
const MAX_DOMAIN = 2 ** 52;

const halfBitsCache = new Map<number, number>();

function halfBitsFor(n: number): number {
  let half = halfBitsCache.get(n);
  if (half === undefined) {
    half = 1;
    while (2 ** (2 * half) < n) half++;
    halfBitsCache.set(n, half);
  }
  return half;
}

/** The image of x (0 <= x < n) under the permutation of [0, n) chosen by key. */
export function permuteIndex(n: number, key: number, x: number): number {
  if (!(n >= 1 && n <= MAX_DOMAIN) || !Number.isInteger(n)) throw new RangeError(`permutation domain out of range: ${n}`);
  if (!(x >= 0 && x < n) || !Number.isInteger(x)) throw new RangeError(`permutation input out of range: ${x}`);
  const half = halfBitsFor(n);
  const size = 2 ** half;
  const mask = size - 1;
  let value = x;
  do {
    // Halves stay below 2^26, so the products and sums are exact doubles and the masks fit 32-bit operations.
    let left = Math.floor(value / size);
    let right = value % size;
    for (let round = 0; round < ROUNDS; round++) {
      const next = (left ^ (mix32(combine(key, round) ^ right) & mask)) >>> 0;
      left = right;
      right = next;
    }
    value = left * size + right;
  } while (value >= n);
  return value;
}
