/**
 * The one region resolver of government-level figures: a printed name (a row of a 分地区 table,
 * the subject of a sentence, a column header) to the region it names, its GB/T 2260 code and its
 * scope, in the context of the document's own region (home) and, for a county, the city printed
 * above it. Tables and prose both read names through here.
 *
 *   济南市, 济南, （一）成都市      → a region, whole
 *   城步县 (城步苗族自治县), 湘西州 → the same, by the stem of the gazetteer's name
 *   长春市本级, 宜昌市级            → that region, own_level
 *   省本级, 市本级, 本级, 省级      → home, own_level
 *   全省, 合计, 四川省合计, 本地区  → home, whole
 *   市县小计, 二、市（州）合计      → an aggregate of the rows below: checked, not a region
 *   宁东管委会, 开发区, 高新区      → a zone without a code: stored under its printed name
 *   待收回限额, 其中：教育支出 …    → not a region
 */
import { divisionsNamed, divisionsUnder, isWithin, levelOf, type Division, type RegionLevel } from '../region.js';

export type RegionRole = 'region' | 'total' | 'aggregate' | 'zone' | 'other';

export interface ResolvedRegion {
  role: RegionRole;
  /** The name as printed, numbering and spaces removed. */
  printed: string;
  division: Division | null;
  scope: 'whole' | 'own_level' | null;
}

export interface RegionContext {
  /** The region the document is about (its province or city), when known. */
  home: Division | null;
  /** The region of the nearest row above that names a city: its counties are under it. */
  parent?: Division | null;
}

const NUMBERING = /^(?:其中[:：]?|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|\d+\s+|[①-⑳])+/;

/** A printed name without spaces, numbering or a leading 其中：. */
export function cleanRegionName(text: string): string {
  return text.replace(/\s+/g, '').replace(NUMBERING, '').replace(/^[:：]/, '');
}

/** The whole of home: 合计, 总计, 全省(合计), 本地区, 全辖. */
const HOME_TOTAL = /^(?:合计|总计|全(?:省|市|区|州|盟|县|旗|辖)(?:合计|总计|汇总)?|本地区|全辖|地区合计|总合计)$/;
/** Subtotals of the levels below home: 市县小计, 地市合计, 市（州）合计, 县（市、区）合计. */
const AGGREGATE = /^(?:各?(?:市|县|区|州|地|盟|旗)[^，。本级]{0,10}(?:合计|小计|汇总)|小计|[^，。]{0,8}合计其中|下级合计|对下合计)$/;
/** home's own level: 省本级, 市级, 本级, 自治区本级, 省级 (含…) — a note of what it includes keeps it. */
const OWN_LEVEL = /^(?:(?:省|市|自治区|区|州|盟|县|旗)?(?:本级|级)|本级)$/;
/** What a sub-part says of itself: (不含宁东), 其中. */
const EXCLUDING = /不含|扣除|剔除/;
/** Places without a code: development zones, new areas, administrative committees. */
const ZONE = /(?:新区|开发区|示范区|试验区|高新区|经开区|管委会|管理委员会|园区|合作区|工业区|保税区|港区|度假区|管理区|林区|农场|景区)$/;
/** Suffixes a name may be printed with or without, and the gazetteer suffixes each can stand for. */
const SUFFIXES: readonly [RegExp, RegExp][] = [
  [/(?:自治州|州)$/, /(?:自治州|州)$/],
  [/(?:自治县|县)$/, /(?:自治县|县)$/],
  [/(?:自治旗|旗)$/, /(?:自治旗|旗)$/],
  [/地区$/, /地区$/],
  [/盟$/, /盟$/],
  [/市$/, /市$/],
  [/区$/, /区$/],
];

/** A note in brackets at the end: (含开发区), （快报数）. */
const TRAILING_NOTE = /[（(][^（）()]*[）)]$/;

function within(candidates: readonly Division[], root: Division | null | undefined): Division[] {
  return root ? candidates.filter((d) => isWithin(d, root)) : [];
}

/** All divisions under `root`, down to counties. */
function descendants(root: Division): Division[] {
  const out: Division[] = [];
  const walk = (d: Division) => {
    for (const c of divisionsUnder(d)) {
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

const descendantCache = new Map<string, Division[]>();
function descendantsOf(root: Division): Division[] {
  let list = descendantCache.get(root.code);
  if (!list) descendantCache.set(root.code, (list = descendants(root)));
  return list;
}

/** The one division among candidates, preferring those under the parent, then under home. */
function choose(candidates: readonly Division[], ctx: RegionContext): Division | null {
  if (candidates.length === 0) return null;
  for (const pool of [within(candidates, ctx.parent), within(candidates, ctx.home)]) {
    if (pool.length === 1) return pool[0]!;
    if (pool.length > 1) {
      // A city and a county of one name (吉林市 / 吉林省): the higher one.
      const top = Math.min(...pool.map((d) => d.level));
      const highest = pool.filter((d) => d.level === top);
      return highest.length === 1 ? highest[0]! : null;
    }
  }
  if (ctx.home) return null;
  return candidates.length === 1 ? candidates[0]! : null;
}

/**
 * A division printed short: 济南 (济南市), 城步县 (城步苗族自治县), 湘西州 (湘西土家族苗族自治州),
 * 大通县 (大通回族土族自治县). Only looked for under home, where a stem is unambiguous.
 */
function byStem(name: string, ctx: RegionContext): Division | null {
  const root = ctx.home;
  if (!root || name.length < 2) return null;
  const suffix = SUFFIXES.find(([printed]) => printed.test(name));
  const stem = suffix ? name.replace(suffix[0], '') : name;
  if (stem.length < 2 && !suffix) return null;
  if (stem.length < 1) return null;
  const pool = [root, ...descendantsOf(root)].filter((d) => d.name.startsWith(stem) && d.name !== stem && (!suffix || suffix[1].test(d.name)));
  if (pool.length === 0) return null;
  return choose(pool, ctx);
}

/** The division a name names, in context; null when none or more than one fits. */
export function divisionNamed(name: string, ctx: RegionContext): Division | null {
  const exact = choose(divisionsNamed(name), ctx);
  if (exact) return exact;
  if (divisionsNamed(name).length > 0 && ctx.home) {
    // Named exactly but outside home: a region elsewhere (a transfer to another province's city).
    const outside = divisionsNamed(name);
    if (outside.length === 1) return outside[0]!;
  }
  return byStem(name, ctx);
}

/** The level word of an own-level label (省 of 省本级), checked against home's level. */
function ownLevelFits(label: string, home: Division | null): boolean {
  if (!home) return true;
  const word = /^(省|市|自治区|区|州|盟|县|旗)/.exec(label)?.[1];
  if (!word) return true;
  const level: RegionLevel = levelOf(home);
  if (word === '省' || word === '自治区') return level === 'province';
  if (word === '市') return level === 'city' || (level === 'province' && /市$/.test(home.name));
  if (word === '区') return level === 'province' || level === 'county';
  if (word === '州' || word === '盟') return level === 'city';
  return level === 'county';
}

/**
 * What a printed name is. `home` is the document's region; a name that resolves to home itself
 * (湖南省 in a Hunan table) is home's whole.
 */
export function resolveRegion(text: string, ctx: RegionContext): ResolvedRegion {
  const printed = cleanRegionName(text);
  const base: ResolvedRegion = { role: 'other', printed, division: null, scope: null };
  if (printed === '' || /^\d/.test(printed) || printed.length > 30) return base;
  if (EXCLUDING.test(printed)) return base;
  const note = TRAILING_NOTE.exec(printed)?.[0] ?? '';
  const bare = note && /含|包括/.test(note) ? printed.slice(0, -note.length) : printed;
  if (HOME_TOTAL.test(bare)) return { ...base, role: 'total', division: ctx.home, scope: 'whole' };
  if (AGGREGATE.test(bare)) return { ...base, role: 'aggregate' };
  if (OWN_LEVEL.test(bare)) return ownLevelFits(bare, ctx.home) ? { ...base, role: 'region', division: ctx.home, scope: 'own_level' } : base;
  // 长春市本级, 宜昌市级, 宁夏自治区本级, 四川省合计
  const own = /^(.+?)(?:本级|级)$/.exec(bare);
  if (own) {
    const d = divisionNamed(own[1]!, ctx) ?? (ctx.home && /自治区$/.test(own[1]!) && levelOf(ctx.home) === 'province' ? ctx.home : null);
    if (d) return { ...base, role: 'region', division: d, scope: 'own_level' };
  }
  const total = /^(.+?)(?:合计|总计)$/.exec(bare);
  if (total) {
    const d = divisionNamed(total[1]!, ctx);
    if (d && ctx.home && d.code === ctx.home.code) return { ...base, role: 'total', division: d, scope: 'whole' };
    return { ...base, role: 'aggregate' };
  }
  const d = divisionNamed(bare, ctx);
  if (d) return { ...base, role: ctx.home && d.code === ctx.home.code ? 'total' : 'region', division: d, scope: 'whole' };
  if (ZONE.test(bare)) return { ...base, role: 'zone' };
  return base;
}

/** The levels below home taken together (县区政府债务限额…, 各市县…收入决算表): neither home's whole nor its own level. */
const LOWER_LEVELS = /县区|区县|县（市、?区）|县\(市、?区\)|县市区|市县|各县|各市|下级/;

const LEVEL_RANK: Record<string, number> = { 省: 1, 自治区: 1, 市: 2, 州: 2, 盟: 2, 县: 3, 旗: 3 };

/**
 * Whether a text is about the levels below home: 市县, 县区, or a level word below home's
 * (市县级, 县级 in a province's report; 县级 in a city's).
 */
export function namesLowerLevels(text: string, home: Division | null): boolean {
  if (LOWER_LEVELS.test(text)) return true;
  if (!home) return false;
  const municipality = home.level === 1 && /市$/.test(home.name);
  const own = municipality ? 2 : home.level;
  for (const m of text.matchAll(/(自治区|省|市|州|盟|县|旗)(?:本)?级/g)) {
    if (LEVEL_RANK[m[1]!]! > own) return true;
  }
  return false;
}
