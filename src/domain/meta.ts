/**
 * Who published what, for which year, and when. Each field is read from the strongest source the
 * document offers, in order: the title; the cover's field lines (预算单位：…, 预算年度：…) and
 * title lines; a running header; the banners and titles of its tables; the signature at the end;
 * the prose naming it with its figures; and last the file's name. A source that gives nothing
 * passes to the next.
 */
import type { Block, DocumentModel, Table } from '../../schemas/document.js';
import { asciiDigits } from '../../extractors/common/normalize.js';
import { isoDate } from '../../extractors/common/notice.js';
import { COVERAGE_SUFFIX, ORG_FIELD_VALUE, ORG_SUFFIX, YEAR_FIELDS } from '../../extractors/common/vocabulary.js';
import { findMentions, isRegionName } from './region.js';

/** The document title: the body's level-1 heading, else what the file or page declares. */
export function documentTitle(model: DocumentModel): string | null {
  const h1 = model.blocks.find((b) => b.type === 'heading' && b.level === 1 && b.numbering === null);
  if (h1?.type === 'heading') return h1.text;
  return model.notice?.title ?? model.title;
}

const compact = (text: string) => asciiDigits(text).replace(/\s+/g, '');

/** A year as a title prints it: 2024年, 2024 年度, and "2026部门预算" without 年. */
const TITLE_YEAR = /((?:19|20)\d{2})(?=年|(?:部门|单位)?(?:预算|决算))/;
const YEAR_FIELD = new RegExp(`(?:${YEAR_FIELDS.join('|')})\\s*[:：]\\s*((?:19|20)\\d{2})|^[（(]\\s*((?:19|20)\\d{2})\\s*年度?\\s*[）)]$`);
/** How far into the document the cover's lines can be. */
const COVER_BLOCKS = 15;

function mostCommon<T>(values: readonly T[]): T | null {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | null = null;
  let n = 0;
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c];
  return best;
}

/** The year the title names: "2024 年度整体支出…", "2026年部门预算", "…2026部门预算". */
export function yearOfTitle(title: string | null): number | null {
  const m = title ? TITLE_YEAR.exec(compact(title)) : null;
  return m ? Number(m[1]) : null;
}

/**
 * The year a file's name carries for its figures: "2026年烟台市交通运输局部门预算.pdf", or a bare
 * year in a name about a budget ("swu_2024_department_budget.pdf"); a date in a URL's folders
 * (/2025/03/…) is when it was posted, not the year of the figures.
 */
export function yearOfName(name: string): number | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  const named = /((?:19|20)\d{2})\s*年/.exec(base);
  if (named) return Number(named[1]);
  const bare = /(?<!\d)((?:19|20)\d{2})(?!\d)/.exec(base);
  return bare && /预算|决算|budget|final|account/i.test(base) ? Number(bare[1]) : null;
}

/**
 * A running header: a short line naming the report ("某某局2026年部门预算") printed again and
 * again, page after page; it says what the title page may not.
 */
export function runningTitle(blocks: readonly Block[]): string | null {
  const counts = new Map<string, number>();
  for (const b of blocks) {
    if (b.type === 'table') continue;
    const text = compact(b.text);
    if (text.length <= 50 && /预算|决算/.test(text) && TITLE_YEAR.test(text)) counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const [line, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  return line && n >= 3 ? line : null;
}

/**
 * The year the figures are for: the title's; a 预算年度 field on the cover or a table banner; a
 * cover line naming the budget ("…2026年度部门预算"); else the year most table titles carry
 * ("2017年政府采购预算表").
 */
export function fiscalYearOf(title: string | null, blocks: readonly Block[]): number | null {
  const fromTitle = yearOfTitle(title);
  if (fromTitle) return fromTitle;
  for (const b of blocks.slice(0, 40)) {
    const texts = b.type === 'table' ? b.notes : [b.text];
    for (const text of texts) {
      const m = YEAR_FIELD.exec(asciiDigits(text).trim());
      if (m) return Number(m[1] ?? m[2]);
    }
  }
  for (const b of blocks.slice(0, COVER_BLOCKS)) {
    if (b.type === 'table') continue;
    const text = compact(b.text);
    if (text.length <= 60 && /预算|决算/.test(text)) {
      const year = yearOfTitle(text);
      if (year) return year;
    }
  }
  const running = yearOfTitle(runningTitle(blocks));
  if (running) return running;
  const tableYears = blocks.flatMap((b) => (b.type === 'table' && b.title ? [yearOfTitle(b.title)] : [])).filter((y): y is number => y !== null);
  return mostCommon(tableYears) ?? yearOfFigures(blocks);
}

/**
 * The year the prose states its figures for: "2018年一般公共预算财政拨款收入…", "2018年“三公”
 * 经费预算…", the most common; a year compared with (比2017年) or counted to (截至2025年底) is
 * not it.
 */
function yearOfFigures(blocks: readonly Block[]): number | null {
  const years: number[] = [];
  for (const b of blocks.slice(0, 200)) {
    if (b.type === 'table') continue;
    for (const m of asciiDigits(b.text).matchAll(/(^|[^比较与至到截])((?:19|20)\d{2})年度?(?=[“"]?(?:一般公共|政府性基金|部门|单位|收入|支出|预算|决算|三公|“三公))/g)) years.push(Number(m[2]));
  }
  return years.length >= 2 ? mostCommon(years) : null;
}

/** A name is an organisation's when it ends like one and is not just a place. */
function isOrganisation(name: string): boolean {
  const bare = name.replace(COVERAGE_SUFFIX, '');
  return bare.length >= 2 && ORG_SUFFIX.test(bare) && !isRegionName(bare);
}

/** "北京市信访办公室部门" → 北京市信访办公室: the words 部门/单位 a title adds after the name. */
const stripKindWord = (name: string) => name.replace(/(?:部门|单位)$/, '');

/**
 * The department in the title: the words before the year ("石家庄市鹿泉区科学技术和工业信息化局
 * 2024 年度…"), or after it ("2026年烟台市交通运输局部门预算"), when they name an organisation.
 */
export function departmentOf(title: string | null): string | null {
  if (!title) return null;
  const text = compact(title);
  // A portal notice titled with the department's name alone.
  if (text.length <= 30 && isOrganisation(text)) return text;
  const m = /^(.*?)(?:19|20)\d{2}(?:年|(?=(?:部门|单位)?(?:预算|决算)))/.exec(text);
  // "部门预算公开 某某局2025年…": a title wrapped after words of its own kind.
  const before = stripKindWord((m ? m[1]! : '').replace(/^关于/, '').replace(/^.*(?:预算|决算)(?:信息)?(?:公开)?(?:说明)?/, ''));
  if (isOrganisation(before)) return before;
  const after = /(?:19|20)\d{2}年?度?(.+?)(?:部门|单位)?(?:整体)?(?:预算|决算)/.exec(text)?.[1];
  return after && after.length >= 4 && isOrganisation(after) ? after : null;
}

const ORG_FIELDS_IN_LINE = new RegExp(ORG_FIELD_VALUE.source, 'g');

/** The organisation a field in the line names (单位：万元 names a unit of money, not one). */
function labelledOrg(line: string): string | null {
  for (const m of line.trim().matchAll(ORG_FIELDS_IN_LINE)) {
    const name = m[1]!.trim();
    if (name.length >= 3 && !/^\d|元$/.test(name)) return name;
  }
  return null;
}

/**
 * The department a cover names in its title lines, the title perhaps wrapped over several
 * ("上海市普陀区规划和自然 / 资源局 / 2024年度部门决算") and printed as plain lines.
 */
export function coverTitleDepartment(blocks: readonly Block[]): string | null {
  const lines: string[] = [];
  for (const b of blocks.slice(0, COVER_BLOCKS)) {
    if (b.type === 'table') break;
    lines.push(compact(b.text));
  }
  for (let end = 0; end < lines.length; end++) {
    if (!/预算|决算/.test(lines[end]!) || lines[end]!.length > 60) continue;
    const names: string[] = [];
    for (let start = end; start >= Math.max(0, end - 3); start--) {
      const joined = lines.slice(start, end + 1).join('');
      if (joined.length > 60) break;
      const name = departmentOf(joined);
      if (name) names.push(name);
    }
    // Of the readings, the whole name (one that starts with a place: 上海市普陀区…) over its tail.
    const placed = names.filter((n) => findMentions(n)[0]?.at === 0);
    if (names.length > 0) return placed[placed.length - 1] ?? names[0]!;
  }
  return null;
}

/**
 * The department the prose names with its figures: "2026年北京市人民政府办公厅政府采购预算总额…",
 * "2026年某某局收入预算…" — the organisation named so most often, when one is named twice.
 */
export function proseDepartment(blocks: readonly Block[]): string | null {
  const names: string[] = [];
  for (const b of blocks) {
    if (b.type === 'table') continue;
    for (const m of compact(b.text).matchAll(/(?:19|20)\d{2}年度?([\u3400-\u9fff（）()]{3,30}?)(?:部门预算|部门决算|收入预算|支出预算|收入决算|支出决算|政府采购预算|机关运行经费|“三公”经费|三公经费)/g)) {
      if (isOrganisation(m[1]!)) names.push(m[1]!);
    }
  }
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  return best && best[1] >= 2 ? best[0] : null;
}

/**
 * A cover line naming the department: 预算主管部门：上海市普陀区司法局, 预算单位：上海水产老干部活动室.
 * A labelled field is taken as printed, whatever its name ends with.
 */
export function coverDepartment(blocks: readonly Block[]): string | null {
  for (const b of blocks.slice(0, COVER_BLOCKS)) {
    if (b.type === 'table') break;
    const name = labelledOrg(b.text);
    if (name) return name;
  }
  return null;
}

/**
 * The organisation a table's banner names: "部门：江苏省人大常委会办公厅", "编制单位：…", "471001
 * …局本级" (a unit code and its name). A document bundling a department and its units prints
 * each unit's name above that unit's tables.
 */
const CODED_ORG = /^\d{3,}\s*([\u3400-\u9fff（）()]+?)(?=预算年度|金额单位|单位\s*[:：]|\s|$)/;

export function orgOfBanner(lines: readonly string[]): string | null {
  for (const line of lines) {
    const text = line.trim();
    const labelled = labelledOrg(text);
    if (labelled) return labelled;
    const coded = CODED_ORG.exec(text)?.[1]?.trim();
    if (coded && (isOrganisation(coded) || COVERAGE_SUFFIX.test(coded))) return coded;
  }
  return null;
}

/** The department a set of units belongs to: the most named, without 本级. */
export function departmentOfUnits(units: readonly (string | null)[]): string | null {
  return mostCommon(units.flatMap((u) => (u ? [u.replace(COVERAGE_SUFFIX, '')] : [])));
}

const SIGNATURE_DATE = /^(?:(?:日期|时间|落款日期)[:：])?(?:(?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$/;
const SIGNATURE_TAIL = 6;

/** The date printed on its own line in the last blocks, under the signature. */
export function signatureDate(blocks: readonly Block[]): string | null {
  const tail = blocks.slice(-SIGNATURE_TAIL).reverse();
  for (const b of tail) {
    if (b.type !== 'paragraph') continue;
    const text = compact(b.text);
    if (SIGNATURE_DATE.test(text)) return isoDate(text);
  }
  return null;
}

/** The organisation line just above the signature date, e.g. 正定县科学技术和工业信息化局. */
export function signatureOrganisation(blocks: readonly Block[]): string | null {
  for (let i = blocks.length - 1; i > 0 && i >= blocks.length - SIGNATURE_TAIL; i--) {
    const b = blocks[i]!;
    const prev = blocks[i - 1]!;
    if (b.type === 'paragraph' && SIGNATURE_DATE.test(compact(b.text)) && prev.type === 'paragraph') {
      const org = prev.text.replace(/\s+/g, '');
      return org.length <= 40 && isOrganisation(org) ? org : null;
    }
  }
  return null;
}

/** The department, from the strongest source the document offers. */
export function departmentOfDocument(title: string | null, blocks: readonly Block[], tables: readonly Table[]): string | null {
  return (
    departmentOf(title) ??
    coverDepartment(blocks) ??
    coverTitleDepartment(blocks) ??
    departmentOf(runningTitle(blocks)) ??
    departmentOfUnits(tables.map((t) => orgOfBanner(t.notes))) ??
    signatureOrganisation(blocks) ??
    proseDepartment(blocks)
  );
}

/** The department a file's name gives ("…_北京市审计局2026年度部门预算报表.pdf"), for a document that names none. */
export function departmentOfName(name: string): string | null {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/\.[A-Za-z0-9]+$/, '').split(/[_：:]/).pop() ?? '';
  return departmentOf(base);
}
