// A real HTTP stand-in for the national data-sharing platform's result intake, for tests, the bench and demos (never
// registered as an adapter). It keeps every message it takes, once per message id: a repeated Idempotency-Key gets
// the first receipt again, marked duplicate, and is counted, not kept twice. It answers behind the shared fault
// layer (src/adapters/simulator-faults.ts; PUT /_sim/faults {"errorRate": 1} is an outage: every delivery 503):
//   POST /v1/results  the envelope, with Idempotency-Key and X-Signature headers
//                     -> 200 { messageId, receivedAt, duplicate }, or 400 { error } when a header or the envelope is missing
//   GET  /_received   { messages: [{ messageId, eventId, eventType, outcome, receivedAt, signature, envelope }], duplicates }
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRawBody, sendJson, serveWithFaults } from '../../src/adapters/simulator-faults.ts';
import type { RunningSimulator, SimulatorOptions } from '../../src/adapters/simulators.ts';
import type { Envelope } from './envelope.ts';

export const RESULTS_PATH = '/v1/results';
export const RECEIVED_PATH = '/_received';

export interface ReceivedMessage {
  readonly messageId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly outcome: string;
  readonly receivedAt: string;
  /** The detached JWS sent with the message (verify it against the gateway's JWKS over `raw`). */
  readonly signature: string;
  /** The request body exactly as received. */
  readonly raw: string;
  readonly envelope: Envelope;
}

export interface PlatformSimulator extends RunningSimulator {
  /** Messages taken, one per message id, in arrival order. */
  received(): readonly ReceivedMessage[];
  /** Deliveries of a message id already taken. */
  duplicates(): number;
}

export async function startSimulator(opts: SimulatorOptions): Promise<PlatformSimulator> {
  const messages = new Map<string, ReceivedMessage>();
  let duplicates = 0;
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === RECEIVED_PATH) return sendJson(res, 200, { messages: [...messages.values()], duplicates });
    if (req.method !== 'POST' || path !== RESULTS_PATH) return sendJson(res, 404, { error: 'no such route' });
    const key = req.headers['idempotency-key'];
    const signature = req.headers['x-signature'];
    if (typeof key !== 'string' || !/^[0-9a-f-]{36}$/.test(key)) return sendJson(res, 400, { error: 'Idempotency-Key must be the message id' });
    if (typeof signature !== 'string' || !/^[\w-]+\.\.[\w-]+$/.test(signature)) return sendJson(res, 400, { error: 'X-Signature must be a detached JWS' });
    const raw = await readRawBody(req).catch(() => undefined);
    const envelope = raw === undefined ? undefined : parseEnvelope(raw);
    if (raw === undefined || !envelope || envelope.header.messageId !== key) return sendJson(res, 400, { error: 'the body must be a result envelope for this message id' });
    const known = messages.get(key);
    if (known) {
      duplicates += 1;
      return sendJson(res, 200, { messageId: key, receivedAt: known.receivedAt, duplicate: true });
    }
    const taken: ReceivedMessage = {
      messageId: key, eventId: envelope.body.eventId, eventType: envelope.body.eventType, outcome: envelope.body.outcome,
      receivedAt: new Date().toISOString(), signature, raw, envelope,
    };
    messages.set(key, taken);
    return sendJson(res, 200, { messageId: key, receivedAt: taken.receivedAt, duplicate: false });
  };
  const running = await serveWithFaults('data-sharing-platform', answer, opts);
  return { ...running, received: () => [...messages.values()], duplicates: () => duplicates };
}


function parseEnvelope(raw: string): Envelope | undefined {
  try {
    const e = JSON.parse(raw) as Partial<Envelope>;
    return typeof e.header?.messageId === 'string' && typeof e.body?.eventId === 'string' ? (e as Envelope) : undefined;
  } catch {
    return undefined;
  }
}
