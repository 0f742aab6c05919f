// The population database's HTTP API as this adapter uses it: one citizen by CCCD, and a batch lookup.
// Every answer is parsed strictly and checked against its contract (contracts/population-db.*.v1.json) before use.
import { closeHttpClient, type HttpClient } from '../../src/adapters/http-client.ts';
import { upstreamClient } from '../../src/adapters/upstream-http.ts';
import type { ContractChecker } from '../../src/core/adapter.ts';
import { malformedAnswer, upstreamError } from './errors.ts';

export interface PopulationDbConfig {
  readonly use: 'population-db';
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly maxSockets: number;
  readonly resilience?: unknown;
}

/** A citizen as the population database holds them; birthDate is YYYY when only the year is known. */
export interface Citizen {
  readonly citizenId: string;
  readonly fullName: string;
  readonly birthDate: string;
  readonly sex: 'male' | 'female';
}

interface LookupAnswer {
  readonly citizens: readonly { readonly requested: string; readonly found: boolean; readonly citizen?: Citizen }[];
}

export class PopulationDbApi {
  private readonly client: HttpClient;
  private readonly contracts: ContractChecker;

  constructor(config: PopulationDbConfig, contracts: ContractChecker) {
    this.contracts = contracts;
    this.client = upstreamClient(config, { Accept: 'application/json' });
  }

  /** The citizen holding (or formerly holding) this CCCD, or undefined when the population database knows no one. */
  async citizen(citizenId: string, signal: AbortSignal): Promise<Citizen | undefined> {
    const res = await this.client
      .get<string>(`/v1/citizens/${encodeURIComponent(citizenId)}`, { signal, validateStatus: (s) => s === 200 || s === 404 })
      .catch((e: unknown) => {
        throw upstreamError(e);
      });
    if (res.status === 404) {
      this.parse(res.data, 'population-db.not-found.v1.json');
      return undefined;
    }
    return this.parse<Citizen>(res.data, 'population-db.citizen.v1.json');
  }

  /** Each requested CCCD with its citizen, or undefined when not found; the answer must cover exactly what was asked. */
  async lookup(citizenIds: readonly string[], signal: AbortSignal): Promise<Map<string, Citizen | undefined>> {
    const res = await this.client
      .post<string>('/v1/citizens/lookup', JSON.stringify({ citizenIds }), { signal, headers: { 'Content-Type': 'application/json' } })
      .catch((e: unknown) => {
        throw upstreamError(e);
      });
    const answer = this.parse<LookupAnswer>(res.data, 'population-db.lookup-response.v1.json');
    const out = new Map<string, Citizen | undefined>();
    for (const entry of answer.citizens) {
      if (out.has(entry.requested)) throw malformedAnswer('names a CCCD twice');
      out.set(entry.requested, entry.found ? entry.citizen : undefined);
    }
    if (out.size !== citizenIds.length || citizenIds.some((id) => !out.has(id))) throw malformedAnswer('does not answer exactly the CCCDs asked');
    return out;
  }

  close(): void {
    closeHttpClient(this.client);
  }

  private parse<T>(text: unknown, contract: string): T {
    let value: unknown;
    try {
      value = JSON.parse(String(text));
    } catch (e) {
      throw malformedAnswer('is not JSON', e);
    }
    const issues = this.contracts.check(contract, value);
    if (issues.length > 0) throw malformedAnswer(`violates ${contract}: ${issues.map((i) => `${i.pointer} ${i.message}`).join('; ').slice(0, 300)}`);
    return value as T;
  }
}
