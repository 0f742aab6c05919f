// Unemployment-benefit application: confirms the applicant's contribution record the benefit is computed from
// (months of unemployment insurance, last employer, salary basis of the last 6 months contributed). Nothing changes
// in the insurance database; the confirmation itself is the result that goes back to the platform.
import type { Operation } from '../../../src/core/adapter.ts';
import { GatewayError } from '../../../src/core/errors.ts';
import type { Store } from '../../../src/store/open.ts';
import { inEventTransaction, personByCitizenId } from '../event-transaction.ts';

export interface UnemploymentApplication {
  type: 'unemployment-application';
  eventId: string;
  appliedOn: string;
  applicant: { citizenId: string };
}

interface MonthlySalary { month: string; amount: number }

export interface UnemploymentHistory {
  eventId: string;
  eventType: 'unemployment-application';
  citizenId: string;
  socialInsuranceNumber: string;
  contribution: { unemploymentInsuranceMonths: number; lastContributionMonth?: string; salaryBasis: MonthlySalary[]; averageSalaryBasis?: number };
  employment: { lastEmployer?: { name: string; taxCode: string; province: string; since: string; until?: string } };
}

/** The benefit is computed from the average salary basis of the last 6 months contributed. */
const SALARY_MONTHS = 6;

export function unemploymentApplication(store: Store): Operation<UnemploymentApplication, UnemploymentHistory> {
  return {
    input: 'events.unemployment-application.v1.json',
    output: 'insurance-db.unemployment-history.v1.json',
    idempotent: false,
    async run(input, ctx) {
      if (input.appliedOn > ctx.today) {
        throw new GatewayError('event.rejected', 'the application date is after today', { issues: [{ pointer: '/appliedOn', message: 'must not be after today' }] });
      }
      return inEventTransaction(store, ctx, async (db) => {
        const person = await personByCitizenId(db, input.applicant.citizenId);
        if (!person) throw new GatewayError('subject.not_found', 'no insured person with this citizen id');
        if (person.deceased_on !== null) throw new GatewayError('event.conflict', 'the applicant is registered as deceased');
        const insurance = await db.selectFrom('coverage').selectAll().where('person_id', '=', person.id).where('insurance_type', '=', 'unemployment').executeTakeFirst();
        const jobs = await db
          .selectFrom('employments')
          .innerJoin('employers', 'employers.id', 'employments.employer_id')
          .select(['employments.start_date', 'employments.end_date', 'employments.salary_basis', 'employers.name', 'employers.tax_code', 'employers.province'])
          .where('employments.person_id', '=', person.id)
          .orderBy('employments.start_date', 'desc')
          .execute();
        const lastMonth = insurance?.last_contribution_month ?? undefined;
        const salaryBasis: MonthlySalary[] = [];
        for (const month of lastMonth ? monthsBackFrom(lastMonth, SALARY_MONTHS) : []) {
          const job = jobs.find((j) => j.start_date.slice(0, 7) <= month && (j.end_date === null || j.end_date.slice(0, 7) >= month));
          if (job?.salary_basis != null) salaryBasis.push({ month, amount: job.salary_basis });
        }
        const last = jobs[0];
        return {
          eventId: input.eventId,
          eventType: 'unemployment-application',
          citizenId: person.citizen_id,
          socialInsuranceNumber: person.social_insurance_number,
          contribution: {
            unemploymentInsuranceMonths: insurance?.months_contributed ?? 0,
            ...(lastMonth ? { lastContributionMonth: lastMonth } : {}),
            salaryBasis,
            ...(salaryBasis.length > 0 ? { averageSalaryBasis: Math.round(salaryBasis.reduce((s, m) => s + m.amount, 0) / salaryBasis.length) } : {}),
          },
          employment: last
            ? { lastEmployer: { name: last.name, taxCode: last.tax_code, province: last.province, since: last.start_date, ...(last.end_date ? { until: last.end_date } : {}) } }
            : {},
        };
      });
    },
  };
}

/** `count` months ending with `last` (YYYY-MM), newest first. */
function monthsBackFrom(last: string, count: number): string[] {
  const index = Number(last.slice(0, 4)) * 12 + Number(last.slice(5, 7)) - 1;
  return Array.from({ length: count }, (_, k) => {
    const i = index - k;
    return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
  });
}
