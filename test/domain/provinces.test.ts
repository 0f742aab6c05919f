import assert from 'node:assert/strict';
import {
  isNewProvinceCode, isOldProvinceCode, NEW_PROVINCES, OLD_PROVINCES, oldCodesOf, provinceName, toNewProvince,
} from '../../src/domain/provinces.ts';

describe('province codes', () => {
  it('lists the 63 pre-2025 provinces and the 34 post-2025 provinces', () => {
    assert.equal(OLD_PROVINCES.length, 63);
    assert.equal(NEW_PROVINCES.length, 34);
    assert.equal(new Set(OLD_PROVINCES.map((p) => p.code)).size, 63);
  });

  it('makes every new code one of the old codes, formed from old codes that map back to it', () => {
    for (const p of NEW_PROVINCES) {
      assert.ok(isOldProvinceCode(p.code), p.code);
      assert.equal(p.formedFrom[0], p.code);
      for (const old of p.formedFrom) assert.equal(toNewProvince(old), p.code, old);
    }
    const covered = NEW_PROVINCES.flatMap((p) => p.formedFrom).sort();
    assert.deepEqual(covered, OLD_PROVINCES.map((p) => p.code).sort());
  });

  it('maps merged provinces to the new code and new codes to themselves', () => {
    assert.equal(toNewProvince('74'), '79');
    assert.equal(toNewProvince('77'), '79');
    assert.equal(toNewProvince('02'), '08');
    assert.equal(toNewProvince('26'), '25');
    assert.equal(toNewProvince('79'), '79');
    assert.equal(toNewProvince('37'), '37');
  });

  it('maps the ministries\' offices 97 and 98 and unknown codes to no province', () => {
    assert.equal(toNewProvince('97'), undefined);
    assert.equal(toNewProvince('98'), undefined);
    assert.equal(toNewProvince('03'), undefined);
    assert.ok(!isOldProvinceCode('97'));
  });

  it('lists every old code of a new province, itself included', () => {
    assert.deepEqual(oldCodesOf('37').sort(), ['35', '36', '37']);
    assert.deepEqual(oldCodesOf('79').sort(), ['74', '77', '79']);
    assert.deepEqual(oldCodesOf('01'), ['01']);
    assert.deepEqual(oldCodesOf('02'), []);
  });

  it('tells new codes from old ones', () => {
    assert.ok(isNewProvinceCode('24'));
    assert.ok(!isNewProvinceCode('27'));
    assert.ok(isOldProvinceCode('27'));
    assert.ok(!isNewProvinceCode('98'));
  });

  it('names a code after the province it stood for on the date (the name trap)', () => {
    assert.equal(provinceName('15', '2025-06-30'), 'Yên Bái');
    assert.equal(provinceName('15', '2025-07-01'), 'Lào Cai');
    assert.equal(provinceName('24', '2024-01-01'), 'Bắc Giang');
    assert.equal(provinceName('24'), 'Bắc Ninh');
    assert.equal(provinceName('91', '2025-01-01'), 'Kiên Giang');
    assert.equal(provinceName('91', '2026-01-01'), 'An Giang');
    assert.equal(provinceName('27', '2026-01-01'), 'Bắc Ninh');
    assert.equal(provinceName('74'), 'Bình Dương');
    assert.equal(provinceName('03'), undefined);
  });

  it('gives the eight provinces without a population a labelled placeholder weight', () => {
    const missing = NEW_PROVINCES.filter((p) => p.population2024 === null);
    assert.equal(missing.length, 8);
    for (const p of missing) assert.ok(p.weightIsPlaceholder && p.weight > 0, p.code);
    assert.ok(NEW_PROVINCES.filter((p) => p.population2024 !== null).every((p) => !p.weightIsPlaceholder && p.weight === p.population2024));
  });
});
