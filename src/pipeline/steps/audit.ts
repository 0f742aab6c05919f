// Writes the audit record of every exchange, refusals and not-found lookups included, and holds the response
// until its batch has committed. Personal identifiers appear only as keyed HMACs. A row stream (a list) gets one
// record for the whole list, and each batch of its rows is journaled under that record before it leaves.
import { GatewayError, isGatewayError } from '../../core/errors.ts';
import type { Exchange, Step } from '../../core/exchange.ts';
import { isRowStream } from '../../core/row-stream.ts';
import { isOneOf, PURPOSES } from '../../core/vocabulary.ts';
import type { AuditEntry } from '../../store/audit-writer.ts';
import type { PipelineDeps } from '../deps.ts';
import { journaledRows } from '../rows.ts';

export function audit(deps: PipelineDeps): Step {
  return {
    name: 'audit',
    async run(x, next) {
      let failure: unknown;
      try {
        await next();
      } catch (e) {
        failure = e;
      }
      try {
        x.auditSeq = await deps.audit.append(auditEntry(x, failure, deps));
      } catch (e) {
        deps.log.error('audit commit failed', { requestId: x.requestId, error: e });
        throw new GatewayError('audit.unavailable', 'the access could not be recorded; no data was released', { cause: e });
      }
      if (failure !== undefined) throw failure;
      if (isRowStream(x.output)) {
        if (!deps.disclosures) throw new Error(`service ${x.service.id} answers rows but the pipeline has no disclosure journal`);
        x.output = journaledRows(x.output, deps.disclosures, x.auditSeq);
      }
    },
  };
}

function auditEntry(x: Exchange, failure: unknown, deps: PipelineDeps): AuditEntry {
  const p = x.principal;
  const code = failure === undefined ? 'ok' : isGatewayError(failure) ? failure.code : 'internal';
  const status = failure === undefined ? (x.status ?? 200) : isGatewayError(failure) ? failure.status : 500;
  const subject = safeIdentifier(x.service.subject?.(x.input, x.result));
  const officer = x.service.officer?.(x.input);
  const officerId = safeIdentifier(officer?.citizenId ?? p?.actor?.citizenId);
  const officerName = officer?.name ?? p?.actor?.name;
  const resultCode = (x.result as { resultCode?: unknown } | undefined)?.resultCode;
  const facts = failure === undefined ? x.service.auditFacts?.(x.input, x.result) : undefined;
  const detail: Record<string, unknown> = {};
  if (typeof resultCode === 'string') detail.resultCode = resultCode;
  if (facts?.detail) Object.assign(detail, facts.detail);
  return {
    at: new Date(x.receivedAt).toISOString(),
    request_id: x.requestId,
    partner_id: p?.partnerId ?? x.signer?.partnerId ?? null,
    partner_kind: p?.kind ?? x.signer?.kind ?? null,
    purpose: p && isOneOf(PURPOSES, p.purpose) ? p.purpose : null,
    operation: x.service.id,
    outcome: code,
    status,
    field_sets: failure === undefined ? (x.fieldSets ?? []).join(',') : '',
    subject_key: subject ? deps.subjects.hash(subject) : null,
    officer_key: officerId ? deps.subjects.hash(officerId) : null,
    officer_name: typeof officerName === 'string' ? officerName.slice(0, 100) : null,
    hmac_key_id: deps.subjects.keyId,
    agreement_ref: x.grant?.agreement.ref ?? null,
    export_ref: facts?.exportRef ?? null,
    covert_until: null,
    token_jti: p?.tokenId ?? null,
    token_exp: p?.tokenExp ?? null,
    detail: Object.keys(detail).length > 0 ? JSON.stringify(detail) : null,
  };
}

/** Only identifier-shaped strings are hashed into the log (a malformed request names nobody). */
function safeIdentifier(v: unknown): string | undefined {
  return typeof v === 'string' && /^[A-Z0-9]{9,15}$/.test(v) ? v : undefined;
}
