// Employments and the social and unemployment insurance coverage that goes with them: employees (about 20% of
// people), people on unemployment benefit (TN), the armed forces, pensioners (HT) and voluntary participants.
import { addMonthsToDayNumber, dayNumber, isoOfDayNumber, wholeMonthsBetween } from '../domain/dates.ts';
import type { CoverageTable, EmploymentTable } from '../store/schema.ts';
import type { EmployerKind, EmployerPools } from './employers.ts';
import { ARMED_FORCES_GROUPS, RETIREMENT_AGE } from './group-choice.ts';
import { type Stream, Weighted } from './random.ts';
import { reductionEndsEmployment } from './situations.ts';

/** Unemployment insurance exists since 01/01/2009 (domain.md 1). */
const UNEMPLOYMENT_INSURANCE_START = dayNumber('2009-01-01');
const YEAR = 365.2425;
/** Share of employees with an earlier job (assumption). */
const EARLIER_JOB_SHARE = 0.35;
/** Share of civil servants among HC cardholders: they have no unemployment insurance (assumption). */
const CIVIL_SERVANT_SHARE = 0.5;
/** Share of household participants (GD) aged 18-59 with voluntary social insurance (assumption; ~1.4% of people). */
const VOLUNTARY_SHARE = 0.05;

const EMPLOYER_KIND_OF_GROUP: Readonly<Record<string, EmployerKind>> = {
  DN: 'enterprise', HX: 'cooperative', CH: 'public', HC: 'public', XK: 'public', NN: 'foreign', TK: 'household',
};

const OCCUPATIONS: Readonly<Record<EmployerKind, Weighted<string>>> = {
  enterprise: new Weighted([
    ['Công nhân sản xuất', 45], ['Nhân viên văn phòng', 15], ['Kỹ thuật viên', 10], ['Nhân viên bán hàng', 10],
    ['Lái xe', 5], ['Kế toán', 5], ['Kỹ sư', 5], ['Bảo vệ', 3], ['Quản lý', 2],
  ]),
  public: new Weighted([
    ['Công chức hành chính', 35], ['Giáo viên', 35], ['Điều dưỡng', 10], ['Bác sĩ', 8], ['Nhân viên văn phòng', 7], ['Kế toán', 5],
  ]),
  cooperative: new Weighted([['Lao động nông nghiệp', 60], ['Nhân viên văn phòng', 20], ['Kế toán', 20]]),
  foreign: new Weighted([['Nhân viên văn phòng', 50], ['Chuyên gia dự án', 30], ['Lái xe', 20]]),
  household: new Weighted([['Nhân viên bán hàng', 50], ['Lao động phổ thông', 50]]),
};

/** Statutory base salary (domain.md 4.2; the 2026 figure from one source), earliest first. */
const BASE_SALARY: readonly (readonly [number, number])[] = [
  [dayNumber('2023-07-01'), 1_800_000], [dayNumber('2024-07-01'), 2_340_000], [dayNumber('2026-07-01'), 2_530_000],
];
/** Public-sector pay coefficients (assumption). */
const PAY_COEFFICIENTS = [2.34, 2.67, 3.0, 3.33, 3.66, 3.99, 4.32, 4.65, 4.98];
/** Private monthly salary basis: from this floor up to 3x it (assumption, around the regional minimum wages). */
const PRIVATE_SALARY_FLOOR = 4_960_000;

function baseSalaryOn(day: number): number {
  let salary = (BASE_SALARY[0] as readonly [number, number])[1];
  for (const [from, amount] of BASE_SALARY) if (day >= from) salary = amount;
  return salary;
}

function salaryBasis(stream: Stream, kind: EmployerKind, asOf: number): number {
  if (kind === 'public') return Math.round((stream.pick(PAY_COEFFICIENTS) * baseSalaryOn(asOf)) / 1000) * 1000;
  const u = stream.float();
  const multiplier = (kind === 'foreign' ? 2 : 1) * (1 + 2 * u * u);
  return Math.round((PRIVATE_SALARY_FLOOR * multiplier) / 10_000) * 10_000;
}

export interface Worker {
  readonly personId: number;
  readonly birthDay: number;
  readonly age: number;
  readonly sex: 'male' | 'female';
  readonly group: string;
  readonly residenceNew: string;
  /** Set when the person's card was reduced (báo giảm): 120..124. */
  readonly reductionCode?: string | undefined;
}

export interface WorkHistory {
  readonly employments: EmploymentTable[];
  /** Social and unemployment insurance rows (health comes with the card). */
  readonly coverage: CoverageTable[];
}

interface Job {
  readonly start: number;
  /** Inclusive last day; undefined while the job goes on. */
  readonly end?: number;
}

function monthOf(day: number): string {
  return isoOfDayNumber(day).slice(0, 7);
}

/** Months contributed over jobs, counting only from `notBefore`. */
function monthsWorked(jobs: readonly Job[], asOf: number, notBefore = -Infinity): number {
  return jobs.reduce((sum, job) => {
    const start = Math.max(job.start, notBefore);
    const end = job.end ?? asOf;
    return end > start ? sum + wholeMonthsBetween(start, end + 1) : sum;
  }, 0);
}

function coverageRow(personId: number, type: string, since: number, status: string, months: number, lastMonth: number): CoverageTable {
  return {
    person_id: personId, insurance_type: type, since: isoOfDayNumber(since), status, months_contributed: months,
    last_contribution_month: monthOf(lastMonth),
  };
}

/** The day someone aged between minAge and maxAge (years) started; never after `latest`. */
function dayAtAge(stream: Stream, birthDay: number, minAge: number, maxAge: number, latest: number): number {
  return Math.min(latest, birthDay + Math.floor(stream.between(minAge, maxAge) * YEAR) + stream.int(365));
}

function employeeJobs(stream: Stream, w: Worker, asOf: number): Job[] {
  const careerStart = dayAtAge(stream, w.birthDay, 18, 24, asOf - 30);
  const span = asOf - careerStart;
  const jobs: Job[] = [];
  let currentStart = careerStart;
  if (span > 730 && stream.chance(EARLIER_JOB_SHARE)) {
    const end = careerStart + stream.between(180, Math.floor(span * 0.6));
    jobs.push({ start: careerStart, end });
    currentStart = Math.min(asOf - 30, end + stream.between(1, 90));
  }
  const ends = w.reductionCode !== undefined && reductionEndsEmployment(w.reductionCode);
  jobs.push(ends ? { start: currentStart, end: Math.max(currentStart + 30, asOf - stream.between(1, 120)) } : { start: currentStart });
  return jobs;
}

function employmentRows(stream: Stream, employers: EmployerPools, w: Worker, kind: EmployerKind, jobs: readonly Job[], asOf: number): EmploymentTable[] {
  return jobs.map((job, k) => ({
    person_id: w.personId,
    seq: k + 1,
    employer_id: employers.drawEmployerId(stream, w.residenceNew, kind),
    start_date: isoOfDayNumber(job.start),
    end_date: job.end === undefined ? null : isoOfDayNumber(job.end),
    occupation: OCCUPATIONS[kind].draw(stream),
    salary_basis: salaryBasis(stream, kind, asOf),
  }));
}

/** Social (and, where it applies, unemployment) insurance over a list of jobs. */
function jobCoverage(w: Worker, jobs: readonly Job[], status: string, withUnemployment: boolean, asOf: number): CoverageTable[] {
  const first = (jobs[0] as Job).start;
  const last = jobs[jobs.length - 1] as Job;
  const lastMonth = last.end ?? addMonthsToDayNumber(asOf, -1);
  const rows = [coverageRow(w.personId, 'social', first, status, monthsWorked(jobs, asOf), lastMonth)];
  if (withUnemployment) {
    const since = Math.max(first, UNEMPLOYMENT_INSURANCE_START);
    rows.push(coverageRow(w.personId, 'unemployment', since, status, monthsWorked(jobs, asOf, UNEMPLOYMENT_INSURANCE_START), lastMonth));
  }
  return rows;
}

export function buildWorkHistory(stream: Stream, employers: EmployerPools, w: Worker, asOf: number): WorkHistory {
  const lastMonth = addMonthsToDayNumber(asOf, -1);
  const kind = EMPLOYER_KIND_OF_GROUP[w.group];
  if (kind) {
    const jobs = employeeJobs(stream, w, asOf);
    const unemployment = w.group !== 'XK' && !(w.group === 'HC' && stream.chance(CIVIL_SERVANT_SHARE));
    return {
      employments: employmentRows(stream, employers, w, kind, jobs, asOf),
      coverage: jobCoverage(w, jobs, w.reductionCode === undefined ? 'active' : 'suspended', unemployment, asOf),
    };
  }
  if (w.group === 'TN') {
    // On unemployment benefit: the last job ended 1-11 months ago.
    const end = asOf - stream.between(30, 330);
    const jobs = [{ start: Math.min(dayAtAge(stream, w.birthDay, 18, 24, asOf), end - 365), end }];
    return { employments: employmentRows(stream, employers, w, 'enterprise', jobs, asOf), coverage: jobCoverage(w, jobs, 'suspended', true, asOf) };
  }
  if (ARMED_FORCES_GROUPS.has(w.group)) {
    const since = dayAtAge(stream, w.birthDay, 18, 22, asOf - 30);
    return { employments: [], coverage: [coverageRow(w.personId, 'social', since, 'active', wholeMonthsBetween(since, asOf), lastMonth)] };
  }
  if (w.group === 'HT') {
    // Retired at the retirement age or up to 3 years later, after 20-35 years of contributions.
    const retired = dayAtAge(stream, w.birthDay, RETIREMENT_AGE[w.sex], RETIREMENT_AGE[w.sex] + 2, asOf);
    const months = Math.min(stream.between(240, 420), wholeMonthsBetween(w.birthDay + Math.floor(18 * YEAR), retired));
    const since = addMonthsToDayNumber(retired, -months);
    return { employments: [], coverage: [coverageRow(w.personId, 'social', since, 'ended', months, retired)] };
  }
  if (w.group === 'GD' && w.age >= 18 && w.age < 60 && stream.chance(VOLUNTARY_SHARE)) {
    const since = Math.max(w.birthDay + Math.floor(18 * YEAR), asOf - Math.floor(stream.between(1, 8) * YEAR));
    return { employments: [], coverage: [coverageRow(w.personId, 'social', since, 'active', wholeMonthsBetween(since, asOf), lastMonth)] };
  }
  return { employments: [], coverage: [] };
}
