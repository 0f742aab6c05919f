import assert from 'node:assert/strict';
import { allowedLevels, checkCardCode, GROUP_CODES, normaliseCardCode, primaryLevel } from '../../src/domain/cards.ts';

describe('card codes', () => {
  it('lists the 43 group codes of Decision 1351 in official order', () => {
    assert.equal(GROUP_CODES.length, 43);
    assert.equal(GROUP_CODES[0]?.code, 'DN');
    assert.equal(GROUP_CODES[24]?.code, 'TE');
    assert.equal(GROUP_CODES[42]?.code, 'GD');
  });

  it('normalises spaces, dashes and case', () => {
    assert.equal(normaliseCardCode(' hc4-01-0127955384 '), 'HC4010127955384');
    assert.equal(normaliseCardCode('HS 4 01 0120878811'), 'HS4010120878811');
  });

  it('accepts the documented examples and splits them by position', () => {
    const r = checkCardCode('HC4-01-0127955384', '2026-03-01');
    assert.deepEqual(r, { ok: true, group: 'HC', level: 4, province: '01', socialInsuranceNumber: '0127955384', warnings: [] });
    assert.ok(checkCardCode('HS4010120878811', '2026-03-01').ok);
  });

  it('accepts a well-shaped code of one repeated digit with a warning', () => {
    const r = checkCardCode('DN4111111111111', '2026-03-01');
    assert.ok(r.ok);
    assert.equal(r.warnings.length, 1);
  });

  it('rejects a code of the wrong shape, an unknown group, a level not allowed for the group, an unknown province', () => {
    assert.equal(checkCardCode('HC401012795538').reason, 'shape');
    assert.equal(checkCardCode('HC6010127955384').reason, 'shape');
    assert.equal(checkCardCode('ZZ4010127955384').reason, 'group');
    assert.equal(checkCardCode('HC1010127955384', '2026-03-01').reason, 'level');
    assert.equal(checkCardCode('TE4010127955384', '2026-03-01').reason, 'level');
    assert.equal(checkCardCode('HC4030127955384', '2026-03-01').reason, 'province');
  });

  it('accepts both CN2 and CN3, LH2 and LH4, warning on the digit that does not belong to the date', () => {
    for (const code of ['CN2010127955384', 'LH2010127955384']) {
      const after = checkCardCode(code, '2026-02-01');
      assert.ok(after.ok && after.warnings.length === (code.startsWith('LH') ? 1 : 0), code);
    }
    const cn3 = checkCardCode('CN3010127955384', '2026-02-01');
    assert.ok(cn3.ok);
    assert.match(cn3.warnings.join(), /before 2026-01-01/);
    const lh4 = checkCardCode('LH4010127955384', '2026-02-01');
    assert.ok(lh4.ok);
    assert.ok(lh4.warnings.some((w) => /before 2026-01-01/.test(w)));
    assert.ok(lh4.warnings.some((w) => /outside the 43/.test(w)));
    assert.deepEqual(checkCardCode('CN3010127955384', '2025-12-31').warnings, []);
    assert.equal(checkCardCode('CN4010127955384', '2026-02-01').reason, 'level');
    assert.equal(checkCardCode('LH3010127955384', '2026-02-01').reason, 'level');
  });

  it('gives CN and LH level 2 from 01/01/2026 and their old digit before', () => {
    assert.equal(primaryLevel('CN', '2025-12-31'), 3);
    assert.equal(primaryLevel('CN', '2026-01-01'), 2);
    assert.equal(primaryLevel('LH', '2025-12-31'), 4);
    assert.equal(primaryLevel('LH', '2026-01-01'), 2);
    assert.deepEqual(allowedLevels('CN', '2026-01-01'), [2, 3]);
    assert.deepEqual(allowedLevels('LH', '2025-06-01'), [4, 2]);
  });

  it('accepts the newer table\'s levels for CT and PV with a warning', () => {
    assert.deepEqual(allowedLevels('CT', '2026-01-01'), [4, 2]);
    assert.deepEqual(allowedLevels('PV', '2026-01-01'), [4, 3]);
    const ct2 = checkCardCode('CT2010127955384', '2026-01-01');
    assert.ok(ct2.ok);
    assert.equal(ct2.warnings.length, 1);
    assert.deepEqual(checkCardCode('CT4010127955384', '2026-01-01').warnings, []);
  });

  it('accepts the ministries\' provinces 97 and 98 with a warning', () => {
    const qn = checkCardCode('QN5970127955384', '2026-01-01');
    assert.ok(qn.ok);
    assert.equal(qn.province, '97');
    assert.equal(qn.warnings.length, 1);
    assert.ok(checkCardCode('CA5980127955384', '2026-01-01').ok);
  });

  it('allows nothing for an unknown group', () => {
    assert.deepEqual(allowedLevels('ZZ', '2026-01-01'), []);
  });
});
