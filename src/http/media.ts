// Body parsing per route: JSON (and, for compatibility routes, HTML forms); media types checked before parsing.
import express, { type NextFunction, type Request, type Response } from 'express';
import { GatewayError } from '../core/errors.ts';

const JSON_TYPES = ['application/json', 'application/*+json'];
const FORM_TYPES = ['application/x-www-form-urlencoded'];

export function bodyParsers(accepts: readonly ('json' | 'form')[], limitBytes: number) {
  const json = express.json({ limit: limitBytes, type: JSON_TYPES, strict: true });
  const form = express.urlencoded({ limit: limitBytes, type: FORM_TYPES, extended: false, parameterLimit: 50 });
  const allowed = [...(accepts.includes('json') ? JSON_TYPES : []), ...(accepts.includes('form') ? FORM_TYPES : [])];
  return [
    (req: Request, _res: Response, next: NextFunction) => {
      if (!req.is(allowed)) {
        next(new GatewayError('request.unsupported_media_type', `send the body as ${accepts.map((a) => (a === 'json' ? 'application/json' : 'application/x-www-form-urlencoded')).join(' or ')}`));
        return;
      }
      next();
    },
    ...(accepts.includes('json') ? [json] : []),
    ...(accepts.includes('form') ? [form] : []),
  ];
}

/** Maps body-parser and path-decoding failures to gateway errors. */
export function bodyError(err: unknown): GatewayError | undefined {
  if (err instanceof URIError) return new GatewayError('contract.request_invalid', 'the path is not valid percent-encoding');
  const type = (err as { type?: unknown } | null)?.type;
  switch (type) {
    case 'entity.parse.failed':
      return new GatewayError('request.invalid_json', 'the body is not valid JSON (an object is expected)');
    case 'entity.too.large':
      return new GatewayError('request.too_large', 'the body is larger than this gateway accepts');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new GatewayError('request.unsupported_media_type', 'unsupported body encoding or charset (use UTF-8)');
    case 'parameters.too.many':
      return new GatewayError('request.too_large', 'too many form parameters');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new GatewayError('request.invalid_json', 'the body could not be read');
    default:
      return undefined;
  }
}
