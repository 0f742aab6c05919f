// Detached JWS (RFC 7515 appendix F) over message bodies, signed with the gateway's current signing key (published
// at /.well-known/jwks.json): adapters sign what they send to upstreams that want signed messages with it.
import { CompactSign } from 'jose';
import type { DetachedSigner } from '../core/adapter.ts';
import type { GatewayKeyRing } from './gateway-keys.ts';

export function detachedSigner(keys: GatewayKeyRing): DetachedSigner {
  return {
    async sign(body) {
      const { kid, key } = await keys.signingKey();
      const jws = await new CompactSign(new TextEncoder().encode(body)).setProtectedHeader({ alg: 'ES256', kid }).sign(key);
      const [header, , signature] = jws.split('.');
      return `${header}..${signature}`;
    },
  };
}
