// An answer that is a stored file (an export's), sent as it is stored, with Range support.

export interface FileAnswer {
  readonly kind: 'file';
  readonly path: string;
  readonly bytes: number;
  readonly mediaType: string;
  /** The name offered to the client (Content-Disposition). */
  readonly fileName: string;
  /** A strong validator of the content (If-Range, ETag). */
  readonly etag: string;
  readonly lastModified: string;
  /** Rows the file holds, when it is a list (for the audit record of the download). */
  readonly rows?: number;
  /** The one byte range to send (inclusive bounds), when the request asked for a satisfiable one. */
  readonly range?: { readonly start: number; readonly end: number };
}

export function isFileAnswer(v: unknown): v is FileAnswer {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'file';
}
