// A list request resolved against the caller's grant, and its filters as one SQL condition on `people`. The
// province of residence is always part of that condition, so jurisdiction is enforced inside the query: no row of
// another province is ever read, let alone filtered out afterwards.
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { CallContext } from '../../src/core/adapter.ts';
import { GatewayError, type Issue } from '../../src/core/errors.ts';
import { addYears } from '../../src/domain/dates.ts';
import { ELDERLY_FROM_AGE, priorityBit, STORED_PRIORITY_GROUPS, type StoredPriorityGroup } from '../../src/domain/priority-groups.ts';
import { toNewProvince } from '../../src/domain/provinces.ts';
import type { Store } from '../../src/store/open.ts';
import type { Database } from '../../src/store/schema.ts';
import { type CursorPosition, type ListCursors, queryHash } from './list-cursor.ts';

/** lists.query.request.v1.json (exports.create.request.v1.json carries the same filters). */
export interface ListRequest {
  readonly province?: string;
  readonly communes?: readonly string[];
  readonly referenceDate?: string;
  readonly age?: { readonly min?: number; readonly max?: number };
  readonly sex?: 'male' | 'female';
  readonly priorityGroups?: readonly string[];
  readonly chronicConditions?: 'any' | readonly string[];
  readonly vaccination?: { readonly vaccines?: readonly string[]; readonly minDoses?: number; readonly maxDoses?: number };
  readonly employerTaxCode?: string;
  readonly industrialParkId?: number;
  readonly insuranceStatus?: 'insured' | 'not-insured';
  readonly fieldSets?: readonly string[];
  readonly limit?: number;
  readonly cursor?: string;
}

export interface ResolvedList {
  readonly request: ListRequest;
  /** Post-2025 code of the province listed. */
  readonly province: string;
  readonly referenceDate: string;
  /** Rows start after this person id (0: from the first). */
  readonly after: number;
  readonly queryHash: string;
}

const isStored = (g: string): g is StoredPriorityGroup => (STORED_PRIORITY_GROUPS as readonly string[]).includes(g);

function badRequest(issues: Issue[]): GatewayError {
  return new GatewayError('contract.request_invalid', 'the list request is not valid', { issues });
}

/**
 * The caller's province and the checks the contract cannot make: another province named (403), communes of the
 * province that do not exist, ranges upside down, a cursor from another query (400).
 */
export async function resolveList(request: ListRequest, ctx: CallContext, store: Store, cursors: ListCursors): Promise<ResolvedList> {
  const own = ctx.provinces === undefined ? undefined : toNewProvince(ctx.provinces[0] ?? '');
  if (ctx.provinces !== undefined && own === undefined) throw new GatewayError('jurisdiction.denied', 'this partner is bound to no province');
  const province = request.province ?? own;
  if (province === undefined) throw badRequest([{ pointer: '/province', message: 'is required for a partner without a province' }]);
  if (ctx.provinces !== undefined && province !== own) {
    throw new GatewayError('jurisdiction.denied', `lists are limited to the partner's province ${own}`, { issues: [{ pointer: '/province', message: 'is outside the granted province' }] });
  }
  const communes = request.communes ?? [];
  const foreign = communes.findIndex((c) => c.slice(0, 2) !== province);
  if (foreign >= 0) {
    throw new GatewayError('jurisdiction.denied', `commune codes of province ${province} start with ${province}`, { issues: [{ pointer: `/communes/${foreign}`, message: 'is outside the granted province' }] });
  }
  const issues: Issue[] = [];
  if (communes.length > 0) {
    const known = new Set((await store.db.selectFrom('communes').select('code').where('code', 'in', [...communes]).execute()).map((r) => r.code));
    communes.forEach((c, k) => {
      if (!known.has(c)) issues.push({ pointer: `/communes/${k}`, message: `is not a commune of province ${province}` });
    });
  }
  if (request.age?.min !== undefined && request.age.max !== undefined && request.age.min > request.age.max) issues.push({ pointer: '/age/max', message: 'must be at least age.min' });
  const doses = request.vaccination;
  if (doses?.minDoses !== undefined && doses.maxDoses !== undefined && doses.minDoses > doses.maxDoses) issues.push({ pointer: '/vaccination/maxDoses', message: 'must be at least vaccination.minDoses' });
  if (issues.length > 0) throw badRequest(issues);
  const hash = queryHash(request as Record<string, unknown>);
  const position: CursorPosition | undefined = request.cursor === undefined ? undefined : cursors.open(request.cursor, { partner: ctx.partner, province, queryHash: hash });
  return { request, province, referenceDate: position?.referenceDate ?? request.referenceDate ?? ctx.today, after: position?.after ?? 0, queryHash: hash };
}

/** The list's filters as one condition on `people` (province of residence first: the jurisdiction). */
export function listCondition(list: ResolvedList) {
  const { request: r, referenceDate: day } = list;
  return (eb: ExpressionBuilder<Database, 'people'>): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [eb('people.residence_province', '=', list.province), eb('people.deceased_on', 'is', null)];
    if (r.communes) parts.push(eb('people.residence_commune', 'in', [...r.communes]));
    if (r.age?.min !== undefined) parts.push(eb('people.birth_date', '<=', addYears(day, -r.age.min)));
    if (r.age?.max !== undefined) parts.push(eb('people.birth_date', '>', addYears(day, -(r.age.max + 1))));
    if (r.sex) parts.push(eb('people.sex', '=', r.sex));
    if (r.priorityGroups) {
      const mask = r.priorityGroups.filter(isStored).reduce((bits, g) => bits | priorityBit(g), 0);
      const any: Expression<SqlBool>[] = [];
      if (mask !== 0) any.push(sql<SqlBool>`(${eb.ref('people.priority_group_bits')} & ${mask}) <> 0`);
      if (r.priorityGroups.includes('elderly')) any.push(eb('people.birth_date', '<=', addYears(day, -ELDERLY_FROM_AGE)));
      parts.push(eb.or(any));
    }
    if (r.chronicConditions) {
      let conditions = eb.selectFrom('chronic_conditions').select('chronic_conditions.person_id').whereRef('chronic_conditions.person_id', '=', 'people.id');
      if (r.chronicConditions !== 'any') conditions = conditions.where('chronic_conditions.condition_group', 'in', [...r.chronicConditions]);
      parts.push(eb.exists(conditions));
    }
    if (r.vaccination) {
      let doses = eb.selectFrom('vaccinations').select((v) => v.fn.countAll().as('n')).whereRef('vaccinations.person_id', '=', 'people.id');
      if (r.vaccination.vaccines) doses = doses.where('vaccinations.vaccine', 'in', [...r.vaccination.vaccines]);
      if (r.vaccination.minDoses !== undefined && r.vaccination.minDoses > 0) parts.push(sql<SqlBool>`(${doses}) >= ${r.vaccination.minDoses}`);
      if (r.vaccination.maxDoses !== undefined) parts.push(sql<SqlBool>`(${doses}) <= ${r.vaccination.maxDoses}`);
    }
    if (r.employerTaxCode !== undefined || r.industrialParkId !== undefined) {
      let job = eb
        .selectFrom('employments')
        .innerJoin('employers', 'employers.id', 'employments.employer_id')
        .select('employments.person_id')
        .whereRef('employments.person_id', '=', 'people.id')
        .where('employments.end_date', 'is', null);
      if (r.employerTaxCode !== undefined) job = job.where('employers.tax_code', '=', r.employerTaxCode);
      if (r.industrialParkId !== undefined) job = job.where('employers.industrial_park_id', '=', r.industrialParkId);
      parts.push(eb.exists(job));
    }
    if (r.insuranceStatus) {
      const validCard = eb
        .selectFrom('cards')
        .select('cards.card_code')
        .whereRef('cards.person_id', '=', 'people.id')
        .where('cards.status', '=', 'active')
        .where('cards.valid_from', '<=', day)
        .where('cards.valid_to', '>=', day);
      parts.push(r.insuranceStatus === 'insured' ? eb.exists(validCard) : eb.not(eb.exists(validCard)));
    }
    return eb.and(parts);
  };
}

/** What the audit record says about a list: its filters and reference date, never a person. */
export function listSummary(list: ResolvedList): Record<string, unknown> {
  const { cursor: _cursor, limit: _limit, fieldSets: _fieldSets, ...filters } = list.request;
  return { province: list.province, referenceDate: list.referenceDate, filters, queryHash: list.queryHash, ...(list.after > 0 ? { resumedAfterCursor: true } : {}) };
}
