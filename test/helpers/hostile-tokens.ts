// Hand-crafted JWS pieces for hostile-token tests: raw segments, signatures made with node:crypto, DER/raw
// ECDSA conversions, and a local HTTP server that counts the requests a verifier should never make.
import { createHmac, createPrivateKey, constants, type KeyObject, randomUUID, sign as cryptoSign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';

/** base64url of a string or bytes. */
export function b64u(v: string | Uint8Array): string {
  return Buffer.from(v).toString('base64url');
}

/** One JWS segment: a value is serialised with JSON.stringify, a string is taken as the exact JSON text. */
export function segment(v: unknown): string {
  return b64u(typeof v === 'string' ? v : JSON.stringify(v));
}

export type Signer = (signingInput: string) => Uint8Array;

/** header.payload.signature, with the signature computed over the exact segments given. */
export function compactJws(header: unknown, payload: unknown, signer: Signer | null): string {
  const input = `${segment(header)}.${segment(payload)}`;
  return `${input}.${signer ? b64u(signer(input)) : ''}`;
}

/** A private key object from a (jose-exported) private JWK. */
export function privateKeyOf(jwk: JWK): KeyObject {
  const { kty, crv, x, y, d, n, e, p, q, dp, dq, qi } = jwk;
  const clean = Object.fromEntries(Object.entries({ kty, crv, x, y, d, n, e, p, q, dp, dq, qi }).filter(([, v]) => v !== undefined));
  return createPrivateKey({ key: clean as unknown as import('node:crypto').JsonWebKey, format: 'jwk' });
}

/** ES256: raw r||s (JWS form) or DER (the form JWS forbids). */
export function es256Signer(key: KeyObject, encoding: 'ieee-p1363' | 'der' = 'ieee-p1363'): Signer {
  return (input) => cryptoSign('sha256', Buffer.from(input), { key, dsaEncoding: encoding });
}

export function hs256Signer(secret: string | Uint8Array): Signer {
  return (input) => createHmac('sha256', secret).update(input).digest();
}

export function rs256Signer(key: KeyObject): Signer {
  return (input) => cryptoSign('sha256', Buffer.from(input), { key, padding: constants.RSA_PKCS1_PADDING });
}

/** PS256 done by hand, so key sizes a JOSE library refuses (RSA-1024) can still sign. */
export function ps256Signer(key: KeyObject): Signer {
  return (input) => cryptoSign('sha256', Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
}

/** Converts a raw ECDSA signature r||s (64 bytes for P-256) to its ASN.1 DER SEQUENCE { INTEGER r, INTEGER s }. */
export function rawEcdsaToDer(raw: Uint8Array): Buffer {
  if (raw.length % 2 !== 0) throw new Error('raw ECDSA signature must have an even length');
  const half = raw.length / 2;
  const integer = (bytes: Uint8Array): Buffer => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    let v = Buffer.from(bytes.subarray(i));
    if ((v[0] as number) & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([0x02, v.length]), v]);
  };
  const body = Buffer.concat([integer(raw.subarray(0, half)), integer(raw.subarray(half))]);
  if (body.length > 127) throw new Error('signature too long for short-form DER length');
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

export interface ClaimsOptions {
  readonly partnerId: string;
  readonly audience: string;
  readonly nowSeconds: number;
  readonly scope?: string;
  readonly purpose?: string;
}

/** The claims of a well-formed partner token; an override whose value is undefined removes that claim. */
export function partnerClaims(o: ClaimsOptions, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    iss: o.partnerId,
    sub: o.partnerId,
    aud: o.audience,
    iat: o.nowSeconds,
    exp: o.nowSeconds + 120,
    jti: randomUUID(),
    scope: o.scope ?? 'card.check',
    purpose_of_use: o.purpose ?? 'treatment',
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}

/** A local HTTP server that answers everything with an empty JWKS and counts what it received. */
export interface TrapServer {
  readonly url: string;
  readonly hits: string[];
  close(): Promise<void>;
}

export async function startTrapServer(): Promise<TrapServer> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method ?? '?'} ${req.url ?? ''}`);
    res.setHeader('content-type', 'application/json');
    res.end('{"keys":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
