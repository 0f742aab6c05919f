import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createLogger } from '../../src/log/create.ts';
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
  it('writes big integers as strings, personal ones as keyed hashes', () => {
    assert.deepEqual(m.value({ count: 10n, citizenId: 79123456789n }), { count: '10', citizenId: m.hash('79123456789') });
  });
});

describe('log lines', () => {
  function capture() {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (c: Buffer) => lines.push(...c.toString('utf8').split('\n').filter(Boolean)));
    return { log: createLogger({ level: 'info', stream, masker: new Masker(Buffer.alloc(32, 7)) }), lines };
  }

  it('are one JSON object per line with level, message, time and the masked fields', async () => {
    const { log, lines } = capture();
    log.info('request', { requestId: 'r-1', status: 200, fullName: 'Nguyễn Văn An', note: 'cccd 079123456789' });
    await new Promise((r) => setImmediate(r));
    assert.equal(lines.length, 1);
    const line = JSON.parse(lines[0] as string) as Record<string, unknown>;
    assert.equal(line.level, 'info');
    assert.equal(line.message, 'request');
    assert.equal(line.requestId, 'r-1');
    assert.equal(line.status, 200);
    assert.match(String(line.timestamp), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.match(String(line.fullName), /^~h:[0-9a-f]{8}$/);
    assert.doesNotMatch(lines[0] as string, /079123456789|Nguyễn/);
  });

  it('leave out records below the level, and everything once closed', async () => {
    const { log, lines } = capture();
    log.debug('detail', {});
    log.warn('kept', {});
    log.close();
    log.error('after close', {});
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { message: string }).message), ['kept']);
  });

  it('write a record that holds a cycle (masking cuts nesting at depth 6)', async () => {
    const { log, lines } = capture();
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    log.info('odd', { cyclic });
    await new Promise((r) => setImmediate(r));
    assert.equal(lines.length, 1);
    assert.equal((JSON.parse(lines[0] as string) as { message: string }).message, 'odd');
  });
});

