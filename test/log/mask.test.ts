import assert from 'node:assert/strict';
import { Masker } from '../../src/log/mask.ts';

describe('log masking', () => {
  const m = new Masker(Buffer.alloc(32, 7));
  it('replaces personal fields by keyed hashes, whatever their key case', () => {
    const out = m.value({ citizenId: '079123456789', FullName: 'Nguyễn Văn An', birthDate: '1990-01-02', partner: 'hospital-a' }) as Record<string, string>;
    assert.match(out.citizenId ?? '', /^~h:[0-9a-f]{8}$/);
    assert.match(out.FullName ?? '', /^~h:[0-9a-f]{8}$/);
    assert.match(out.birthDate ?? '', /^~h:[0-9a-f]{8}$/);
    assert.equal(out.partner, 'hospital-a');
  });
  it('masks card codes, CCCD, BHXH and CMND numbers inside free text', () => {
    const s = m.text('card HC4010127955384 cccd 079123456789 bhxh 0127955384 cmnd 123456789 ok');
    assert.doesNotMatch(s, /HC4010127955384|079123456789|0127955384|123456789/);
    assert.match(s, /ok$/);
  });
  it('turns anything JWT-shaped into [jwt] and redacts secret fields', () => {
    const out = m.value({ msg: 'got eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.sig', authorization: 'Bearer abc' }) as Record<string, string>;
    assert.equal(out.msg, 'got [jwt]');
    assert.equal(out.authorization, '[redacted]');
  });
  it('masks error messages and causes', () => {
    const e = new Error('no row for 079123456789', { cause: new Error('card DN4791234567890') });
    const out = m.error(e);
    assert.doesNotMatch(JSON.stringify(out), /079123456789|DN4791234567890/);
  });
});
