import assert from 'node:assert/strict';
import { csvCell, csvLine } from '../../src/lists/csv.ts';
import { DEFAULT_PARTNERS, startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { DEPT_79, LIST_OVERRIDES, listStream, ndjson, parseCsv } from './helpers.ts';

describe('CSV cells', () => {
  it('quotes cells holding a comma, a quote, CR or LF, doubling quotes (RFC 4180)', () => {
    assert.equal(csvCell('Nguyễn Văn An'), 'Nguyễn Văn An');
    assert.equal(csvCell('Công ty TNHH Dệt may, Bình An'), '"Công ty TNHH Dệt may, Bình An"');
    assert.equal(csvCell('say "xin chào"'), '"say ""xin chào"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell(4), '4');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvLine(['a', 'b,c', undefined, 3]), 'a,"b,c",,3\r\n');
  });

  it('makes cells that a spreadsheet would run as a formula plain text, with a leading apostrophe', () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), '"\'=HYPERLINK(""http://x"")"');
    assert.equal(csvCell('+84 90'), "'+84 90");
    assert.equal(csvCell('-1+1'), "'-1+1");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tcmd'), "'\tcmd");
    assert.equal(csvCell('\r=1'), '"\'\r=1"');
    assert.equal(csvCell('a=b'), 'a=b');
  });
});

describe('bulk lists as CSV', function () {
  this.timeout(60_000);
  let t: TestGateway;
  const DANGEROUS_NAME = '=cmd|\' /C calc\'!A0, "Ba" Nguyễn';
  const DANGEROUS_COMMUNE = '@SUM(1+1) Phường Hòa Bình';

  before(async () => {
    t = await startTestGateway({ seedCount: 600, seedProvince: '79', partners: [...DEFAULT_PARTNERS, DEPT_79], overrides: LIST_OVERRIDES });
    const first = await t.ts.store.db.selectFrom('people').select(['id', 'residence_commune']).orderBy('id').limit(1).executeTakeFirstOrThrow();
    await t.ts.store.db.updateTable('people').set({ full_name: DANGEROUS_NAME }).where('id', '=', first.id).execute();
    await t.ts.store.db.updateTable('communes').set({ name: DANGEROUS_COMMUNE }).where('code', '=', first.residence_commune as string).execute();
  });
  after(async () => t?.close());

  it('sends UTF-8 CSV with a header row, the same people and Vietnamese text as the NDJSON stream', async () => {
    const csv = await listStream(t, { referenceDate: '2026-11-01' }, 'text/csv');
    assert.equal(csv.status, 200);
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8; header=present');
    const lines = await listStream(t, { referenceDate: '2026-11-01' }, 'application/x-ndjson');
    const rows = ndjson(lines.text);
    const [header, ...cells] = parseCsv(csv.text) as [string[], ...string[][]];
    assert.deepEqual(header.slice(0, 5), ['fullName', 'birthDate', 'sex', 'citizenId', 'socialInsuranceNumber']);
    assert.ok(header.includes('communeName') && header.includes('chronicConditions') && header.includes('vaccinations'));
    assert.equal(cells.length, rows.length);
    const col = (name: string) => header.indexOf(name);
    let vietnamese = 0;
    cells.forEach((row, k) => {
      const expected = rows[k] as Record<string, any>;
      assert.equal(row.length, header.length);
      assert.equal(row[col('citizenId')], expected.citizenId);
      const name = row[col('fullName')] as string;
      assert.equal(name.startsWith("'") ? name.slice(1) : name, expected.fullName);
      assert.equal(name.normalize('NFC'), name);
      if (/[^\x00-\x7f]/.test(name)) vietnamese++;
      const commune = row[col('communeName')] as string;
      assert.equal(commune.startsWith("'") ? commune.slice(1) : commune, expected.residence.communeName);
      assert.equal(row[col('chronicConditions')], expected.healthPriority.chronicConditions.map((c: { group: string }) => c.group).join(';'));
    });
    assert.ok(vietnamese > cells.length / 2, 'names keep their diacritics');
  });

  it('escapes data that would run as a formula, and keeps commas and quotes inside their cell', async () => {
    const csv = await listStream(t, { referenceDate: '2026-11-01' }, 'text/csv');
    assert.ok(csv.text.includes(`"'=cmd|' /C calc'!A0, ""Ba"" Nguyễn"`));
    const [header, first] = parseCsv(csv.text) as [string[], string[]];
    assert.equal(first[header.indexOf('fullName')], `'${DANGEROUS_NAME}`);
    assert.equal(first[header.indexOf('communeName')], `'${DANGEROUS_COMMUNE}`);
    const lines = ndjson((await listStream(t, { referenceDate: '2026-11-01' }, 'application/x-ndjson')).text);
    assert.equal(lines[0]?.fullName, DANGEROUS_NAME, 'NDJSON carries the value as it is');
    for (const row of parseCsv(csv.text).slice(1)) for (const cell of row) assert.ok(!/^[=+\-@\t\r]/.test(cell), cell);
  });
});
