/**
 * A crawl: from each start page (a portal's 预算/决算/绩效 column) through its pagination to the
 * notice pages whose link carries a fiscal keyword, and from those to their attachments. Every
 * body goes to the raw store and every request to the fetches table; the notice pages and
 * attachments found are handed back for run.ts to ingest like files, with their URL as the source.
 *
 * Hand-written rather than on Crawlee: what makes a nightly crawl cheap lives in our database
 * (the validators of the last fetch for conditional requests, the hashes of what is stored), the
 * raw store and the run record, and Crawlee would add its own request queue and storage beside
 * them; the queue here is one listing at a time, which per-host politeness requires anyway.
 */
import { createRequire } from 'node:module';
import pLimit from 'p-limit';
import type { FetchRow } from '../../schemas/records.js';
import type { InputFile } from '../pipeline/inputs.js';
import type { Db } from '../store/db.js';
import { lastGoodFetch, recordFetch } from '../store/fetches.js';
import { hostOf, PoliteHttp, ROBOTS_AGENT, type FetchResult, type HttpOptions } from './http.js';
import { isAttachmentUrl, readPageLinks, type PageLink, type PageLinks } from './links.js';
import { FISCAL_KEYWORDS, profileOfUrls, type SiteProfile } from './profile.js';
import { extensionFor, RawStore } from './raw-store.js';

const BYTE_LIMITS = { page: 10 * 1024 * 1024, file: 200 * 1024 * 1024 };
const DEFAULT_MAX_LISTING_PAGES = 50;
const DEFAULT_MAX_NOTICES = 500;
/** Start pages crawled at once (each host still gets one request at a time). */
const PARALLEL_STARTS = 4;

export interface CrawlOptions {
  db: Db;
  runId: number;
  raw: RawStore;
  http: HttpOptions;
  signal?: AbortSignal;
  /** Told of each request as it ends. */
  onFetch?: (fetch: Omit<FetchRow, 'id'>) => void;
}

export interface CrawlResult {
  /** Notice pages and attachments to ingest, with their URLs as sources. */
  files: InputFile[];
  requests: number;
  /** Answered with a body (new or changed content). */
  downloaded: number;
  /** Answered 304: unchanged since the stored copy. */
  unchanged: number;
  /** The fetches that failed, with why. */
  failures: { url: string; error: string }[];
  /** Not fetched: robots.txt disallows them. */
  refused: string[];
}

type Kind = FetchRow['kind'];

interface Got {
  url: string;
  finalUrl: string;
  bytes: Uint8Array;
  contentType: string | null;
  sha256: string;
  path: string;
}

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
}
// robots-parser is CommonJS and its types do not describe the function it exports to ESM.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, robotsTxt: string) => Robots;

const charsetOf = (contentType: string | null) => /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '')?.[1];

export class Crawler {
  readonly #http: PoliteHttp;
  readonly #robots = new Map<string, Promise<Robots | null>>();
  readonly #seen = new Set<string>();
  readonly #files = new Map<string, InputFile>();
  readonly #result: Omit<CrawlResult, 'files' | 'requests'> = { downloaded: 0, unchanged: 0, failures: [], refused: [] };

  constructor(private readonly opts: CrawlOptions) {
    this.#http = new PoliteHttp(opts.http);
  }

  async crawl(profiles: readonly SiteProfile[]): Promise<CrawlResult> {
    const limit = pLimit(PARALLEL_STARTS);
    await Promise.all(profiles.flatMap((profile) => profile.start.map((start) => limit(() => this.#site(profile, start)))));
    return { ...this.#result, files: [...this.#files.values()], requests: this.#http.requests };
  }

  /**
   * Fetches each URL as a document: a file is kept; a notice page is kept and its attachments
   * fetched. No listing is read and no other page followed.
   */
  async fetchDocuments(urls: readonly string[]): Promise<CrawlResult> {
    for (const url of urls) {
      if (this.opts.signal?.aborted) break;
      await this.#notice(url, null, profileOfUrls([url]));
    }
    return { ...this.#result, files: [...this.#files.values()], requests: this.#http.requests };
  }

  async #site(profile: SiteProfile, start: string): Promise<void> {
    const maxListing = profile.maxListingPages ?? DEFAULT_MAX_LISTING_PAGES;
    const maxNotices = profile.maxNotices ?? DEFAULT_MAX_NOTICES;
    const listings = [start];
    const queued = new Set(listings);
    let notices = 0;
    for (let i = 0; i < listings.length && i < maxListing; i++) {
      if (this.opts.signal?.aborted) return;
      const got = await this.#fetch(listings[i]!, 'listing', null, profile);
      if (!got) continue;
      if (isAttachmentUrl(got.finalUrl) || !isHtml(got)) {
        this.#keep(got);
        continue;
      }
      const links = readPageLinks(got.bytes, got.finalUrl, charsetOf(got.contentType));
      for (const page of links.pagination) {
        if (!queued.has(page) && hostOf(page) === hostOf(start)) {
          queued.add(page);
          listings.push(page);
        }
      }
      for (const file of links.attachments.filter((l) => this.#isFiscal(l, profile))) await this.#attachment(file.url, got.finalUrl, links, profile);
      for (const notice of links.pages.filter((l) => hostOf(l.url) === hostOf(start) && this.#isFiscal(l, profile) && this.#included(l.url, profile))) {
        if (notices >= maxNotices || this.opts.signal?.aborted) break;
        if (this.#seen.has(notice.url)) continue;
        notices++;
        await this.#notice(notice.url, got.finalUrl, profile);
      }
    }
  }

  async #notice(url: string, referrer: string | null, profile: SiteProfile): Promise<void> {
    const got = await this.#fetch(url, 'notice', { referrer }, profile);
    if (!got) return;
    this.#keep(got);
    // A notice link that is a file after all (by its Content-Type) has no links to follow.
    if (!isHtml(got)) return;
    const links = readPageLinks(got.bytes, got.finalUrl, charsetOf(got.contentType));
    for (const file of links.attachments) await this.#attachment(file.url, got.finalUrl, links, profile);
  }

  async #attachment(url: string, referrer: string, notice: PageLinks, profile: SiteProfile): Promise<void> {
    if (this.opts.signal?.aborted) return;
    const got = await this.#fetch(url, 'attachment', { referrer, notice_title: notice.title, notice_date: notice.date }, profile);
    if (got) this.#keep(got);
  }

  #keep(got: Got): void {
    if (!this.#files.has(got.sha256)) this.#files.set(got.sha256, { path: got.path, source: got.url });
  }

  /**
   * A keyword in the link text, or in the URL's file name or query: not in its folders, which
   * name the column every notice of it lives in (…/czyjs/ holds the heating notice too).
   */
  #isFiscal(link: PageLink, profile: SiteProfile): boolean {
    const words = profile.keywords ?? FISCAL_KEYWORDS;
    let tail = '';
    try {
      const url = new URL(link.url);
      tail = decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf('/') + 1) + url.search).toLowerCase();
    } catch {
      // not decodable: the text decides
    }
    return words.some((w) => link.text.includes(w) || tail.includes(w.toLowerCase()));
  }

  #included(url: string, profile: SiteProfile): boolean {
    return !profile.include || profile.include.some((r) => new RegExp(r).test(url));
  }

  #excluded(url: string, profile: SiteProfile): boolean {
    return (profile.exclude ?? []).some((r) => new RegExp(r).test(url));
  }

  async #allowed(url: string): Promise<boolean> {
    const origin = new URL(url).origin;
    let robots = this.#robots.get(origin);
    if (!robots) {
      const robotsUrl = `${origin}/robots.txt`;
      robots = this.#fetch(robotsUrl, 'robots', null, null).then((got) => (got ? robotsParser(robotsUrl, new TextDecoder().decode(got.bytes)) : null));
      this.#robots.set(origin, robots);
    }
    const parsed = await robots;
    // No robots.txt (404) or none readable: everything is allowed.
    return parsed?.isAllowed(url, ROBOTS_AGENT) !== false;
  }

  /**
   * Fetches a URL once per crawl, conditionally when it was fetched before, and records the
   * request. Returns the body (for a 304, the stored copy), or null when there is none.
   */
  async #fetch(url: string, kind: Kind, context: Partial<Pick<FetchRow, 'referrer' | 'notice_title' | 'notice_date'>> | null, profile: SiteProfile | null): Promise<Got | null> {
    if (kind !== 'robots') {
      if (this.#seen.has(url)) return null;
      this.#seen.add(url);
      if (profile && this.#excluded(url, profile)) return null;
      if (!(await this.#allowed(url))) {
        this.#result.refused.push(url);
        return null;
      }
    }
    const previous = lastGoodFetch(this.opts.db, url);
    const ext = (type: string | null, finalUrl: string) => extensionFor(finalUrl, type, kind === 'attachment' ? '.bin' : '.html');
    const storedPrevious = previous?.sha256 ? this.opts.raw.get(previous.sha256, ext(previous.content_type, previous.final_url ?? url)) : null;
    // Without the stored bytes a 304 would leave nothing to read, so ask unconditionally.
    const validators = storedPrevious && previous ? { etag: previous.etag, lastModified: previous.last_modified } : null;
    const result: FetchResult = await this.#http.get(url, BYTE_LIMITS, validators);
    const row = {
      run_id: this.opts.runId, url, kind, referrer: context?.referrer ?? null, notice_title: context?.notice_title ?? null,
      notice_date: context?.notice_date ?? null, fetched_at: new Date().toISOString(),
      final_url: null as string | null, status: null as number | null, etag: null as string | null, last_modified: null as string | null,
      content_type: null as string | null, sha256: null as string | null, bytes: null as number | null, error: null as string | null,
    };
    let got: Got | null = null;
    if (result.kind === 'body') {
      const { sha256, path } = this.opts.raw.put(result.body, ext(result.contentType, result.finalUrl));
      Object.assign(row, { final_url: result.finalUrl, status: result.status, etag: result.validators.etag, last_modified: result.validators.lastModified, content_type: result.contentType, sha256, bytes: result.body.length });
      got = { url, finalUrl: result.finalUrl, bytes: result.body, contentType: result.contentType, sha256, path };
      if (kind !== 'robots') this.#result.downloaded++;
    } else if (result.kind === 'not-modified' && previous?.sha256 && storedPrevious) {
      const path = this.opts.raw.pathOf(previous.sha256, ext(previous.content_type, previous.final_url ?? url));
      Object.assign(row, { final_url: result.finalUrl, status: 304, etag: result.validators.etag, last_modified: result.validators.lastModified, content_type: previous.content_type, sha256: previous.sha256, bytes: storedPrevious.length });
      got = { url, finalUrl: previous.final_url ?? url, bytes: storedPrevious, contentType: previous.content_type, sha256: previous.sha256, path };
      if (kind !== 'robots') this.#result.unchanged++;
    } else {
      const reason = result.kind === 'not-modified' ? 'answered 304 but no copy is stored' : result.reason;
      Object.assign(row, { status: 'status' in result ? result.status : null, final_url: 'finalUrl' in result ? result.finalUrl : null, error: reason });
      // A robots.txt that is missing is not a failure of the crawl.
      if (kind !== 'robots') this.#result.failures.push({ url, error: reason });
    }
    recordFetch(this.opts.db, row);
    this.opts.onFetch?.(row);
    return got;
  }
}

function isHtml(got: Got): boolean {
  const type = got.contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'text/html' || type === 'application/xhtml+xml') return true;
  if (type && type !== 'text/plain' && type !== 'application/octet-stream') return false;
  return !isAttachmentUrl(got.finalUrl);
}
