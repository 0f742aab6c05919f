import assert from 'node:assert/strict';
import { centuryDigitOf, citizenIdLooksSuspicious, parseCitizenId } from '../../src/domain/citizen-id.ts';

describe('CCCD numbers', () => {
  it('reads the birth province, year and sex of a number', () => {
    assert.deepEqual(parseCitizenId('079095001234'), { provinceCode: '79', birthYear: 1995, sex: 'male', centuryDigit: 0 });
    assert.deepEqual(parseCitizenId('001303123456'), { provinceCode: '01', birthYear: 2003, sex: 'female', centuryDigit: 3 });
    assert.deepEqual(parseCitizenId('036170105469'), { provinceCode: '36', birthYear: 1970, sex: 'female', centuryDigit: 1 });
  });

  it('rejects numbers of the wrong length, with a non-zero first digit or an unknown province', () => {
    assert.equal(parseCitizenId('07909500123'), undefined);
    assert.equal(parseCitizenId('179095001234'), undefined);
    assert.equal(parseCitizenId('003095001234'), undefined);
    assert.equal(parseCitizenId('097095001234'), undefined);
    assert.equal(parseCitizenId('07909500123a'), undefined);
  });

  it('rejects a birth year after the date it is checked on', () => {
    assert.equal(parseCitizenId('079230001234', '2026-01-01'), undefined);
    assert.equal(parseCitizenId('079226001234', '2026-01-01')?.birthYear, 2026);
    assert.equal(parseCitizenId('079495001234', '2026-01-01'), undefined);
  });

  it('computes digit 4 from the birth year and sex', () => {
    assert.equal(centuryDigitOf(1995, 'male'), 0);
    assert.equal(centuryDigitOf(1995, 'female'), 1);
    assert.equal(centuryDigitOf(2003, 'male'), 2);
    assert.equal(centuryDigitOf(2003, 'female'), 3);
  });

  it('flags repeated digits and simple runs in the last six digits only', () => {
    for (const id of ['079095000000', '079095777777', '079095123456', '079095654321', '079095890123']) assert.ok(citizenIdLooksSuspicious(id), id);
    for (const id of ['079095001234', '079095135792', '079095112233']) assert.ok(!citizenIdLooksSuspicious(id), id);
  });
});
