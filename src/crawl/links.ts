/**
 * What a portal page links to, as Chinese government portals write it: attachments (by extension
 * of the URL or of the link text, also inside viewer URLs such as …/viewer.html?file=/a/b.pdf, and
 * in iframes and embeds; a notice link answered with a file's Content-Type is one too, crawl.ts),
 * other pages (with the link text, the only hint on many portals), and the pages of a listing
 * (index_1.html … from 下一页/尾页 links or from createPageHTML(total, current, "index", "html")
 * in a script; ?page=N).
 */
import * as cheerio from 'cheerio';
import { decodeBytes } from '../../extractors/common/decode.js';
import { normalizeText, squashSpaces } from '../../extractors/common/normalize.js';
import { isoDate } from '../../extractors/common/notice.js';
import { stripSiteSuffix } from '../../extractors/html/index.js';

/** Extensions of the files the pipeline reads. */
const ATTACHMENT = /\.(?:pdf|docx?|xlsx?|wps|et)$/i;
/**
 * A link whose text only says it is a file (附件, 附件2, 下载, 附表1：…) leads to one even when
 * its URL has no extension (/download?id=77 served with Content-Disposition); what it is, the
 * response's bytes decide at ingest.
 */
const FILE_WORD = /^(?:附件|附表|下载|点击下载|下载附件)\s*\d*\s*(?:[:：].*)?$/;
const PAGE_WORDS = /^(?:下一页|下页|尾页|末页|上一页|上页|\d{1,4}|\[\d{1,4}\])$/;

export interface PageLink {
  url: string;
  /** The link text (or the title attribute); empty for frames and embeds. */
  text: string;
}

export interface PageLinks {
  /** The notice's title (ArticleTitle meta, else <title> without the site's name). */
  title: string | null;
  /** Its publication date (PubDate meta, else a 发布时间/发布日期 line), ISO. */
  date: string | null;
  /** Links to files of a format the pipeline reads. */
  attachments: PageLink[];
  /** Links to other pages, pagination excluded. */
  pages: PageLink[];
  /** The other pages of this listing. */
  pagination: string[];
}

export function isAttachmentUrl(url: string): boolean {
  try {
    return ATTACHMENT.test(decodeURIComponent(new URL(url).pathname));
  } catch {
    return false;
  }
}

/** The file a viewer URL shows (?file=, ?url=, ?path=), when it is an attachment. */
export function viewerTarget(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  for (const key of ['file', 'url', 'path', 'src', 'filepath', 'fileUrl']) {
    const value = parsed.searchParams.get(key);
    if (!value) continue;
    try {
      const target = new URL(value, url).href;
      if (isAttachmentUrl(target)) return target;
    } catch {
      // not a URL
    }
  }
  return null;
}

function resolved(href: string | undefined, base: string): string | null {
  if (!href) return null;
  const trimmed = href.trim();
  if (trimmed === '' || /^(?:javascript|mailto|tel):/i.test(trimmed) || trimmed.startsWith('#')) return null;
  try {
    const url = new URL(trimmed, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

/** createPageHTML(total, current, "index", "html"), as TRS and similar portal systems write it. */
function scriptedPages(script: string, base: string): string[] {
  const call = /createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"]/.exec(script);
  if (!call) return [];
  const total = Number(call[1]);
  const [prefix, suffix] = [call[3]!, call[4]!];
  const out: string[] = [];
  for (let i = 0; i < Math.min(total, 1000); i++) out.push(new URL(i === 0 ? `${prefix}.${suffix}` : `${prefix}_${i}.${suffix}`, base).href);
  return out;
}

const directory = (path: string) => path.slice(0, path.lastIndexOf('/') + 1);

/** index.html / index_3.html beside this page, or this page with ?page=N. */
function isPaginationUrl(url: string, base: string): boolean {
  const u = new URL(url);
  const b = new URL(base);
  if (u.host !== b.host) return false;
  if (/\/index(?:_\d+)?\.s?html?$/.test(u.pathname) && directory(u.pathname) === directory(b.pathname)) return true;
  return u.pathname === b.pathname && ['page', 'pageNo', 'pageIndex', 'p'].some((k) => u.searchParams.has(k));
}

/** A 下一页 / 尾页 / page-number link to a page in the same folder. */
function isPageWordLink(url: string, base: string, linkText: string): boolean {
  const u = new URL(url);
  const b = new URL(base);
  return PAGE_WORDS.test(linkText) && u.host === b.host && directory(u.pathname) === directory(b.pathname);
}

/** Reads a page's links; `headerCharset` is the Content-Type charset it was served with. */
export function readPageLinks(bytes: Uint8Array, pageUrl: string, headerCharset?: string): PageLinks {
  const { text } = decodeBytes(bytes, { headerCharset, markup: true });
  const $ = cheerio.load(text);
  const meta = (name: string) => squashSpaces(normalizeText($(`meta[name="${name}" i]`).attr('content') ?? ''));
  const title = meta('ArticleTitle') || stripSiteSuffix(squashSpaces(normalizeText($('title').first().text()))) || null;
  const dated = /发布(?:时间|日期)\s*[:：]\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})/.exec(normalizeText($('body').text()));
  const date = isoDate(meta('PubDate') || meta('published')) ?? (dated ? isoDate(dated[1]!) : null);
  const attachments = new Map<string, PageLink>();
  const pages = new Map<string, PageLink>();
  const pagination = new Set<string>();
  const add = (url: string, linkText: string) => {
    // A download script (…/download?id=7) is a file when its text names one: 附件1：预算表.xls.
    const file = isAttachmentUrl(url) || ATTACHMENT.test(linkText) || FILE_WORD.test(linkText) ? url : viewerTarget(url);
    if (file) {
      if (!attachments.has(file)) attachments.set(file, { url: file, text: linkText });
      return;
    }
    if ((isPaginationUrl(url, pageUrl) && linkText === '') || isPageWordLink(url, pageUrl, linkText)) {
      pagination.add(url);
      return;
    }
    if (!pages.has(url)) pages.set(url, { url, text: linkText });
  };
  $('a[href]').each((_, a) => {
    const url = resolved($(a).attr('href'), pageUrl);
    if (!url) return;
    const linkText = squashSpaces(normalizeText($(a).text())) || squashSpaces(normalizeText($(a).attr('title') ?? ''));
    add(url, linkText);
  });
  $('iframe[src], embed[src], object[data]').each((_, el) => {
    const url = resolved($(el).attr('src') ?? $(el).attr('data'), pageUrl);
    if (url) add(url, '');
  });
  $('script').each((_, s) => {
    for (const url of scriptedPages($(s).text(), pageUrl)) pagination.add(url);
  });
  pagination.delete(pageUrl);
  return { title, date, attachments: [...attachments.values()], pages: [...pages.values()], pagination: [...pagination] };
}
