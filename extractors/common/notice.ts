/**
 * Government portal furniture, as printed text: the notice metadata worth keeping
 * (发布时间, 来源, 发文字号, 索引号) and the chrome worth dropping (当前位置, 【字体】, 打印 …).
 * Used on HTML pages and on text saved from them.
 */
import type { NoticeMeta } from '../../schemas/document.js';
import { asciiDigits } from './normalize.js';

/** A date as ISO YYYY-MM-DD from 2024-05-16, 2024年5月16日, 2024/5/16 or 2024.05.16; else null. */
export function isoDate(text: string): string | null {
  const m = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/.exec(asciiDigits(text));
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1949 || y > 2100) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const FIELD_LABELS: ReadonlyArray<readonly [keyof NoticeMeta, RegExp]> = [
  ['publishedAt', /^(?:发布时间|发布日期|发表时间|公开日期|日期|时间)$/],
  ['publisher', /^(?:来源|信息来源|发布机构|发布单位)$/],
  ['docNumber', /^(?:发文字号|文号)$/],
  ['indexNumber', /^索引号$/],
];

const MAX_FIELD_VALUE = 40;
const FIELD = /(发布时间|发布日期|发表时间|公开日期|信息来源|发布机构|发布单位|来源|发文字号|文号|索引号|浏览次数|点击数|阅读次数|作者|编辑|日期|时间)\s*[:：]\s*/g;

/**
 * The metadata fields on one line ("发布时间:2024-05-16 来源:科工局 发文字号:"), or null when the
 * line is not a metadata line. Empty fields are omitted.
 */
export function parseNoticeLine(line: string): Partial<NoticeMeta> | null {
  const text = line.trim();
  const matches = [...text.matchAll(FIELD)];
  if (matches.length === 0 || matches[0]!.index !== 0) return null;
  const meta: Partial<NoticeMeta> = {};
  let recognised = false;
  let prose = false;
  matches.forEach((m, i) => {
    const label = m[1]!;
    const start = m.index! + m[0].length;
    const end = i + 1 < matches.length ? matches[i + 1]!.index! : text.length;
    const value = text.slice(start, end).trim();
    // Metadata values are short names, numbers and dates; a sentence is report text.
    if (value.length > MAX_FIELD_VALUE || /[。；，,;]/.test(value)) prose = true;
    const field = FIELD_LABELS.find(([, re]) => re.test(label))?.[0];
    if (field === 'publishedAt') {
      const iso = isoDate(value);
      if (iso) meta.publishedAt = iso;
      // "日期：" or "时间：" alone is metadata only when a date follows.
      if (iso || /^(?:发布|发表|公开)/.test(label)) recognised = true;
    } else if (field) {
      recognised = true;
      if (value !== '') meta[field] = value;
    }
  });
  if (!recognised || prose) return null;
  return meta;
}

const CHROME = [
  /^(?:当前位置|您现在的位置|您的位置|所在位置|当前的位置)\s*[:：]?/,
  /^【\s*字体/,
  /^字号\s*[:：]/,
  /^(?:【\s*)?(?:打印|打印本页|打印文章|关闭|关闭窗口|返回顶部|收藏|分享|分享到|纠错|我要纠错)(?:\s*】)?$/,
  /^(?:版权所有|主办单位|主办|承办单位|承办|协办|技术支持|网站标识码|网站地图|联系我们|免责声明|政府网站标识码)\s*[:：]?/,
  /ICP备|公网安备|网站识别码|网站标识码/,
  /^(?:上一篇|下一篇|相关链接|相关文章|扫一扫|浏览次数|访问量|阅读次数)\s*[:：]?/,
  /^【\s*(?:大|中|小)\s*】/,
];

/** True for a line that is portal chrome, not content. */
export function isChromeLine(line: string): boolean {
  const text = line.trim();
  if (text === '') return false;
  if (/^(?:【[^】]{0,12}】\s*)+$/.test(text)) return true;
  return CHROME.some((re) => re.test(text));
}
