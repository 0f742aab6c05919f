// The platform envelope (no public NDXP specification exists; domain.md 4.3 suggests an X-Road-style header): who
// sends to whom, the message id, when, for which purpose, in reply to which event; the body is the result. The HTTP
// request carries the envelope as its JSON body, a detached JWS over those exact bytes (`X-Signature`, the gateway's
// key from /.well-known/jwks.json) and the message id as `Idempotency-Key`.
import type { PurposeCode } from '../../src/core/vocabulary.ts';

/** The result of one event, as the outbox holds it (contract data-sharing-platform.result.v1.json). */
export interface ResultMessage {
  readonly messageId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly purpose: PurposeCode;
  readonly outcome: 'accepted' | 'rejected';
  readonly status: number;
  readonly result?: Readonly<Record<string, unknown>>;
  readonly problem?: { readonly code: string; readonly title: string };
}

export interface Envelope {
  readonly header: {
    readonly messageId: string;
    readonly sender: string;
    readonly receiver: string;
    readonly service: 'vss.event-result.v1';
    readonly purpose: PurposeCode;
    readonly inReplyTo: string;
    readonly sentAt: string;
  };
  readonly body: Omit<ResultMessage, 'messageId' | 'purpose'>;
}

export const SIGNATURE_HEADER = 'X-Signature';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export function envelopeOf(message: ResultMessage, codes: { sender: string; receiver: string }, sentAt: string): Envelope {
  const { messageId, purpose, ...body } = message;
  return {
    header: { messageId, sender: codes.sender, receiver: codes.receiver, service: 'vss.event-result.v1', purpose, inReplyTo: message.eventId, sentAt },
    body,
  };
}
