// A declarative service entry: one data exchange, from which the pipeline derives its steps.
import type { ContractId } from './adapter.ts';
import type { FieldSetName, PurposeCode, Scope } from './vocabulary.ts';

export interface RawRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: unknown;
}

export interface Officer { readonly name?: string | undefined; readonly citizenId?: string | undefined }

export interface ServiceDef {
  readonly id: string;
  readonly method: 'GET' | 'POST';
  /** Express-style path, e.g. `/v1/cards/by-citizen/:citizenId`. */
  readonly path: string;
  readonly summary: string;
  readonly scope: Scope;
  readonly purposes: readonly PurposeCode[];
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
  readonly jurisdiction: 'none' | 'subject-province';
  /** Extension members a compatibility route adds to its problem documents, by error code. */
  readonly problemExtensions?: (code: string) => Record<string, unknown> | undefined;
}

export function defineService(def: ServiceDef): ServiceDef {
  return Object.freeze(def);
}
