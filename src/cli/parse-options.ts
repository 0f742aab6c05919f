// Parsers for CLI option values: each names the option and the rule it broke.
import { readFileSync } from 'node:fs';
import { isNewProvinceCode, NEW_PROVINCES } from '../domain/provinces.ts';
import { CliError } from './cli-error.ts';

export function integerOption(name: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new CliError(`${name} must be an integer from ${min} to ${max}`);
    return Number(value);
  };
}

export function listOption<T extends string>(name: string, allowed: readonly T[]) {
  return (value: string): T[] => {
    const items = value.split(',').map((s) => s.trim()).filter(Boolean);
    if (items.length === 0) throw new CliError(`${name} needs at least one value`);
    for (const item of items) {
      if (!(allowed as readonly string[]).includes(item)) throw new CliError(`${name}: "${item}" is not one of ${allowed.join(', ')}`);
    }
    return [...new Set(items)] as T[];
  };
}

export function oneOfOption<T extends string>(name: string, allowed: readonly T[]) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) throw new CliError(`${name} must be one of ${allowed.join(', ')}`);
    return value as T;
  };
}

export function isoDateOption(name: string) {
  return (value: string): string => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const d = m ? new Date(`${value}T00:00:00Z`) : undefined;
    if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) throw new CliError(`${name} must be a date YYYY-MM-DD`);
    return value;
  };
}

export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`${what}: cannot read ${path}`, 66);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${what}: ${path} is not valid JSON`, 65);
  }
}

/** A post-2025 province code (`--province`). */
export function newProvinceOption(value: string): string {
  if (!isNewProvinceCode(value)) throw new CliError(`--province must be a post-2025 province code: ${NEW_PROVINCES.map((p) => p.code).join(', ')}`);
  return value;
}
