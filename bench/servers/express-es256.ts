// Scenario (b): Express 5 verifying the partner-signed ES256 bearer token of every request with jose
// compactVerify against the partner's public key (BENCH_PUBLIC_JWK, JSON), parsing its payload JSON, then
// answering the same card JSON as (a). Tokens are not consumed (no replay store): only the crypto and parse.
import express from 'express';
import { compactVerify, importJWK, type JWK } from 'jose';
import { CARD_ANSWER, CARD_ROUTE } from './card-answer.ts';
import { requiredEnv, serve } from './child.ts';

const jwk = JSON.parse(requiredEnv('BENCH_PUBLIC_JWK')) as JWK;
const key = await importJWK(jwk, 'ES256');
if (key instanceof Uint8Array) throw new Error('BENCH_PUBLIC_JWK must be an EC public key');
const decoder = new TextDecoder();

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.get(CARD_ROUTE, async (req, res) => {
  const header = req.headers.authorization;
  if (header === undefined || !header.startsWith('Bearer ')) {
    res.status(401).json({ code: 'token.missing' });
    return;
  }
  try {
    const { payload } = await compactVerify(header.slice(7), key, { algorithms: ['ES256'] });
    const claims = JSON.parse(decoder.decode(payload)) as Record<string, unknown>;
    if (typeof claims.iss !== 'string' || typeof claims.jti !== 'string') throw new Error('claims');
  } catch {
    res.status(401).json({ code: 'token.bad_signature' });
    return;
  }
  res.setHeader('Cache-Control', 'no-store');
  res.json(CARD_ANSWER);
});

await serve(app);
