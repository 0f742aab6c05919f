// Shared by the bulk-list tests: department partners, requests as they send them, and an independent reading of the
// store (plain queries and JavaScript filters) to compare lists against.
import assert from 'node:assert/strict';
import request from 'supertest';
import type { PurposeCode } from '../../src/core/vocabulary.ts';
import { addYears } from '../../src/domain/dates.ts';
import { priorityGroupsOf } from '../../src/domain/priority-groups.ts';
import type { Store } from '../../src/store/open.ts';
import type { PartnerSpec, TestGateway } from '../helpers/gateway.ts';

export const ALL_LIST_SETS = ['identity', 'card', 'coverage', 'employment', 'residence', 'health-priority', 'vaccination'] as const;

/** HCM City's department of health: every list field set. */
export const DEPT_79: PartnerSpec = {
  id: 'so-y-te-79', kind: 'health-department', province: '79', scopes: ['lists.read'], purposes: ['epidemic-control', 'vaccination'], fieldSets: [...ALL_LIST_SETS],
};
/** Hà Nội's, the same grant for another province. */
export const DEPT_01: PartnerSpec = { ...DEPT_79, id: 'so-y-te-01', province: '01' };
/** A department granted no health data. */
export const DEPT_79_NARROW: PartnerSpec = { ...DEPT_79, id: 'so-y-te-79-narrow', fieldSets: ['identity', 'residence'] };

export async function bearer(t: TestGateway, partner: string, purpose: PurposeCode = 'vaccination'): Promise<string> {
  return `Bearer ${await t.token(partner, { purpose, scope: 'lists.read' })}`;
}

export async function listPage(t: TestGateway, body: unknown, opts: { partner?: string; purpose?: PurposeCode } = {}) {
  return request(t.app).post('/v1/lists/query').set('Authorization', await bearer(t, opts.partner ?? DEPT_79.id, opts.purpose)).send(body as object);
}

/** A stream's whole body as UTF-8 text (`res.text`). */
export async function listStream(t: TestGateway, body: unknown, accept: 'application/x-ndjson' | 'text/csv', partner = DEPT_79.id) {
  return request(t.app).post('/v1/lists/query').set('Authorization', await bearer(t, partner)).set('Accept', accept).buffer(true).send(body as object);
}

/** Every page of a list, following nextCursor. */
export async function allPages(t: TestGateway, body: Record<string, unknown>, partner = DEPT_79.id): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const res = await listPage(t, { ...body, ...(cursor ? { cursor } : {}) }, { partner });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    items.push(...(res.body.items as Record<string, unknown>[]));
    cursor = res.body.nextCursor as string | undefined;
  } while (cursor);
  return items;
}

export function ndjson(body: string): Record<string, unknown>[] {
  return body.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A strict RFC 4180 reader (the test's own, not the gateway's): rows of cells. */
export function parseCsv(body: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let k = 0; k < body.length; k++) {
    const c = body[k];
    if (quoted) {
      if (c === '"' && body[k + 1] === '"') {
        cell += '"';
        k++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && body[k + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      k++;
    } else cell += c;
  }
  assert.equal(cell, '', 'the CSV ends with CRLF');
  return rows;
}

/** Rate limits high enough for a test that sends many requests in a row. */
export const LIST_OVERRIDES = { rateLimits: { defaults: { 'health-department': { perSecond: 10_000, burst: 10_000, dailyQuota: 1_000_000 } } } };

/** A person as the independent oracle sees them. */
export interface OraclePerson {
  id: number;
  citizenId: string;
  birthDate: string;
  sex: string;
  province: string;
  commune: string | null;
  priorityGroups: string[];
  conditions: string[];
  doses: { vaccine: string; dose: number }[];
  employerTaxCode: string | null;
  parkId: number | null;
  validCardOn: (day: string) => boolean;
}

/** Every living person of `province`, read with plain queries, in id order. */
export async function oracle(store: Store, province: string): Promise<OraclePerson[]> {
  const people = await store.db.selectFrom('people').selectAll().where('residence_province', '=', province).where('deceased_on', 'is', null).orderBy('id').execute();
  const ids = people.map((p) => p.id);
  const inIds = <T extends { person_id: number }>(rows: T[]) => rows.filter((r) => ids.includes(r.person_id));
  const conditions = inIds(await store.db.selectFrom('chronic_conditions').selectAll().execute());
  const cards = inIds(await store.db.selectFrom('cards').selectAll().execute());
  const doses = inIds(await store.db.selectFrom('vaccinations').selectAll().execute());
  const jobs = inIds(
    await store.db.selectFrom('employments').innerJoin('employers', 'employers.id', 'employments.employer_id').select(['employments.person_id', 'employments.end_date', 'employers.tax_code', 'employers.industrial_park_id']).execute(),
  );
  return people.map((p) => {
    const job = jobs.find((j) => j.person_id === p.id && j.end_date === null);
    return {
      id: p.id,
      citizenId: p.citizen_id,
      birthDate: p.birth_date,
      sex: p.sex,
      province: p.residence_province,
      commune: p.residence_commune ?? null,
      priorityGroups: priorityGroupsOf(p.priority_group_bits ?? 0),
      conditions: conditions.filter((c) => c.person_id === p.id).map((c) => c.condition_group),
      doses: doses.filter((d) => d.person_id === p.id).map((d) => ({ vaccine: d.vaccine, dose: d.dose })),
      employerTaxCode: job?.tax_code ?? null,
      parkId: job?.industrial_park_id ?? null,
      validCardOn: (day) => cards.some((c) => c.person_id === p.id && c.status === 'active' && c.valid_from <= day && day <= c.valid_to),
    };
  });
}

/** Age in whole years on `day`, as lists compute it (born on or before the same date `age` years earlier). */
export function ageOn(birthDate: string, day: string): number {
  let age = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  while (age > 0 && birthDate > addYears(day, -age)) age--;
  return age;
}

export const ids = (rows: readonly Record<string, unknown>[]) => rows.map((r) => r.citizenId as string);

export async function createExport(t: TestGateway, body: Record<string, unknown>, partner = DEPT_79.id) {
  return request(t.app).post('/v1/exports').set('Authorization', await bearer(t, partner)).send(body);
}

export async function exportStatus(t: TestGateway, id: string, partner = DEPT_79.id) {
  return request(t.app).get(`/v1/exports/${id}`).set('Authorization', await bearer(t, partner));
}

/** Polls the job's status (each poll a real request) until it has ended; its last status. */
export async function finishedExport(t: TestGateway, id: string, partner = DEPT_79.id): Promise<Record<string, unknown>> {
  for (let k = 0; k < 5000; k++) {
    const res = await exportStatus(t, id, partner);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    if (!['queued', 'running'].includes(res.body.state as string)) return res.body as Record<string, unknown>;
  }
  throw new Error(`export ${id} did not finish`);
}

/** The job's file (or a range of it) as bytes. */
export async function exportFile(t: TestGateway, id: string, headers: Record<string, string> = {}, partner = DEPT_79.id) {
  let req = request(t.app).get(`/v1/exports/${id}/file`).set('Authorization', await bearer(t, partner));
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  return req.buffer(true).responseType('blob');
}
