import assert from 'node:assert/strict';
import request from 'supertest';
import type { ServiceDef } from '../../src/core/service.ts';
import { RouteTable } from '../../src/http/route-table.ts';
import type { MountedService } from '../../src/http/service-call.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { findPerson } from '../helpers/people.ts';

function mounted(method: ServiceDef['method'], path: string): MountedService {
  return { service: { id: `${method} ${path}`, method, path } as ServiceDef, pipeline: { steps: [], run: async () => undefined } };
}

describe('the route table', () => {
  const byCitizen = mounted('GET', '/v1/cards/by-citizen/:citizenId');
  const exportFile = mounted('GET', '/v1/exports/:exportId/file');
  const exportJob = mounted('GET', '/v1/exports/:exportId');
  const cancel = mounted('DELETE', '/v1/exports/:exportId');
  const table = new RouteTable([byCitizen, exportJob, exportFile, cancel]);

  it('matches a path with its parameter and splits off the query string', () => {
    const m = table.match('GET', '/v1/cards/by-citizen/079203001234?x=1&y=2');
    assert.equal(m?.mounted, byCitizen);
    assert.deepEqual(m?.params, { citizenId: '079203001234' });
    assert.equal(m?.path, '/v1/cards/by-citizen/079203001234');
    assert.equal(m?.search, 'x=1&y=2');
  });

  it('tells routes apart by method and by their number of segments', () => {
    assert.equal(table.match('GET', '/v1/exports/abc')?.mounted, exportJob);
    assert.equal(table.match('GET', '/v1/exports/abc/file')?.mounted, exportFile);
    assert.equal(table.match('DELETE', '/v1/exports/abc')?.mounted, cancel);
    assert.equal(table.match('POST', '/v1/exports/abc'), undefined);
    assert.equal(table.match('HEAD', '/v1/exports/abc'), undefined);
  });

  it('decodes percent-encoded parameters', () => {
    assert.deepEqual(table.match('GET', '/v1/exports/a%20b%C3%A9')?.params, { exportId: 'a bé' });
  });

  it('is case-sensitive and strict about trailing slashes and empty parameters', () => {
    assert.equal(table.match('GET', '/v1/Cards/by-citizen/079203001234'), undefined);
    assert.equal(table.match('GET', '/v1/cards/by-citizen/079203001234/'), undefined);
    assert.equal(table.match('GET', '/v1/cards/by-citizen/'), undefined);
    assert.equal(table.match('GET', '/v1/cards/by-citizen//'), undefined);
  });

  it('names the methods a path allows, in the order the routes were mounted, for a 405', () => {
    assert.deepEqual(table.allowedMethods('/v1/exports/abc'), ['GET', 'DELETE']);
    assert.deepEqual(table.allowedMethods('/v1/exports/abc/file'), ['GET']);
    assert.deepEqual(table.allowedMethods('/v1/exports/'), [], 'an empty parameter fits no route');
    assert.deepEqual(table.allowedMethods('/v1/exports/abc/'), [], 'a trailing slash is another path');
  });

  it('leaves to Express what it cannot read with certainty', () => {
    assert.equal(table.match('GET', '/v1/cards/by-citizen/0790%E0%A4%A'), undefined, 'invalid percent-encoding');
    assert.equal(table.match('GET', '/v1/cards/by-citizen/079203001234#frag'), undefined, 'a fragment');
    assert.equal(table.match('GET', 'http://gateway.test/v1/cards/by-citizen/079203001234'), undefined, 'an absolute URL');
    assert.equal(table.match(undefined, '/v1/cards/by-citizen/079203001234'), undefined);
  });
});

describe('requests served from the route table and through Express', () => {
  let t: TestGateway;
  let citizenId: string;
  before(async () => {
    t = await startTestGateway();
    citizenId = (await findPerson(t.ts.store, 'valid')).person.citizen_id;
  });
  after(async () => t?.close());

  it('answers a card lookup with the same headers whichever way it was served', async () => {
    const get = await request(t.app).get(`/v1/cards/by-citizen/${citizenId}`).set('Authorization', `Bearer ${await t.token('hospital-a')}`);
    const head = await request(t.app).head(`/v1/cards/by-citizen/${citizenId}`).set('Authorization', `Bearer ${await t.token('hospital-a')}`);
    assert.equal(get.status, 200);
    assert.equal(head.status, 200);
    for (const name of ['content-type', 'content-length', 'cache-control', 'ratelimit-policy']) {
      assert.equal(head.headers[name], get.headers[name], name);
    }
    assert.equal(get.headers['content-type'], 'application/json; charset=utf-8');
    assert.match(get.headers['x-request-id'] ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(head.text, undefined, 'HEAD has no body');
  });

  it('answers a path with a trailing slash as another path: 404 route.not_found', async () => {
    const res = await request(t.app).get(`/v1/cards/by-citizen/${citizenId}/`).set('Authorization', `Bearer ${await t.token('hospital-a')}`);
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'route.not_found');
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  });

  it('answers a refusal on a table route as problem+json with the request id', async () => {
    const res = await request(t.app).get(`/v1/cards/by-citizen/${citizenId}`);
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'token.missing');
    assert.equal(res.body.requestId, res.headers['x-request-id']);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  });

  it('logs one line per request with the route template, whichever way it was served', async () => {
    const get = await request(t.app).get(`/v1/cards/by-citizen/${citizenId}`).set('Authorization', `Bearer ${await t.token('hospital-a')}`);
    const head = await request(t.app).head(`/v1/cards/by-citizen/${citizenId}`).set('Authorization', `Bearer ${await t.token('hospital-a')}`);
    for (const [method, res] of [['GET', get], ['HEAD', head]] as const) {
      const id = res.headers['x-request-id'] as string;
      const line = JSON.parse(await t.logs.waitFor(`"requestId":"${id}"`)) as Record<string, unknown>;
      assert.deepEqual([line.message, line.method, line.route, line.status, line.partner], ['request', method, 'GET /v1/cards/by-citizen/:citizenId', 200, 'hospital-a']);
    }
  });
});
