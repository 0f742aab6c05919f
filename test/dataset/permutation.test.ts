import assert from 'node:assert/strict';
import { permuteIndex } from '../../src/dataset/permutation.ts';

describe('keyed permutations', () => {
  for (const n of [1, 2, 7, 200, 1000, 4096, 100_000]) {
    it(`maps [0, ${n}) onto itself one to one`, () => {
      const seen = new Uint8Array(n);
      for (let x = 0; x < n; x++) {
        const y = permuteIndex(n, 12345, x);
        assert.ok(Number.isInteger(y) && y >= 0 && y < n, String(y));
        assert.equal(seen[y], 0, `collision at ${y}`);
        seen[y] = 1;
      }
    });
  }

  it('gives another order for another key', () => {
    const a = Array.from({ length: 50 }, (_, x) => permuteIndex(1000, 1, x));
    const b = Array.from({ length: 50 }, (_, x) => permuteIndex(1000, 2, x));
    assert.notDeepEqual(a, b);
  });

  it('works over 10^10 and keeps a sample of images distinct', () => {
    const images = new Set<number>();
    for (let x = 0; x < 20_000; x++) images.add(permuteIndex(10_000_000_000, 99, x * 499_979));
    assert.equal(images.size, 20_000);
    for (const y of images) assert.ok(y < 10_000_000_000);
  });

  it('refuses inputs outside the domain', () => {
    assert.throws(() => permuteIndex(10, 1, 10), RangeError);
    assert.throws(() => permuteIndex(10, 1, -1), RangeError);
    assert.throws(() => permuteIndex(0, 1, 0), RangeError);
  });
});
