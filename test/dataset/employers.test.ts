import assert from 'node:assert/strict';
import { EmployerPools, EMPLOYERS_NATIONALLY } from '../../src/dataset/employers.ts';
import { INDUSTRIAL_PARK_COUNTS } from '../../src/dataset/population.ts';
import { hashString, keyOf, Stream } from '../../src/dataset/random.ts';
import { NEW_PROVINCES } from '../../src/domain/provinces.ts';

describe('synthetic employers', () => {
  const pools = new EmployerPools(7);

  it('sizes the provincial pools to about 375,000 employers nationally', () => {
    const total = NEW_PROVINCES.reduce((s, p) => s + pools.poolSize(p.code), 0);
    assert.ok(Math.abs(total - EMPLOYERS_NATIONALLY) / EMPLOYERS_NATIONALLY < 0.05, String(total));
  });

  it('gives every employer a stable id that encodes its province, and a unique 10-digit tax code', () => {
    const taxCodes = new Set<string>();
    let n = 0;
    for (const p of NEW_PROVINCES) {
      for (let j = 0; j < pools.poolSize(p.code); j += 7) {
        const e = pools.employer(p.code, j);
        assert.equal(e.id, Number(p.code) * 1_000_000 + j);
        assert.equal(e.province, p.code);
        assert.match(e.tax_code, /^\d{10}$/);
        taxCodes.add(e.tax_code);
        n++;
      }
    }
    assert.equal(taxCodes.size, n);
  });

  it('returns the same employer by id and by (province, j), whatever was asked before', () => {
    const fresh = new EmployerPools(7);
    assert.deepEqual(fresh.employerById(79_000_123), pools.employer('79', 123));
    assert.notDeepEqual(new EmployerPools(8).employer('79', 123), pools.employer('79', 123));
  });

  it('names employers after their kind, in NFC', () => {
    const byKind = new Map<string, string>();
    for (let j = 0; j < pools.poolSize('01'); j++) {
      const e = pools.employer('01', j);
      assert.equal(e.name, e.name.normalize('NFC'));
      if (!byKind.has(e.kind)) byKind.set(e.kind, e.name);
    }
    assert.match(byKind.get('enterprise') ?? '', /^Công ty (TNHH|TNHH MTV|Cổ phần) /);
    assert.match(byKind.get('public') ?? '', /^Bệnh viện Đa khoa TP Hà Nội$/);
    assert.match(byKind.get('cooperative') ?? '', /^Hợp tác xã /);
    assert.deepEqual([...byKind.keys()].sort(), ['cooperative', 'enterprise', 'foreign', 'household', 'public']);
  });

  it('places industrial parks, and only enterprises in them, in the industrial provinces', () => {
    const parks = pools.industrialParks();
    assert.equal(parks.length, Object.values(INDUSTRIAL_PARK_COUNTS).reduce((a, b) => a + b, 0));
    for (const park of parks) {
      assert.ok(park.province in INDUSTRIAL_PARK_COUNTS);
      assert.match(park.name, /^Khu (công nghiệp|chế xuất) /);
    }
    const inParks = Array.from({ length: 2000 }, (_, j) => pools.employer('79', j)).filter((e) => e.industrial_park_id !== null);
    assert.ok(inParks.length > 0);
    for (const e of inParks) assert.equal(e.kind, 'enterprise');
    for (let j = 0; j < 500; j++) assert.equal(pools.employer('38', j).industrial_park_id, null);
  });

  it('draws employers with a heavy tail: the largest enterprise has many more employees than the median one', () => {
    const counts = new Map<number, number>();
    for (let i = 0; i < 50_000; i++) {
      const id = pools.drawEmployerId(new Stream(keyOf(7, i, hashString('test'))), '24', 'enterprise');
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const sizes = [...counts.values()].sort((a, b) => b - a);
    assert.ok((sizes[0] as number) > 20 * (sizes[Math.floor(sizes.length / 2)] as number), `${sizes[0]} vs ${sizes[Math.floor(sizes.length / 2)]}`);
  });
});
