import assert from 'node:assert/strict';
import { loadContracts } from '../../src/contracts/registry.ts';

const contracts = loadContracts();

describe('contracts', () => {
  it('compiles every contract, each with $id equal to its file name and closed objects', () => {
    for (const id of contracts.ids()) {
      const s = contracts.schema(id);
      assert.equal(s.$id, id);
      if (id !== 'common.v1.json') assert.equal(s.additionalProperties, false, `${id} must be closed`);
    }
  });

  const valid: [string, unknown][] = [
    ['cards.by-citizen.request.v1.json', { citizenId: '079090012345' }],
    ['cards.check.request.v1.json', { cardCode: 'HC4010127955384', fullName: 'Nguyễn Văn An', birthDate: '02/01/1990' }],
    ['cards.check.request.v1.json', { socialInsuranceNumber: '0127955384', fullName: 'An', birthDate: '01/1990' }],
    ['cards.check.request.v1.json', { citizenId: '001190012345', fullName: 'An', birthDate: '1959' }],
    ['compat.egw-card-check.request.v1.json', { maThe: '079090012345', hoTen: 'NGUYỄN VĂN AN', ngaySinh: '29/02/2000', hoTenCb: 'Lê Thị B', cccdCb: '001190012345' }],
    ['participants.by-sin.request.v1.json', { socialInsuranceNumber: '0127955384' }],
  ];
  for (const [id, value] of valid) {
    it(`accepts a valid ${id.replace('.json', '')} (${JSON.stringify(value).slice(0, 40)}...)`, () => {
      assert.deepEqual(contracts.check(id, value), []);
    });
  }

  const invalid: [string, string, unknown, string][] = [
    ['a CCCD with an unknown province prefix', 'cards.by-citizen.request.v1.json', { citizenId: '003090012345' }, '/citizenId'],
    ['a card code of an unknown group', 'cards.check.request.v1.json', { cardCode: 'ZZ4010127955384', fullName: 'A', birthDate: '1990' }, '/cardCode'],
    ['a card code of an unknown province', 'cards.check.request.v1.json', { cardCode: 'HC4030127955384', fullName: 'A', birthDate: '1990' }, '/cardCode'],
    ['a 31st of February', 'cards.check.request.v1.json', { citizenId: '079090012345', fullName: 'A', birthDate: '31/02/1990' }, '/birthDate'],
    ['two keys at once', 'cards.check.request.v1.json', { citizenId: '079090012345', socialInsuranceNumber: '0127955384', fullName: 'A', birthDate: '1990' }, '/'],
    ['no key', 'cards.check.request.v1.json', { fullName: 'A', birthDate: '1990' }, '/'],
    ['an unknown property', 'cards.check.request.v1.json', { citizenId: '079090012345', fullName: 'A', birthDate: '1990', extra: 1 }, '/extra'],
    ['a 17-character card key', 'compat.egw-card-check.request.v1.json', { maThe: 'HC401012795538412', hoTen: 'A', ngaySinh: '1990' }, '/maThe'],
  ];
  for (const [what, id, value, pointer] of invalid) {
    it(`refuses ${what}, pointing at ${pointer} without echoing the value`, () => {
      const issues = contracts.check(id, value);
      assert.ok(issues.some((i) => i.pointer === pointer), JSON.stringify(issues));
      const text = JSON.stringify(issues);
      for (const v of Object.values(value as Record<string, unknown>)) if (typeof v === 'string' && v.length > 3) assert.ok(!text.includes(v));
    });
  }
});
