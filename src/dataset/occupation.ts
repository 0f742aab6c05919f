// A person's occupation category and stored priority groups, derived (no randomness) from what the generator has
// already decided: the beneficiary group of the card, the current employment's occupation, and the current
// employer's park and size. Deriving them leaves every earlier field of a person unchanged.
import { type OccupationCategory, priorityBits, type StoredPriorityGroup } from '../domain/priority-groups.ts';
import type { EmploymentTable } from '../store/schema.ts';
import type { EmployerPools } from './employers.ts';
import { ARMED_FORCES_GROUPS } from './group-choice.ts';

const CATEGORY_OF_OCCUPATION: Readonly<Record<string, OccupationCategory>> = {
  'Bác sĩ': 'health-worker',
  'Điều dưỡng': 'health-worker',
  'Giáo viên': 'teacher',
  'Công chức hành chính': 'civil-servant',
  'Công nhân sản xuất': 'industrial-worker',
  'Kỹ thuật viên': 'industrial-worker',
  'Kỹ sư': 'industrial-worker',
  'Lao động phổ thông': 'industrial-worker',
  'Lao động nông nghiệp': 'farmer',
};
const PENSION_GROUPS: ReadonlySet<string> = new Set(['HT', 'XB', 'XN', 'MS', 'CS']);
/** Social-protection card groups: allowances, poor and near-poor households, remote and island residents. */
const SOCIAL_PROTECTION_GROUPS: ReadonlySet<string> = new Set(['BT', 'HN', 'CN', 'DT', 'DK', 'XD']);

export interface OccupationFacts {
  readonly category: OccupationCategory;
  readonly priorityBits: number;
}

function categoryOf(group: string, current: EmploymentTable | undefined): OccupationCategory {
  if (current) return CATEGORY_OF_OCCUPATION[current.occupation.normalize('NFC')] ?? 'office-and-services';
  if (group === 'TE') return 'child';
  if (group === 'HS') return 'pupil';
  if (group === 'SV') return 'student';
  if (ARMED_FORCES_GROUPS.has(group)) return 'armed-forces';
  if (PENSION_GROUPS.has(group)) return 'retired';
  if (group === 'TN') return 'unemployed';
  if (group === 'GB') return 'farmer';
  return 'other';
}

export function deriveOccupation(group: string, employments: readonly EmploymentTable[], employers: EmployerPools): OccupationFacts {
  const current = employments.find((e) => e.end_date === null);
  const category = categoryOf(group, current);
  const groups: StoredPriorityGroup[] = [];
  if (category === 'health-worker') groups.push('health-worker');
  if (category === 'teacher') groups.push('teacher');
  if (current) {
    if (employers.employerById(current.employer_id).industrial_park_id !== null) groups.push('industrial-park-worker');
    if (employers.isLarge(current.employer_id)) groups.push('large-employer-worker');
  }
  if (category === 'armed-forces') groups.push('armed-forces');
  if (SOCIAL_PROTECTION_GROUPS.has(group)) groups.push('social-protection');
  if (category === 'pupil' || category === 'student') groups.push('pupil-student');
  return { category, priorityBits: priorityBits(groups) };
}
