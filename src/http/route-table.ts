// The service entries' paths compiled into a table matched segment by segment: `match` finds the entry of a method
// and request URL, with its decoded path parameters. Matching follows the Express router's rules the gateway uses
// (case-sensitive, strict: a trailing slash is another path); a URL it cannot read with certainty (a `#`, a
// parameter that is not valid percent-encoding) is not matched, so the Express app answers it as it always has.
// The same table names the methods a path allows, for the Express app's 405 answers.
import type { MountedService } from './service-call.ts';

interface CompiledRoute {
  readonly mounted: MountedService;
  /** Per path segment: the literal text, or the parameter's name (`null` literal marks a parameter). */
  readonly literals: readonly (string | null)[];
  readonly names: readonly (string | undefined)[];
}

export interface RouteMatch {
  readonly mounted: MountedService;
  readonly path: string;
  readonly params: Record<string, string>;
  /** The raw query string (after `?`), or '' when there is none. */
  readonly search: string;
}

export class RouteTable {
  private readonly byMethod = new Map<string, CompiledRoute[]>();
  /** Every route, in the order the entries were mounted. */
  private readonly all: CompiledRoute[] = [];

  constructor(mounted: readonly MountedService[]) {
    for (const m of mounted) {
      const segments = m.service.path.split('/');
      const route: CompiledRoute = {
        mounted: m,
        literals: segments.map((s) => (s.startsWith(':') ? null : s)),
        names: segments.map((s) => (s.startsWith(':') ? s.slice(1) : undefined)),
      };
      this.all.push(route);
      const list = this.byMethod.get(m.service.method) ?? [];
      list.push(route);
      this.byMethod.set(m.service.method, list);
    }
  }

  match(method: string | undefined, url: string | undefined): RouteMatch | undefined {
    const routes = method === undefined ? undefined : this.byMethod.get(method);
    if (!routes || url === undefined || url.charCodeAt(0) !== 47 /* / */ || url.includes('#')) return undefined;
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const segments = path.split('/');
    for (const route of routes) {
      const params = matchSegments(route, segments);
      if (params) return { mounted: route.mounted, path, params, search: q < 0 ? '' : url.slice(q + 1) };
    }
    return undefined;
  }

  /** The methods of the routes whose template fits `path` (a 405's `Allow`), in the order the entries were mounted. */
  allowedMethods(path: string): string[] {
    const segments = path.split('/');
    return [...new Set(this.all.filter((route) => hasShape(route, segments)).map((route) => route.mounted.service.method))];
  }
}

/** The segments have the route's shape: its literals in place, a non-empty segment for each parameter. */
function hasShape(route: CompiledRoute, segments: readonly string[]): boolean {
  const { literals } = route;
  if (literals.length !== segments.length) return false;
  for (let i = 0; i < literals.length; i++) {
    const literal = literals[i];
    if (literal !== null && literal !== segments[i]) return false;
    if (literal === null && segments[i] === '') return false;
  }
  return true;
}

function matchSegments(route: CompiledRoute, segments: readonly string[]): Record<string, string> | undefined {
  if (!hasShape(route, segments)) return undefined;
  const params: Record<string, string> = {};
  const { names } = route;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (name === undefined) continue;
    const value = decodeParam(segments[i] as string);
    if (value === undefined) return undefined;
    params[name] = value;
  }
  return params;
}

function decodeParam(raw: string): string | undefined {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
