// Parses a JWS segment's JSON and refuses an object with duplicate member names at its top level
// (JSON.parse would silently keep the last one, and verifiers disagree on which wins).
export type StrictParse = { ok: true; value: Record<string, unknown> } | { ok: false; reason: 'not-json' | 'not-object' | 'duplicate-key' };

export function parseJsonObject(text: string): StrictParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not-json' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not-object' };
  return topLevelKeysUnique(text) ? { ok: true, value: value as Record<string, unknown> } : { ok: false, reason: 'duplicate-key' };
}

/** Walks already-valid JSON text and checks the names of the top-level object's members are unique. */
function topLevelKeysUnique(text: string): boolean {
  const seen = new Set<string>();
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) {
        const name = JSON.parse(text.slice(i, j + 1)) as string;
        if (seen.has(name)) return false;
        seen.add(name);
        expectKey = false;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 1) expectKey = true;
  }
  return true;
}
