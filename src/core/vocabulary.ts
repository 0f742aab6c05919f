// The gateway's own names (domain.md section 9): partner kinds, scopes, purposes of use, field sets.
export const PARTNER_KINDS = ['hospital', 'ministry', 'health-department', 'platform', 'citizen-app', 'health-authority', 'population-db'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const SCOPES = ['card.check', 'participant.read', 'identity.verify', 'lists.read', 'events.submit', 'healthcheck.submit', 'healthcheck.read', 'accesslog.read'] as const;
export type Scope = (typeof SCOPES)[number];

export const PURPOSES = [
  'treatment', 'claims', 'benefit-eligibility', 'identity-verification', 'epidemic-control', 'vaccination',
  'civil-registration', 'labour-administration', 'transport-licensing', 'statistics', 'data-subject-request', 'investigation',
] as const;
export type PurposeCode = (typeof PURPOSES)[number];

export const FIELD_SETS = ['identity', 'card', 'coverage', 'employment', 'contribution', 'residence', 'health-priority', 'vital-status', 'vaccination', 'health-check'] as const;
export type FieldSetName = (typeof FIELD_SETS)[number];

/** Field sets that only leave the gateway with one of these purposes. */
export const SENSITIVE_FIELD_SETS: Readonly<Partial<Record<FieldSetName, readonly PurposeCode[]>>> = {
  'health-priority': ['epidemic-control', 'vaccination'],
  'health-check': ['transport-licensing'],
};

export function isOneOf<T extends string>(list: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (list as readonly string[]).includes(v);
}
