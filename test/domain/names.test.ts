import assert from 'node:assert/strict';
import { FAMILY_NAMES, familyNameFor, foldName, GIVEN_NAMES, MIDDLE_NAMES } from '../../src/domain/names.ts';

describe('names', () => {
  it('holds every name in NFC', () => {
    const all = [...FAMILY_NAMES.map((f) => f.name), ...GIVEN_NAMES.map((g) => g.name), ...MIDDLE_NAMES.male, ...MIDDLE_NAMES.female];
    for (const n of all) assert.equal(n, n.normalize('NFC'), n);
  });

  it('lets the family names add up to 100%, Nguyễn first', () => {
    const total = FAMILY_NAMES.reduce((s, f) => s + f.percent, 0);
    assert.ok(Math.abs(total - 100) < 1e-9, String(total));
    assert.equal(FAMILY_NAMES[0]?.name, 'Nguyễn');
    assert.equal(FAMILY_NAMES.length, 14 + 24);
  });

  it('uses Huỳnh and Võ from Đà Nẵng southwards, Hoàng and Vũ to the north', () => {
    const hoang = FAMILY_NAMES.find((f) => f.name === 'Hoàng');
    const vu = FAMILY_NAMES.find((f) => f.name === 'Vũ');
    assert.ok(hoang && vu);
    assert.equal(familyNameFor(hoang, '01'), 'Hoàng');
    assert.equal(familyNameFor(hoang, '46'), 'Hoàng');
    assert.equal(familyNameFor(hoang, '48'), 'Huỳnh');
    assert.equal(familyNameFor(vu, '79'), 'Võ');
    assert.equal(familyNameFor(vu, '38'), 'Vũ');
  });

  it('gives each given name a sex and a frequency, placeholders labelled', () => {
    assert.equal(GIVEN_NAMES.find((g) => g.name === 'Hùng')?.sex, 'male');
    assert.equal(GIVEN_NAMES.find((g) => g.name === 'Linh')?.sex, 'female');
    assert.equal(GIVEN_NAMES.find((g) => g.name === 'Anh')?.percent, 3.43);
    assert.equal(GIVEN_NAMES.find((g) => g.name === 'Anh')?.sex, 'either');
    assert.equal(GIVEN_NAMES.find((g) => g.name === 'Phúc')?.percentAssumed, true);
    assert.equal(new Set(GIVEN_NAMES.map((g) => g.name)).size, GIVEN_NAMES.length);
  });

  it('folds case, spacing and Unicode form, so a typed name matches the record', () => {
    assert.equal(foldName('  nguyễn   văn an '), 'NGUYỄN VĂN AN');
    assert.equal(foldName('Nguyễn Thị Thủy'.normalize('NFD')), 'NGUYỄN THỊ THỦY');
    assert.equal(foldName('đặng đức'), 'ĐẶNG ĐỨC');
    assert.notEqual(foldName('Nguyễn Văn An'), foldName('Nguyen Van An'));
  });
});
