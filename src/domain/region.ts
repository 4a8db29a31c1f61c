/**
 * The administrative area a document belongs to, from the names it prints: "石家庄市鹿泉区…局"
 * is 河北省石家庄市鹿泉区, "正定县…局" is 河北省石家庄市正定县 (the county name is unique). The
 * gazetteer is china-area-data (province → prefecture → county, with codes).
 */
import { createRequire } from 'node:module';

export interface Division {
  code: string;
  name: string;
  parent: Division | null;
  level: 1 | 2 | 3;
}

type AreaData = Record<string, Record<string, string>>;

const PROVINCE_SUFFIX = /(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/;
const CITY_SUFFIX = /(?:市|地区|盟|自治州)$/;
/** Placeholder prefecture entries of municipalities; never printed. */
const PLACEHOLDER = /^(?:市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

interface Gazetteer {
  byFirstChar: Map<string, { text: string; divisions: Division[]; strict: boolean }[]>;
  /** Every division under its own name (placeholders such as 市辖区 left out). */
  byName: Map<string, Division[]>;
  /** The divisions directly under each division's code. */
  children: Map<string, Division[]>;
  byCode: Map<string, Division>;
  /** Each division by the full name a document's region is stored as (河北省石家庄市鹿泉区). */
  byFullName: Map<string, Division>;
}

let cached: Gazetteer | null = null;

/**
 * How documents print an autonomous prefecture, county or banner for short: 迪庆州 (迪庆藏族自治州),
 * 城步县 (城步苗族自治县), 大通县 (大通回族土族自治县). The name itself when it is none.
 */
function shortAutonomousName(name: string): string {
  const m = /^(.{2,}?)(?:[\u4e00-\u9fa5]{1,4}?族)+自治(州|县|旗)$/.exec(name);
  return m ? `${m[1]}${m[2]}` : name;
}

function addName(g: Gazetteer, text: string, d: Division, strict: boolean): void {
  if (text.length < 2) return;
  const list = g.byFirstChar.get(text[0]!) ?? [];
  const entry = list.find((e) => e.text === text);
  if (entry) entry.divisions.push(d);
  else list.push({ text, divisions: [d], strict });
  g.byFirstChar.set(text[0]!, list);
}

function gazetteer(): Gazetteer {
  if (cached) return cached;
  const data = createRequire(import.meta.url)('china-area-data/data.json') as AreaData;
  const g: Gazetteer = { byFirstChar: new Map(), byName: new Map(), children: new Map(), byCode: new Map(), byFullName: new Map() };
  const provinces = data['86'] ?? {};
  for (const [pcode, pname] of Object.entries(provinces)) {
    const p: Division = { code: pcode, name: pname, parent: null, level: 1 };
    g.byCode.set(pcode, p);
    addName(g, pname, p, false);
    addName(g, pname.replace(PROVINCE_SUFFIX, ''), p, true);
    for (const [ccode, cname] of Object.entries(data[pcode] ?? {})) {
      const c: Division = { code: ccode, name: cname, parent: p, level: 2 };
      g.byCode.set(ccode, c);
      if (!PLACEHOLDER.test(cname)) {
        addName(g, cname, c, false);
        addName(g, shortAutonomousName(cname), c, false);
        addName(g, cname.replace(CITY_SUFFIX, ''), c, true);
      }
      for (const [kcode, kname] of Object.entries(data[ccode] ?? {})) {
        const k: Division = { code: kcode, name: kname, parent: c, level: 3 };
        g.byCode.set(kcode, k);
        if (PLACEHOLDER.test(kname) || kname.length < 3) continue;
        addName(g, kname, k, false);
        addName(g, shortAutonomousName(kname), k, false);
      }
    }
  }
  for (const list of g.byFirstChar.values()) list.sort((a, b) => b.text.length - a.text.length);
  for (const d of g.byCode.values()) {
    if (PLACEHOLDER.test(d.name)) continue;
    g.byName.set(d.name, [...(g.byName.get(d.name) ?? []), d]);
    // A municipality's districts sit under a placeholder prefecture (市辖区): they belong to the municipality.
    const parent = d.parent && PLACEHOLDER.test(d.parent.name) ? d.parent.parent : d.parent;
    if (parent) g.children.set(parent.code, [...(g.children.get(parent.code) ?? []), d]);
  }
  for (const d of g.byCode.values()) if (!g.byFullName.has(regionName(d))) g.byFullName.set(regionName(d), d);
  cached = g;
  return g;
}

interface Mention {
  text: string;
  divisions: Division[];
  at: number;
}

/**
 * Names of areas printed in `text`, longest match first at each position. Short forms
 * (石家庄 for 石家庄市) count only where a full name would continue: before an area or an
 * organisation word, so "河北科技大学" does not place a report in 河北.
 */
export function findMentions(text: string): Mention[] {
  const g = gazetteer();
  const found: Mention[] = [];
  for (let i = 0; i < text.length; i++) {
    const candidates = g.byFirstChar.get(text[i]!);
    if (!candidates) continue;
    for (const c of candidates) {
      if (!text.startsWith(c.text, i)) continue;
      const after = text.slice(i + c.text.length, i + c.text.length + 3);
      if (c.strict && !/^(?:高新区|经开区|开发区|[省市区县])/.test(after) && !startsWithName(g, after)) continue;
      found.push({ text: c.text, divisions: c.divisions, at: i });
      i += c.text.length - 1;
      break;
    }
  }
  return expandZones(found, text);
}

function startsWithName(g: Gazetteer, text: string): boolean {
  const list = g.byFirstChar.get(text[0] ?? '');
  return !!list?.some((c) => !c.strict && text.startsWith(c.text.slice(0, Math.min(3, c.text.length))));
}

/** "石家庄高新区" names the county-level 石家庄高新技术产业开发区. */
function expandZones(mentions: Mention[], text: string): Mention[] {
  const g = gazetteer();
  const zones: Record<string, string> = { 高新区: '高新技术产业开发区', 经开区: '经济技术开发区' };
  return mentions.flatMap((m) => {
    const city = m.divisions.find((d) => d.level === 2);
    const after = text.slice(m.at + m.text.length, m.at + m.text.length + 3);
    const zone = zones[after];
    if (!city || !zone) return [m];
    const county = [...g.byCode.values()].find((d) => d.parent === city && d.name.endsWith(zone));
    return county ? [m, { text: after, divisions: [county], at: m.at + m.text.length }] : [m];
  });
}

function ancestors(d: Division): Division[] {
  const chain: Division[] = [];
  for (let x: Division | null = d; x; x = x.parent) chain.unshift(x);
  return chain;
}

function regionName(d: Division): string {
  const names = ancestors(d)
    .map((x) => x.name)
    .filter((n) => !PLACEHOLDER.test(n));
  return names.filter((n, i) => names.indexOf(n) === i).join('');
}

/** The most specific area the mentions agree on, or null. */
export function resolveRegion(mentions: Mention[]): string | null {
  if (mentions.length === 0) return null;
  const mentioned = new Set(mentions.flatMap((m) => m.divisions.map((d) => d.code)));
  for (const level of [3, 2, 1] as const) {
    const candidates = mentions.flatMap((m) => m.divisions.filter((d) => d.level === level));
    if (candidates.length === 0) continue;
    const supported = candidates.filter((d) => ancestors(d).some((a) => a !== d && mentioned.has(a.code)));
    const pool = supported.length > 0 ? supported : candidates;
    const distinct = [...new Set(pool.map((d) => d.code))];
    if (distinct.length === 1) return regionName(pool[0]!);
  }
  return null;
}

/** Mentions printed back to back ("石家庄" + "高新区") name one area together. */
function adjacentClusters(mentions: Mention[]): Mention[][] {
  const clusters: Mention[][] = [];
  for (const m of mentions) {
    const last = clusters[clusters.length - 1];
    const prev = last?.[last.length - 1];
    if (last && prev && prev.at + prev.text.length === m.at) last.push(m);
    else clusters.push([m]);
  }
  return clusters;
}

/** Region from the first text that names one; `body` needs two mentions of the same area. */
export function inferRegion(primary: (string | null | undefined)[], body?: string): string | null {
  for (const text of primary) {
    if (!text) continue;
    const region = resolveRegion(findMentions(text));
    if (region) return region;
  }
  if (!body) return null;
  const counts = new Map<string, number>();
  for (const cluster of adjacentClusters(findMentions(body))) {
    const r = resolveRegion(cluster);
    if (r) counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  const best = [...counts.entries()].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0];
  return best ? best[0] : null;
}

/** Whether `text` is nothing but names of areas ("上海市", "上海市普陀区"): a place, not an organisation. */
export function isRegionName(text: string): boolean {
  const mentions = findMentions(text);
  if (mentions.length === 0) return false;
  let at = 0;
  for (const m of mentions) {
    if (m.at !== at) return false;
    at += m.text.length;
  }
  return at === text.length;
}

export type RegionLevel = 'province' | 'city' | 'county';

/**
 * The GB/T 2260 code and level of a region stored by its full name (inferRegion's output). The
 * codes are china-area-data's list, which is the current one: a county merged into a district
 * since the document's year carries its new code.
 */
export function regionCode(region: string | null): { code: string; level: RegionLevel } | null {
  if (!region) return null;
  const d = gazetteer().byFullName.get(region);
  if (!d) return null;
  // 北京市 is a province-level city: its code ends 0000 like a province's.
  return { code: d.code, level: d.level === 1 ? 'province' : d.level === 2 ? 'city' : 'county' };
}

/** The names of areas `text` begins with, each with the length it takes (江苏省 | 江苏). */
export function leadingRegionNames(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  for (;;) {
    const m = findMentions(rest)[0];
    if (!m || m.at !== 0) return out;
    out.push(m.text);
    rest = rest.slice(m.text.length);
  }
}

/** The division of a GB/T 2260 code (china-area-data's current list). */
export function divisionOfCode(code: string | null | undefined): Division | null {
  return code ? (gazetteer().byCode.get(code) ?? null) : null;
}

/** Divisions printed exactly as `name` (成都市, 攸县, 阿坝藏族羌族自治州). */
export function divisionsNamed(name: string): readonly Division[] {
  return gazetteer().byName.get(name) ?? [];
}

/** The divisions directly under one (a municipality's districts under the municipality itself). */
export function divisionsUnder(d: Division): readonly Division[] {
  return gazetteer().children.get(d.code) ?? [];
}

/** Whether `d` is `ancestor` or lies within it. */
export function isWithin(d: Division, ancestor: Division): boolean {
  for (let x: Division | null = d; x; x = x.parent) if (x.code === ancestor.code) return true;
  return false;
}

/** The level of a division as documents name it (a province-level city is a province). */
export function levelOf(d: Division): RegionLevel {
  return d.level === 1 ? 'province' : d.level === 2 ? 'city' : 'county';
}

/** The full name a document's region is stored as (河北省石家庄市鹿泉区). */
export function fullNameOf(d: Division): string {
  return regionName(d);
}
