import assert from 'node:assert/strict';
import { rowEncoder } from '../../src/lists/encode.ts';
import { Utf8Chunk } from '../../src/lists/utf8-chunk.ts';

describe('row encoders', () => {
  const rows = (n: number, name = 'Nguyễn Thị Hồng Nhung') =>
    Array.from({ length: n }, (_, k) => ({ fullName: `${name} ${k}`, residence: { communeName: 'Phường Sài Gòn' }, note: 'a "quoted", 😀 \u2028 text\n', n: k }));

  it('encodes a batch of NDJSON rows as the UTF-8 bytes of their JSON lines, batch after batch of any size', () => {
    const encoder = rowEncoder('ndjson', []);
    for (const batch of [rows(3), rows(2000), rows(1), [], rows(500, 'x'.repeat(5000))]) {
      const expected = batch.map((r) => `${JSON.stringify(r)}\n`).join('');
      assert.equal(encoder.encode(batch).toString('utf8'), expected);
      assert.equal(encoder.encode(batch).length, Buffer.byteLength(expected));
    }
  });

  it('encodes CSV rows after the header, as UTF-8 bytes of their lines', () => {
    const encoder = rowEncoder('csv', [{ name: 'fullName', value: (r) => r.fullName as string }, { name: 'note', value: (r) => r.note as string }]);
    assert.equal(encoder.header, 'fullName,note\r\n');
    assert.equal(encoder.encode(rows(2)).toString('utf8'), 'Nguyễn Thị Hồng Nhung 0,"a ""quoted"", 😀 \u2028 text\n"\r\nNguyễn Thị Hồng Nhung 1,"a ""quoted"", 😀 \u2028 text\n"\r\n');
  });

  it('grows a chunk past its expected size without losing a byte', () => {
    const chunk = new Utf8Chunk(10);
    const parts = ['Đà Nẵng', 'x'.repeat(3000), '😀'.repeat(700), ''];
    for (const p of parts) chunk.appendLine(p);
    chunk.append('end');
    assert.equal(chunk.bytes().toString('utf8'), `${parts.join('\n')}\nend`);
  });
});
