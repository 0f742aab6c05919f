// Occupation categories and the priority groups of testing and vaccination campaigns (domain.md 4.3: lists "by
// priority group": the elderly, people with chronic conditions, workers in industrial parks and large employers,
// health workers, teachers...). Stored groups are a bit set on each person; `elderly` depends on the reference date
// of a list, so it is computed from the birth date when a list asks for it.

export const OCCUPATION_CATEGORIES = [
  'health-worker', 'teacher', 'civil-servant', 'industrial-worker', 'office-and-services', 'farmer', 'armed-forces',
  'pupil', 'student', 'child', 'retired', 'unemployed', 'other',
] as const;
export type OccupationCategory = (typeof OCCUPATION_CATEGORIES)[number];

/** Priority groups kept on each person, in bit order (bit k = 1 << k): never reorder, only append. */
export const STORED_PRIORITY_GROUPS = [
  'health-worker', 'teacher', 'industrial-park-worker', 'large-employer-worker', 'armed-forces', 'social-protection', 'pupil-student',
] as const;
export type StoredPriorityGroup = (typeof STORED_PRIORITY_GROUPS)[number];

/** Every priority group a list may ask for. */
export const PRIORITY_GROUPS = [...STORED_PRIORITY_GROUPS, 'elderly'] as const;
export type PriorityGroup = (typeof PRIORITY_GROUPS)[number];

/** Age from which a person is elderly (Law on the Elderly 2009: 60 and over). */
export const ELDERLY_FROM_AGE = 60;

export function priorityBit(group: StoredPriorityGroup): number {
  return 1 << STORED_PRIORITY_GROUPS.indexOf(group);
}

/** The bit set of stored groups. */
export function priorityBits(groups: Iterable<StoredPriorityGroup>): number {
  let bits = 0;
  for (const g of groups) bits |= priorityBit(g);
  return bits;
}

/** The stored groups of a bit set, in the fixed order. */
export function priorityGroupsOf(bits: number): StoredPriorityGroup[] {
  return STORED_PRIORITY_GROUPS.filter((g) => (bits & priorityBit(g)) !== 0);
}
