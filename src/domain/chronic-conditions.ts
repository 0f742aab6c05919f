// Chronic-condition groups recognised from health-insurance claims (ICD-10), the sensitive `health-priority` data of
// bulk lists. Lists name the group and its ICD-10 range only, never a person's exact diagnosis code.

export interface ChronicConditionGroup {
  /** The gateway's name of the group (list filters and answers). */
  readonly group: string;
  /** The ICD-10 range the group covers, as lists show it. */
  readonly icd10: string;
  /** ICD-10 categories that claims record for it, the commonest first, with relative weights. */
  readonly categories: readonly (readonly [code: string, weight: number])[];
}

export const CHRONIC_CONDITION_GROUPS: readonly ChronicConditionGroup[] = [
  { group: 'diabetes', icd10: 'E10-E14', categories: [['E11', 90], ['E14', 6], ['E10', 4]] },
  { group: 'hypertension', icd10: 'I10-I15', categories: [['I10', 95], ['I11', 3], ['I15', 2]] },
  { group: 'ischaemic-heart-disease', icd10: 'I20-I25', categories: [['I25', 60], ['I20', 30], ['I21', 10]] },
  { group: 'cerebrovascular-disease', icd10: 'I60-I69', categories: [['I69', 50], ['I63', 40], ['I61', 10]] },
  { group: 'copd', icd10: 'J44', categories: [['J44', 1]] },
  { group: 'asthma', icd10: 'J45', categories: [['J45', 1]] },
  { group: 'chronic-kidney-disease', icd10: 'N18', categories: [['N18', 1]] },
  { group: 'chronic-liver-disease', icd10: 'K70-K77', categories: [['K74', 45], ['K76', 35], ['K70', 20]] },
  {
    group: 'cancer', icd10: 'C00-C97',
    categories: [['C22', 18], ['C34', 16], ['C16', 11], ['C50', 11], ['C18', 10], ['C53', 5], ['C61', 5], ['C15', 4], ['C73', 4], ['C92', 4], ['C11', 4], ['C25', 4], ['C67', 4]],
  },
];

export const CHRONIC_CONDITION_GROUP_NAMES: readonly string[] = CHRONIC_CONDITION_GROUPS.map((g) => g.group);

const BY_NAME = new Map(CHRONIC_CONDITION_GROUPS.map((g) => [g.group, g]));

export function chronicConditionGroup(name: string): ChronicConditionGroup | undefined {
  return BY_NAME.get(name);
}
