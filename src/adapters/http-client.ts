// The one home of axios: the HTTP client every outbound call uses (partner JWKS today; the population database,
// health authority and data-sharing platform adapters later). Each client is bounded in time (a connect limit and a
// wall-clock limit over the whole exchange, body included) and in size (response and request bodies), follows no
// redirects, ignores proxy settings from the environment, never retries (resilience decides that per operation),
// and speaks only http: and https:. Bodies come back as text; callers parse them strictly. `httpFailure` describes
// any error in terms that do not depend on axios, so no other module needs axios's error shapes.
import { Agent as HttpAgent, type AgentOptions, type ClientRequestArgs } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions as HttpsAgentOptions, type RequestOptions as HttpsRequestOptions } from 'node:https';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';

export type HttpClient = AxiosInstance;
export type HttpRequestConfig = AxiosRequestConfig;
export type HttpResponse<T = string> = AxiosResponse<T>;

export interface HttpClientOptions {
  /** Wall-clock limit on one exchange: connect, send, wait, and read the whole body. A request may pass a shorter `timeout`. */
  readonly timeoutMs: number;
  /** Limit on establishing the connection (DNS and TCP); default: `timeoutMs`. */
  readonly connectTimeoutMs?: number;
  /** Largest response body read (after decompression) and largest request body sent. */
  readonly maxBodyBytes: number;
  /** Keep connections open between requests (default true). */
  readonly keepAlive?: boolean;
  /** Connections per host (default 16). */
  readonly maxSockets?: number;
  readonly baseURL?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type HttpFailureKind = 'timeout' | 'too_large' | 'status' | 'unreachable' | 'canceled' | 'bad_request' | 'unknown';

/** What went wrong with an exchange, without the driver's error shapes (the original error stays as `cause`). */
export interface HttpFailure {
  readonly kind: HttpFailureKind;
  /** The upstream's status when it answered outside 2xx (including an unfollowed redirect). */
  readonly status?: number;
  /** A system or client error code (ECONNREFUSED, ETIMEDOUT, ...), when there is one. */
  readonly code?: string;
  /** Short, for logs: never a body. */
  readonly message: string;
  readonly cause: unknown;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN',
  'EADDRNOTAVAIL', 'ERR_SOCKET_CLOSED', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED', 'ERR_SSL_WRONG_VERSION_NUMBER',
]);
const TOO_LARGE = /maxContentLength size of \d+ exceeded|Request body larger than maxBodyLength limit/;

export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const keepAlive = opts.keepAlive ?? true;
  const connectTimeoutMs = Math.min(opts.connectTimeoutMs ?? opts.timeoutMs, opts.timeoutMs);
  const agentOptions: AgentOptions = { keepAlive, maxSockets: opts.maxSockets ?? 16, maxFreeSockets: 4, scheduling: 'lifo' };
  const client = axios.create({
    adapter: 'http',
    ...(opts.baseURL !== undefined ? { baseURL: opts.baseURL } : {}),
    headers: { 'User-Agent': 'vss-gateway', ...opts.headers },
    timeout: opts.timeoutMs,
    maxContentLength: opts.maxBodyBytes,
    maxBodyLength: opts.maxBodyBytes,
    maxRedirects: 0,
    proxy: false,
    responseType: 'text',
    responseEncoding: 'utf8',
    transformResponse: [(data: unknown) => data],
    transitional: { silentJSONParsing: false, forcedJSONParsing: false, clarifyTimeoutError: true },
    httpAgent: new BoundedHttpAgent({ ...agentOptions, connectTimeoutMs }),
    httpsAgent: new BoundedHttpsAgent({ ...agentOptions, connectTimeoutMs }),
  });

  // Only http: and https: (axios also speaks data: and file:), and a deadline over the whole exchange: axios's own
  // `timeout` covers the connect phase and idle sockets, not a body that trickles in.
  client.interceptors.request.use((config) => {
    let protocol: string;
    try {
      protocol = new URL(client.getUri(config)).protocol;
    } catch {
      throw new AxiosError('the request URL is not an absolute URL', AxiosError.ERR_INVALID_URL, config);
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new AxiosError(`protocol ${protocol} is not allowed`, AxiosError.ERR_BAD_OPTION_VALUE, config);
    }
    const deadline = AbortSignal.timeout(config.timeout && config.timeout > 0 ? Math.min(config.timeout, opts.timeoutMs) : opts.timeoutMs);
    const caller = config.signal;
    if (caller !== undefined && !(caller instanceof AbortSignal)) {
      throw new AxiosError('signal must be an AbortSignal', AxiosError.ERR_BAD_OPTION_VALUE, config);
    }
    config.signal = caller ? AbortSignal.any([caller, deadline]) : deadline;
    return config;
  });
  client.interceptors.response.use(undefined, (e: unknown) => {
    if (axios.isCancel(e)) {
      const config = (e as AxiosError).config;
      const reason: unknown = (config?.signal as AbortSignal | undefined)?.reason;
      if (reason instanceof Error && reason.name === 'TimeoutError') {
        throw new AxiosError(`exchange took longer than ${config?.timeout ?? opts.timeoutMs} ms`, AxiosError.ETIMEDOUT, config, (e as AxiosError).request);
      }
    }
    throw e;
  });
  return client;
}

/** Closes the client's pooled connections (on shutdown). The client must not be used afterwards. */
export function closeHttpClient(client: HttpClient): void {
  for (const agent of [client.defaults.httpAgent, client.defaults.httpsAgent]) {
    if (agent instanceof HttpAgent) agent.destroy();
  }
}

/** Describes a failed exchange; anything that is not an HTTP client error is `unknown`. */
export function httpFailure(e: unknown): HttpFailure {
  if (axios.isCancel(e)) return { kind: 'canceled', message: 'request canceled', cause: e };
  if (!axios.isAxiosError(e)) return { kind: 'unknown', message: e instanceof Error ? e.message : String(e), cause: e };
  const code = e.code;
  const base = code !== undefined ? { code } : {};
  if (code === AxiosError.ETIMEDOUT || code === AxiosError.ECONNABORTED) return { kind: 'timeout', ...base, message: e.message, cause: e };
  if (TOO_LARGE.test(e.message)) return { kind: 'too_large', ...base, message: e.message, cause: e };
  if (e.response) {
    const status = e.response.status;
    if (status >= 200 && status < 300) return { kind: 'unreachable', ...base, message: 'connection lost while reading the body', cause: e };
    return { kind: 'status', status, ...base, message: `status ${status}`, cause: e };
  }
  if (code === AxiosError.ERR_BAD_OPTION_VALUE || code === AxiosError.ERR_BAD_OPTION || code === AxiosError.ERR_INVALID_URL || code === AxiosError.ERR_BAD_REQUEST) {
    return { kind: 'bad_request', ...base, message: e.message, cause: e };
  }
  if (code !== undefined && UNREACHABLE.has(code)) return { kind: 'unreachable', ...base, message: code, cause: e };
  return { kind: 'unknown', ...base, message: e.message, cause: e };
}

/** A socket still connecting after `ms` is destroyed with ETIMEDOUT (DNS lookup included). */
function guardConnect(socket: Duplex | null | undefined, ms: number): Duplex | null | undefined {
  if (!(socket instanceof Socket) || !socket.connecting) return socket;
  const timer = setTimeout(() => {
    socket.destroy(Object.assign(new Error(`connect took longer than ${ms} ms`), { code: 'ETIMEDOUT' }));
  }, ms);
  const done = () => clearTimeout(timer);
  socket.once('connect', done);
  socket.once('close', done);
  return socket;
}

class BoundedHttpAgent extends HttpAgent {
  private readonly connectTimeoutMs: number;
  constructor(options: AgentOptions & { connectTimeoutMs: number }) {
    super(options);
    this.connectTimeoutMs = options.connectTimeoutMs;
  }
  override createConnection(options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    return guardConnect(super.createConnection(options, callback), this.connectTimeoutMs);
  }
}

class BoundedHttpsAgent extends HttpsAgent {
  private readonly connectTimeoutMs: number;
  constructor(options: HttpsAgentOptions & { connectTimeoutMs: number }) {
    super(options);
    this.connectTimeoutMs = options.connectTimeoutMs;
  }
  override createConnection(options: HttpsRequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    return guardConnect(super.createConnection(options, callback), this.connectTimeoutMs);
  }
}
