// A declarative service entry: one data exchange, from which the pipeline derives its steps.
import type { ContractId } from './adapter.ts';
import type { CsvColumn } from './row-stream.ts';
import type { FieldSetName, PartnerKind, PurposeCode, Scope } from './vocabulary.ts';

export interface RawRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: unknown;
  /** The request headers a route may turn into input (Range, If-Range of file downloads). */
  readonly headers?: Readonly<Record<string, string | undefined>>;
}

export interface Officer { readonly name?: string | undefined; readonly citizenId?: string | undefined }

/** One type of event on an event-intake route. */
export interface EventKind {
  /** The one purpose of use this type is submitted with (one of the entry's purposes). */
  readonly purpose: PurposeCode;
  /** Status of an accepted answer: 201 when acting on the event created something, else 200. */
  readonly status: 200 | 201;
  /** Top-level answer fields that go back to the platform with the result (after the grant's projection). */
  readonly result: readonly string[];
}

/** An event-intake route: each request is an event, acted on once per event id, whose result goes back through the outbox. */
export interface EventIntake {
  /** The adapter whose `deliverResult` operation takes each result from the outbox. */
  readonly resultsTo: string;
  /** By the request's `type`. */
  readonly kinds: Readonly<Record<string, EventKind>>;
}

export interface ServiceDef {
  readonly id: string;
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Express-style path, e.g. `/v1/cards/by-citizen/:citizenId`. */
  readonly path: string;
  readonly summary: string;
  readonly scope: Scope;
  readonly purposes: readonly PurposeCode[];
  /** Partner kinds allowed to call (absent: any kind whose grant holds the scope). */
  readonly partnerKinds?: readonly PartnerKind[];
  readonly request: ContractId;
  readonly response: ContractId;
  readonly operation: { readonly adapter: string; readonly name: string };
  /** Field sets this route can return; the grant narrows them. */
  readonly fieldSets: readonly FieldSetName[];
  /** Output fields always returned whatever the grant (e.g. the card-check result code). */
  readonly alwaysFields?: readonly string[];
  /** Builds the contract input from the HTTP request parts. */
  readonly input: (req: RawRequest) => unknown;
  /** Maps the validated request to the operation's input when the two differ (compatibility routes). */
  readonly operationInput?: (input: any) => unknown;
  /** The identifier of the person concerned, for the audit record: from the adapter output when found. */
  readonly subject?: (input: any, output: any) => string | undefined;
  /** The officer at the partner who made the call, when the request names one. */
  readonly officer?: (input: any) => Officer | undefined;
  /** Turns the projected output into the wire shape (compatibility routes); validated afterwards. */
  readonly present?: (projected: any) => unknown;
  /** Request media types accepted for POST bodies (default: JSON only). */
  readonly accepts?: readonly ('json' | 'form')[];
  /** subject-province: a provincial partner sees only people of its province; province-of-query: a list names one
   * province, the partner's own, and the adapter reads only that province (both receive the partner's provinces). */
  readonly jurisdiction: 'none' | 'subject-province' | 'province-of-query';
  /** Extension members a compatibility route adds to its problem documents, by error code. */
  readonly problemExtensions?: (code: string) => Record<string, unknown> | undefined;
  /** Event intake: the effect, the event's record and its result's outbox row commit in one store transaction. */
  readonly events?: EventIntake;
  /** What the route answers: a JSON document (default); a row stream, each row projected and checked against
   * `response` (sent as a JSON page, NDJSON or CSV by Accept); or a stored file (Range supported). */
  readonly answer?: 'json' | 'rows' | 'file';
  /** Row streams: the CSV columns for the field sets granted. */
  readonly csv?: (fieldSets: readonly string[]) => readonly CsvColumn[];
  /** Field sets the request asks for: the granted ones are narrowed to them, never widened. */
  readonly requestedFieldSets?: (input: any) => readonly string[] | undefined;
  /** Field sets whose data the request's filters select on: each must be granted for the purpose (a list of
   * people with diabetes discloses their diabetes, whatever fields it returns). */
  readonly filterFieldSets?: (input: any) => readonly string[];
  /** Audit facts of a successful call (detail JSON, never personal data; the export concerned). */
  readonly auditFacts?: (input: any, result: any) => { readonly detail?: Record<string, unknown>; readonly exportRef?: string };
  /** Asynchronous jobs: answer 202 Accepted with this Location. */
  readonly accepted?: (output: any) => string;
}

export function defineService(def: ServiceDef): ServiceDef {
  return Object.freeze(def);
}
