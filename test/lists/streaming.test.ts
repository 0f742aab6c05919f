import assert from 'node:assert/strict';
import { once } from 'node:events';
import { type ClientRequest, createServer, type IncomingMessage, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { ServerResponse } from 'node:http';
import request from 'supertest';
import type { RowStream } from '../../src/core/row-stream.ts';
import { writeRows } from '../../src/http/row-writer.ts';
import { DEFAULT_PARTNERS, startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { bearer, DEPT_79, LIST_OVERRIDES } from './helpers.ts';

const BATCH = 100;
const PEOPLE = 2000;

/** Rows of ~1 KB in batches of 10; counts the batches read and whether reading stopped. */
function countedStream(batches: number) {
  const seen = { read: 0, closed: false };
  const stream: RowStream = {
    kind: 'row-stream',
    summary: {},
    async *read(signal) {
      try {
        for (let b = 0; b < batches && !signal.aborted; b++) {
          seen.read++;
          yield { rows: Array.from({ length: 10 }, (_, k) => ({ fullName: `Nguyễn Văn ${b}-${k} ${'x'.repeat(1000)}` })), subjects: Array.from({ length: 10 }, (_, k) => b * 10 + k + 1) };
        }
      } finally {
        seen.closed = true;
      }
    },
  };
  return { stream, seen };
}

/** A client that takes a chunk only when the test says so (Node's ServerResponse, as far as the writer uses it). */
class SlowClient extends Writable {
  private pending: (() => void)[] = [];
  readonly received: Buffer[] = [];
  constructor() {
    super({ highWaterMark: 1024 });
  }
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.received.push(chunk);
    this.pending.push(done);
    this.emit('chunk');
  }
  /** Lets the next written chunk through. */
  take(): void {
    this.pending.shift()?.();
  }
  setHeader(): this {
    return this;
  }
}

describe('the row writer', () => {
  it('reads the next batch only once the client has taken the previous one', async () => {
    const { stream, seen } = countedStream(50);
    const client = new SlowClient();
    const done = writeRows(client as unknown as ServerResponse, stream, 'ndjson', [], new AbortController().signal);
    for (let k = 1; k <= 5; k++) {
      await once(client, 'chunk');
      assert.equal(seen.read, k, 'one batch read per chunk taken');
      client.take();
    }
    client.on('chunk', () => client.take());
    client.take();
    assert.equal(await done, 500);
    assert.equal(seen.read, 50);
  });

  it('stops reading at once when the client goes away', async () => {
    const { stream, seen } = countedStream(50);
    const client = new SlowClient();
    const gone = new AbortController();
    const done = writeRows(client as unknown as ServerResponse, stream, 'ndjson', [], gone.signal);
    await once(client, 'chunk');
    gone.abort();
    assert.equal(await done, 10);
    assert.equal(seen.read, 1);
    assert.ok(seen.closed, 'the source was closed');
  });
});

// Streams read the store batch by batch and stop reading the moment the client goes away.
describe('streaming bulk lists', function () {
  this.timeout(60_000);
  let t: TestGateway;
  let server: Server;
  let peopleReads = 0;

  before(async () => {
    t = await startTestGateway({
      seedCount: PEOPLE, seedProvince: '79', partners: [...DEFAULT_PARTNERS, DEPT_79],
      overrides: { ...LIST_OVERRIDES, adapters: { insurance: { use: 'insurance-db', lists: { batchSize: BATCH } } } },
    });
    // Counts the list's batch reads: every run of a query on people that walks the list from a person id (a
    // statement is prepared once and run for each batch).
    const sqlite = t.ts.store.sqlite;
    assert.ok(sqlite);
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => {
      const statement = prepare(source);
      if (/from "people"/.test(source) && /"people"\."id" > \?/.test(source)) {
        for (const run of ['all', 'iterate', 'get'] as const) {
          const original = statement[run].bind(statement) as (...p: unknown[]) => unknown;
          (statement as unknown as Record<string, unknown>)[run] = (...parameters: unknown[]) => {
            peopleReads++;
            return original(...parameters);
          };
        }
      }
      return statement;
    }) as typeof sqlite.prepare;
    server = createServer(t.app).listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  after(async () => {
    server?.closeAllConnections();
    server?.close();
    await t?.close();
  });

  async function open(): Promise<{ req: ClientRequest; res: IncomingMessage }> {
    const auth = await bearer(t, DEPT_79.id);
    const req = httpRequest(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/lists/query`, {
      method: 'POST', headers: { Authorization: auth, Accept: 'application/x-ndjson', 'Content-Type': 'application/json' },
    });
    req.end(JSON.stringify({ referenceDate: '2026-11-01' }));
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    assert.equal(res.statusCode, 200);
    await once(res, 'data');
    res.pause();
    return { req, res };
  }

  const journaledRows = async () => Number((await t.ts.store.db.selectFrom('disclosure_journal').select((eb) => eb.fn.sum<number>('rows').as('n')).executeTakeFirst())?.n ?? 0);

  /** Round trips through the same gateway until two in a row leave `probe` unchanged: the stream has settled. */
  async function settled(probe: () => Promise<number>): Promise<number> {
    let last = await probe();
    for (let k = 0; k < 50; k++) {
      await request(t.app).get('/health/live');
      const now = await probe();
      if (now === last) return now;
      last = now;
    }
    throw new Error('the stream never settled');
  }

  it('reads the store batch by batch to the end of a list', async () => {
    const before = peopleReads;
    const res = await request(t.app).post('/v1/lists/query').set('Authorization', await bearer(t, DEPT_79.id)).set('Accept', 'application/x-ndjson').buffer(true).send({ referenceDate: '2026-11-01' });
    assert.equal(res.status, 200);
    const rows = res.text.split('\n').length - 1;
    assert.ok(rows > PEOPLE / 2);
    assert.equal(peopleReads - before, Math.ceil(rows / BATCH) + 1, 'one read per batch, and one that finds the list exhausted');
  });

  it('stops reading the store as soon as the client disconnects', async () => {
    const before = { reads: peopleReads, rows: await journaledRows() };
    const { req } = await open();
    req.destroy();
    const reads = await settled(async () => peopleReads);
    assert.ok(reads - before.reads < PEOPLE / BATCH / 2, `read ${reads - before.reads} batches after the client left`);
    assert.ok((await journaledRows()) - before.rows < PEOPLE / 2);
    assert.equal(await settled(async () => peopleReads), reads, 'no read after the stream stopped');
  });

  it('sends a problem document, not a truncated stream, when the request is refused before the first row', async () => {
    const res = await request(t.app).post('/v1/lists/query').set('Authorization', await bearer(t, DEPT_79.id)).set('Accept', 'application/x-ndjson').send({ province: '01' });
    assert.equal(res.status, 403);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    const unacceptable = await request(t.app).post('/v1/lists/query').set('Authorization', await bearer(t, DEPT_79.id)).set('Accept', 'application/xml').send({});
    assert.equal(unacceptable.status, 406);
    assert.equal(unacceptable.body.code, 'request.not_acceptable');
  });
});
