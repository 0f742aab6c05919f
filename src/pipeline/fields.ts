// Top-level output fields a call may return: those of its granted field sets plus the route's always-fields.
export function allowedFields(
  definitions: Readonly<Record<string, readonly string[]>>,
  grantedSets: readonly string[],
  alwaysFields: readonly string[] = [],
): Set<string> {
  const out = new Set(alwaysFields);
  for (const set of grantedSets) for (const f of definitions[set] ?? []) out.add(f);
  return out;
}
