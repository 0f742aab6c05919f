// The one home of ajv for contracts: every file in contracts/ is compiled once at start; a failed check
// becomes a list of issues (JSON pointers and reasons, never the offending values).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Issue } from '../core/errors.ts';
import { registerFormats } from './formats.ts';

export const CONTRACTS_DIR = fileURLToPath(new URL('../../contracts/', import.meta.url));

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export interface ContractRegistry {
  has(id: string): boolean;
  /** The schema document with that $id. */
  schema(id: string): Record<string, unknown>;
  /** Issues of `value` against contract `id`; empty when it conforms. */
  check(id: string, value: unknown): Issue[];
  ids(): string[];
}

export function loadContracts(dir: string = CONTRACTS_DIR): ContractRegistry {
  // `discriminator` (OpenAPI style): a oneOf told apart by a tag property validates only the branch the tag names,
  // so a bad body gets the issues of its own type, not those of every other type.
  const ajv = new Ajv({ strict: true, strictRequired: false, allErrors: true, coerceTypes: false, useDefaults: false, discriminator: true });
  addFormats(ajv, ['date', 'date-time', 'uri', 'uuid']);
  registerFormats(ajv);
  const schemas = new Map<string, Record<string, unknown>>();
  for (const file of listJson(dir)) {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const id = schema.$id;
    const base = file.slice(file.lastIndexOf('/') + 1);
    if (id !== base) throw new Error(`contract ${file}: $id must equal the file name ${base}`);
    schemas.set(id, schema);
    ajv.addSchema(schema);
  }
  const compiled = new Map<string, ValidateFunction>();
  for (const id of schemas.keys()) compiled.set(id, ajv.getSchema(id) as ValidateFunction);
  return {
    has: (id) => schemas.has(id),
    schema: (id) => {
      const s = schemas.get(id);
      if (!s) throw new Error(`unknown contract ${id}`);
      return s;
    },
    check(id, value) {
      const validate = compiled.get(id);
      if (!validate) throw new Error(`unknown contract ${id}`);
      return validate(value) ? [] : toIssues(validate.errors ?? []);
    },
    ids: () => [...schemas.keys()],
  };
}

function toIssues(errors: ErrorObject[]): Issue[] {
  const seen = new Set<string>();
  const out: Issue[] = [];
  for (const e of errors) {
    // Errors inside oneOf/anyOf branches only explain why a branch did not fit; the parent error says it.
    if (/\/(oneOf|anyOf)\/\d+\//.test(e.schemaPath)) continue;
    let pointer = e.instancePath || '/';
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') {
      pointer = `${e.instancePath}/${escapePointer(String((e.params as { additionalProperty: string }).additionalProperty))}`;
      message = 'is not allowed';
    } else if (e.keyword === 'required') {
      pointer = `${e.instancePath}/${escapePointer(String((e.params as { missingProperty: string }).missingProperty))}`;
      message = 'is required';
    } else if (e.keyword === 'discriminator') {
      const { tag, error } = e.params as { tag: string; error: 'tag' | 'mapping' };
      pointer = `${e.instancePath}/${escapePointer(tag)}`;
      message = error === 'mapping' ? 'must be equal to one of the allowed values' : 'must be a string';
    } else if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      message = 'must match exactly one of the allowed forms';
    } else if (e.keyword === 'pattern' || e.keyword === 'format') {
      message = `is not a valid ${e.keyword === 'format' ? String((e.params as { format: string }).format) : 'value for this field'}`;
    }
    const key = `${pointer} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer, message });
  }
  return out.slice(0, 20);
}

function escapePointer(s: string): string {
  // Unknown property names come from the client: keep them short and printable.
  return s.slice(0, 64).replace(/~/g, '~0').replace(/\//g, '~1').replace(/[^\x20-\x7e]/g, '?');
}

function listJson(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listJson(p));
    else if (entry.name.endsWith('.json')) out.push(p);
  }
  return out.sort();
}
