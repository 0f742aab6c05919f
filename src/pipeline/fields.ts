// Top-level output fields a call may return: those of its granted field sets plus the route's always-fields.
// Field-set definitions come from config and do not change while the gateway runs, so each combination of sets is
// worked out once (there are few: the routes' sets intersected with the grants).
type Definitions = Readonly<Record<string, readonly string[]>>;

const memo = new WeakMap<Definitions, Map<string, ReadonlySet<string>>>();
const MAX_COMBINATIONS = 1000;

export function allowedFields(definitions: Definitions, grantedSets: readonly string[], alwaysFields: readonly string[] = []): ReadonlySet<string> {
  let known = memo.get(definitions);
  if (!known) {
    known = new Map();
    memo.set(definitions, known);
  }
  const key = `${grantedSets.join(',')}|${alwaysFields.join(',')}`;
  let fields = known.get(key);
  if (!fields) {
    const out = new Set(alwaysFields);
    for (const set of grantedSets) for (const f of definitions[set] ?? []) out.add(f);
    if (known.size >= MAX_COMBINATIONS) known.clear();
    known.set(key, out);
    fields = out;
  }
  return fields;
}
