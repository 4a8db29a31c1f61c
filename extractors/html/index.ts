/**
 * HTML notice pages from government portals: the report is in the page body, between the
 * portal's navigation and footer. We keep the article and the notice metadata around it.
 */
import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import type { DocumentModel, NoticeMeta } from '../../schemas/document.js';
import { decodeBytes } from '../common/decode.js';
import { liftCaptionRows } from '../common/caption-rows.js';
import { blocksFromFlow, reconcileTitle, type FlowItem } from '../common/layout.js';
import { normalizeText, squashSpaces } from '../common/normalize.js';
import { isChromeLine, isoDate, parseNoticeLine } from '../common/notice.js';
import { parseNumbering } from '../common/numbering.js';
import { findContentRoot, removeNeverContent } from './content.js';
import { walkFlow } from './walk.js';

export interface HtmlOptions {
  /** The charset of an HTTP Content-Type header, when the page was fetched. */
  headerCharset?: string | undefined;
}

function metaContent($: cheerio.CheerioAPI, name: string): string | undefined {
  const v = $(`meta[name="${name}" i]`).attr('content');
  const text = v ? squashSpaces(normalizeText(v)) : '';
  return text === '' ? undefined : text;
}

/** Site-wide title suffixes: "报告_工作报告_某市人民政府门户网站" → "报告", "说明-重庆文明网" → "说明". */
export function stripSiteSuffix(title: string): string {
  const first = title.split(/\s*[_|｜]\s*|\s+-\s+/)[0]!.trim();
  return first.replace(/\s*[-—–]\s*[^-—–]{2,20}(?:网|网站|门户|人民政府|政府)$/, '').trim();
}

/** The <meta> fields the national portal specification defines (ArticleTitle, PubDate, ContentSource). */
function noticeFromMeta($: cheerio.CheerioAPI): NoticeMeta {
  const notice: NoticeMeta = {};
  const title = metaContent($, 'ArticleTitle');
  const published = metaContent($, 'PubDate') ?? metaContent($, 'published');
  const publisher = metaContent($, 'ContentSource');
  if (title) notice.title = title;
  const iso = published ? isoDate(published) : null;
  if (iso) notice.publishedAt = iso;
  if (publisher) notice.publisher = publisher;
  return notice;
}

function noticeFromLines(flow: FlowItem[]): NoticeMeta {
  const notice: NoticeMeta = {};
  for (const item of flow) {
    if (item.kind !== 'text') continue;
    const meta = parseNoticeLine(item.text);
    if (meta) for (const [k, v] of Object.entries(meta)) (notice as Record<string, string>)[k] ??= v;
  }
  return notice;
}

const HEADER_LINES = 10;
const RUNNING_TEXT = 60;

/** How many lines open the article before its body starts (title, metadata, tools). */
function leadingLines(flow: FlowItem[]): number {
  const first = flow.findIndex((item) => item.kind === 'table' || item.text.length > RUNNING_TEXT || parseNumbering(item.text) !== null);
  return Math.min(HEADER_LINES, first < 0 ? flow.length : first);
}

export function extractHtml(bytes: Uint8Array, opts: HtmlOptions = {}): DocumentModel {
  const decoded = decodeBytes(bytes, { markup: true, headerCharset: opts.headerCharset });
  const $ = cheerio.load(decoded.text);
  const declaredTitle = squashSpaces(normalizeText($('title').first().text()));
  const fromMeta = noticeFromMeta($);
  removeNeverContent($);

  const root = findContentRoot($);
  const rootPath = root ? cssPath(root) : 'body';
  const article = root ? walkFlow($, root, rootPath) : [];
  const header = leadingLines(article);

  // Notice metadata sits around the article or at its very top; further down, a line such as
  // "日期：2025年4月20日" is the report's own text (its signature), not page metadata.
  const body = $('body').get(0);
  const around = body ? walkFlow($, body, 'body', root ?? undefined) : [];
  const notice: NoticeMeta = { ...noticeFromLines([...around, ...article.slice(0, header)]), ...fromMeta };
  notice.title ??= declaredTitle ? stripSiteSuffix(declaredTitle) : undefined;
  if (notice.title === undefined) delete notice.title;

  const flow = article.flatMap((item, i): FlowItem[] => {
    if (item.kind !== 'text') return [item];
    if (isChromeLine(item.text) || (i < header && parseNoticeLine(item.text))) return [];
    if (notice.title && item.text.replace(/\s+/g, '') === notice.title.replace(/\s+/g, '')) {
      return [{ ...item, markupLevel: 1 }];
    }
    return [item];
  });

  const warnings = [...decoded.warnings];
  const problems: string[] = [];
  if (flow.length === 0) warnings.push('no article text found in the page body');
  return {
    format: 'html',
    pages: null,
    title: declaredTitle === '' ? null : declaredTitle,
    notice: Object.keys(notice).length > 0 ? notice : null,
    blocks: reconcileTitle(blocksFromFlow(liftCaptionRows(flow), problems), notice.title, { path: 'head>title' }),
    problems,
    warnings,
  };
}

function cssPath(el: Element): string {
  const parts: string[] = [];
  let node: Element | null = el;
  while (node && node.type === 'tag') {
    const id = node.attribs['id'];
    const cls = (node.attribs['class'] ?? '').trim().split(/\s+/)[0];
    parts.unshift(`${node.tagName}${id ? `#${id}` : cls ? `.${cls}` : ''}`);
    node = node.parent && node.parent.type === 'tag' ? (node.parent as Element) : null;
  }
  return parts.join('>');
}
