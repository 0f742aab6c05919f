// A gateway for tests, on a real store with a small seeded dataset and partners whose keys the test holds.
import type { JWK } from 'jose';
import { adapterSchemas } from '../../src/adapters/registry.ts';
import { MemoryReplayStore } from '../../src/auth/replay-store.ts';
import { generatePartnerKey, mintPartnerToken, type MintOptions } from '../../src/auth/partner-keys.ts';
import type { AllowedAlg } from '../../src/auth/jwk.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { GatewayConfig } from '../../src/config/types.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { FieldSetName, PartnerKind, PurposeCode, Scope } from '../../src/core/vocabulary.ts';
import { createGateway, type Gateway } from '../../src/gateway.ts';
import { addPartner } from '../../src/store/partners.ts';
import { seedDataset } from '../../src/store/seed-writer.ts';
import { captureLogger } from './log-capture.ts';
import { openTestStore, type TestDialect, type TestStore } from './stores.ts';

export const TEST_AUDIENCE = 'http://gateway.test';
export const AS_OF = '2026-11-01';
export const TEST_SEED = 42;

export interface TestPartner {
  readonly id: string;
  readonly kind: PartnerKind;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

export interface PartnerSpec {
  id: string;
  kind?: PartnerKind;
  province?: string | null;
  scopes?: Scope[];
  purposes?: PurposeCode[];
  fieldSets?: FieldSetName[];
  alg?: AllowedAlg;
  agreementFrom?: string | null;
  agreementTo?: string | null;
  requireDpop?: boolean;
  /** A remote JWKS URL; the generated key is then not registered inline (the test serves its public JWK) unless `inlineKey`. */
  jwksUri?: string | null;
  inlineKey?: boolean;
}

export interface TestGateway {
  readonly gateway: Gateway;
  readonly app: Gateway['app'];
  readonly ts: TestStore;
  readonly config: GatewayConfig;
  readonly logs: ReturnType<typeof captureLogger>;
  readonly partners: Map<string, TestPartner>;
  addPartner(spec: PartnerSpec): Promise<TestPartner>;
  /** Seconds since the epoch on the gateway's clock. */
  nowSeconds(): number;
  /** A fresh single-use token for a registered partner. */
  token(partnerId: string, opts?: Partial<MintOptions>): Promise<string>;
  close(): Promise<void>;
}

/** The hospital, ministry and department partners most tests use. */
export const DEFAULT_PARTNERS: PartnerSpec[] = [
  { id: 'hospital-a', kind: 'hospital', province: '79', scopes: ['card.check'], purposes: ['treatment', 'claims'], fieldSets: ['identity', 'card'] },
  { id: 'hospital-card-only', kind: 'hospital', province: '01', scopes: ['card.check'], purposes: ['treatment'], fieldSets: ['card'] },
  {
    id: 'ministry-labour', kind: 'ministry', scopes: ['participant.read'], purposes: ['benefit-eligibility', 'labour-administration'],
    fieldSets: ['identity', 'card', 'coverage', 'employment', 'contribution'],
  },
  { id: 'ministry-narrow', kind: 'ministry', scopes: ['participant.read'], purposes: ['labour-administration'], fieldSets: ['identity', 'coverage'] },
];

/** A clock that starts at 08:00 UTC on the dataset's as-of date and runs at real speed. */
export function datasetClock(): Clock {
  const base = Date.parse(`${AS_OF}T08:00:00Z`);
  const started = Date.now();
  return { now: () => base + (Date.now() - started) };
}

export async function startTestGateway(
  opts: {
    dialect?: TestDialect; seedCount?: number; partners?: PartnerSpec[]; clock?: Clock; overrides?: Record<string, unknown>;
    /** Seed everyone into this post-2025 province (`seed --province`); default: the national mix. */
    seedProvince?: string;
    /** Extra environment (VSS_PUBLIC_URL, ...). */
    env?: Record<string, string>;
  } = {},
): Promise<TestGateway> {
  const ts = await openTestStore(opts.dialect ?? 'sqlite');
  await seedDataset(ts.store, { count: opts.seedCount ?? 400, seed: TEST_SEED, asOf: AS_OF, province: opts.seedProvince });
  const config = loadConfig({
    env: { VSS_DATA_DIR: ts.dataDir, PORT: '0', ...opts.env },
    adapterSchemas: adapterSchemas(),
    overrides: { auth: { audience: TEST_AUDIENCE }, audit: { flushMs: 1 }, ...opts.overrides },
  });
  const logs = captureLogger();
  const clock = opts.clock ?? datasetClock();
  const gateway = await createGateway({
    config, store: ts.store, log: logs.log, replay: new MemoryReplayStore(), clock,
  });
  const partners = new Map<string, TestPartner>();
  const add = async (spec: PartnerSpec): Promise<TestPartner> => {
    const key = await generatePartnerKey(spec.alg ?? 'ES256');
    const inline = spec.inlineKey ?? !spec.jwksUri;
    await addPartner(
      ts.store,
      {
        id: spec.id, name: `Test ${spec.id}`, kind: spec.kind ?? 'hospital', province: spec.province ?? null,
        scopes: spec.scopes ?? ['card.check'], purposes: spec.purposes ?? ['treatment'], fieldSets: spec.fieldSets ?? ['identity', 'card'],
        agreementRef: `AGR-${spec.id}`, agreementFrom: spec.agreementFrom ?? null, agreementTo: spec.agreementTo ?? null,
        requireDpop: spec.requireDpop ?? false, jwksUri: spec.jwksUri ?? null,
      },
      inline ? [{ kid: key.kid, jwk: key.publicJwk as Record<string, unknown>, addedAt: new Date().toISOString() }] : [],
    );
    const p: TestPartner = { id: spec.id, kind: spec.kind ?? 'hospital', privateJwk: key.privateJwk, publicJwk: key.publicJwk };
    partners.set(spec.id, p);
    return p;
  };
  for (const spec of opts.partners ?? DEFAULT_PARTNERS) await add(spec);
  const nowSeconds = () => Math.floor(clock.now() / 1000);
  return {
    gateway,
    app: gateway.app,
    ts,
    config,
    logs,
    partners,
    addPartner: add,
    nowSeconds,
    async token(partnerId, o = {}) {
      const p = partners.get(partnerId);
      if (!p) throw new Error(`no test partner ${partnerId}`);
      const spec = (opts.partners ?? DEFAULT_PARTNERS).find((s) => s.id === partnerId);
      return mintPartnerToken({
        partnerId, privateJwk: p.privateJwk, audience: TEST_AUDIENCE,
        scope: (spec?.scopes ?? ['card.check']).join(' '), purpose: spec?.purposes?.[0] ?? 'treatment', nowSeconds: nowSeconds(), ...o,
      });
    },
    async close() {
      await gateway.drain();
      await ts.dispose();
    },
  };
}
