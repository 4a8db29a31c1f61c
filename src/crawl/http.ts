/**
 * Polite HTTP for the crawler: one request at a time per host with a delay between them, a
 * descriptive User-Agent, a time limit per attempt, retries with backoff on 5xx and network errors
 * (never on 4xx), conditional requests, a size limit per response, a redirect limit, and
 * http/https only. Built on Node's fetch; the politeness and conditional requests need our own
 * fetch history anyway, which is why this is not a crawling framework's queue (see crawl.ts).
 */
import { VERSION } from '../version.js';

export const USER_AGENT = `fiscal-extract/${VERSION} (+https://github.com/fiscal-extract; budget disclosure research crawler)`;
/** The token robots.txt rules are matched against. */
export const ROBOTS_AGENT = 'fiscal-extract';

export interface HttpOptions {
  /** Seconds between two requests to the same host. */
  delayS: number;
  /** Seconds one attempt may take, headers and body. */
  timeoutS: number;
  /** Attempts for a 5xx or network error (the first included). */
  attempts: number;
  /** First backoff pause; doubled after each failed attempt. */
  backoffMs: number;
  maxRedirects: number;
}

export const HTTP_DEFAULTS: HttpOptions = { delayS: 2, timeoutS: 30, attempts: 3, backoffMs: 1000, maxRedirects: 5 };

/** Largest body accepted: a page (HTML) is read in memory for its links; a file may be larger. */
export interface ByteLimits {
  page: number;
  file: number;
}

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type FetchResult =
  | { kind: 'body'; status: number; finalUrl: string; contentType: string | null; validators: Validators; body: Uint8Array }
  | { kind: 'not-modified'; status: 304; finalUrl: string; validators: Validators }
  | { kind: 'http-error'; status: number; finalUrl: string; reason: string }
  /** A network error or a timeout: worth another attempt. */
  | { kind: 'failed'; reason: string }
  /** Over a limit or off http(s): asking again would get the same. */
  | { kind: 'refused'; reason: string };

/** One request at a time per host, `delayS` apart (from the end of one to the start of the next). */
class HostQueues {
  readonly #tail = new Map<string, Promise<void>>();
  constructor(private readonly delayMs: number) {}

  run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tail.get(host);
    const result = (previous ?? Promise.resolve()).then(task);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tail.set(host, settled.then(() => new Promise<void>((r) => setTimeout(r, this.delayMs))));
    return result;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class PoliteHttp {
  readonly #queues: HostQueues;
  /** HTTP requests sent: every attempt and every redirect hop. */
  requests = 0;

  constructor(private readonly opts: HttpOptions = HTTP_DEFAULTS) {
    this.#queues = new HostQueues(opts.delayS * 1000);
  }

  /**
   * GETs `url`, following redirects itself (so each hop is checked), with the conditional headers
   * of `validators` when given. Bodies over the limit for their Content-Type are refused while
   * they stream: what a link leads to is known only from the answer.
   */
  async get(url: string, limits: ByteLimits, validators?: Validators | null): Promise<FetchResult> {
    let attempt = 0;
    for (;;) {
      attempt++;
      const result = await this.#queues.run(hostOf(url), () => this.#once(url, limits, validators));
      const retriable = result.kind === 'failed' || (result.kind === 'http-error' && result.status >= 500);
      if (!retriable || attempt >= this.opts.attempts) return result;
      await sleep(this.opts.backoffMs * 2 ** (attempt - 1));
    }
  }

  async #once(start: string, limits: ByteLimits, validators?: Validators | null): Promise<FetchResult> {
    let url = start;
    const signal = AbortSignal.timeout(this.opts.timeoutS * 1000);
    try {
      for (let hop = 0; ; hop++) {
        const scheme = new URL(url).protocol;
        if (scheme !== 'http:' && scheme !== 'https:') return { kind: 'refused', reason: `not an http(s) URL: ${url}` };
        const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: '*/*' };
        if (validators?.etag) headers['if-none-match'] = validators.etag;
        if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
        this.requests++;
        const response = await fetch(url, { headers, redirect: 'manual', signal });
        if (response.status >= 300 && response.status < 400 && response.status !== 304) {
          const location = response.headers.get('location');
          await response.body?.cancel();
          if (!location) return { kind: 'http-error', status: response.status, finalUrl: url, reason: `redirect without a Location (${response.status})` };
          if (hop >= this.opts.maxRedirects) return { kind: 'refused', reason: `more than ${this.opts.maxRedirects} redirects from ${start}` };
          url = new URL(location, url).href;
          continue;
        }
        const answered: Validators = { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
        if (response.status === 304) {
          await response.body?.cancel();
          return { kind: 'not-modified', status: 304, finalUrl: url, validators: { etag: answered.etag ?? validators?.etag ?? null, lastModified: answered.lastModified ?? validators?.lastModified ?? null } };
        }
        if (!response.ok) {
          await response.body?.cancel();
          return { kind: 'http-error', status: response.status, finalUrl: url, reason: `HTTP ${response.status}` };
        }
        const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
        const maxBytes = type === 'text/html' || type === 'application/xhtml+xml' ? limits.page : limits.file;
        const declared = Number(response.headers.get('content-length') ?? NaN);
        if (declared > maxBytes) {
          await response.body?.cancel();
          return { kind: 'refused', reason: `response of ${declared} bytes is over the ${maxBytes} byte limit` };
        }
        const body = await readLimited(response, maxBytes);
        if (body === null) return { kind: 'refused', reason: `response is over the ${maxBytes} byte limit` };
        return { kind: 'body', status: response.status, finalUrl: url, contentType: response.headers.get('content-type'), validators: answered, body };
      }
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (err.name === 'TimeoutError' || signal.aborted) return { kind: 'failed', reason: `timed out after ${this.opts.timeoutS} s` };
      return { kind: 'failed', reason: `network error: ${err.cause?.code ?? err.cause?.message ?? err.message}` };
    }
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** The body, or null once it passes `maxBytes` (the rest is not read). */
async function readLimited(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
