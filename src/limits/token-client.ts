// Which client a token request counts against: the `iss` of the client assertion, read WITHOUT verifying it (only
// to pick the rate-limit counter; nothing else may trust it), else the `client_id` parameter, else one shared
// counter for requests that name no plausible client.
import { parseJsonObject } from '../auth/strict-json.ts';

const PARTNER_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const JWS = /^[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*$/;

export const UNNAMED_CLIENT = '-';

export function claimedClientId(params: Readonly<Record<string, unknown>>): string {
  const assertion = params.client_assertion;
  if (typeof assertion === 'string') {
    const m = JWS.exec(assertion);
    if (m) {
      const payload = parseJsonObject(Buffer.from(m[1] as string, 'base64url').toString('utf8'));
      if (payload.ok && typeof payload.value.iss === 'string' && PARTNER_ID.test(payload.value.iss)) return payload.value.iss;
    }
  }
  const clientId = params.client_id;
  if (typeof clientId === 'string' && PARTNER_ID.test(clientId)) return clientId;
  return UNNAMED_CLIENT;
}
