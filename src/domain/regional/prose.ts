/**
 * Region figures stated in prose: "全市一般公共预算收入完成2736亿元，增长5%", "2025年底，全市政府
 * 债务余额为16782亿元……一般债务余额3957亿元". A figure counts when the words just before it end by
 * naming one of the keys (facets.ts), so "教育支出3.2亿元" and "比上年增加8亿元" do not; its year,
 * basis and scope come from those words, else from the sentence before it, else from the heading
 * it is under. The region is the document's (home): whole for 全市/全省, own level for 市本级.
 */
import type { Block } from '../../../schemas/document.js';
import { asciiDigits } from '../../../extractors/common/normalize.js';
import { AMOUNT_IN_TEXT } from '../../../extractors/common/vocabulary.js';
import { parseAmount, type MoneyUnit } from '../amounts.js';
import type { Division } from '../region.js';
import { clauseNamesAFigure, combine, facetsOf, figureName, fundOf, isDebtSubject, subjectAfter, type Facets, type Subject } from './facets.js';
import { findMentions, leadingRegionNames } from '../region.js';
import { namesLowerLevels, resolveRegion } from './regions.js';
import type { RegionFigureDraft } from './figures.js';

export interface ProseContext {
  home: Division | null;
  /** The year the report is about (its title's first year), for figures that name none. */
  year: number | null;
}

/** Clause breaks: a label runs from the last of these to its figure. */
const CLAUSE_BREAK = /[，,；;：:。！？、（(）)—－]/g;

/** Words of a figure that is no level: a change, a share, a comparison. */
const NOT_A_LEVEL = /增加|减少|增长|下降|增收|减收|增支|减支|增幅|比上年|同比|较上年|比年初|超收|短收|占|为预算的|缺口|差额/;

/** How a report names its region's whole or own level: 全市, 市本级, 市级. */
const SCOPE_WORD = /全(?:省|市|区|州|县|盟|旗)|(?:省|市|自治区|区|州|县|盟|旗)?本级|(?:省|市|州|县)级/;

/** Comparisons in a sentence's head name another year or basis than the figure's: 比上年, 为预算的. */
const COMPARISON = /(?:比|较|与|同)(?:上年|去年|(?:19|20)\d{2}年|年初预算|预算|调整预算)[^，,。；;]*|为(?:年初|调整)?预算的[^，,。；;]*|完成(?:年初|调整)?预算的[^，,。；;]*/g;

/** Heads of figures that are no year's level: several years at once, or a year up to a day. */
const NOT_A_YEAR = /十[一二三四五六七八九]五|五年来|期间累计|(?:19|20)?\d{0,4}年?\d{1,2}月\d{1,2}日/;

/**
 * The first figure of a sentence whose clause names nothing but its verb (完成176.71亿元) is what
 * the clause before it names (全市一般公共预算收入预期目标增长3%，完成…).
 */
function headSubject(before: string, label: string): Subject | null {
  if (figureName(label) !== '') return null;
  const clause = before.replace(/[，,；;：:]+$/, '').split(/[，,；;：:]/).pop() ?? '';
  const subjects = facetsOf(clause).subjects;
  return subjects.length === 1 ? subjects[0]! : null;
}

/**
 * A part of a debt figure named by its part alone: 一般债务511.87亿元 after the debt's balance (分性质
 * 看), 市本级397.57亿元 after it by level (分级次看); the levels below (市县级) are none of home's.
 */
function partOfDebt(label: string, last: Subject | null, home: Division | null): Subject | null {
  if (!last || !isDebtSubject(last)) return null;
  const name = figureName(label);
  if (/^(?:一般|专项)(?:债务|债券)$/.test(name)) return last;
  if (name === '' && /本级|(?:省|市|州|县)级/.test(label) && !namesLowerLevels(label, home)) return last;
  return null;
}

/** The budgets besides the general one: a transfer named in their sentences is theirs. */
const OTHER_FUNDS = /政府性基金|国有资本经营|社会保险基金/;

/** The regions' words for "all levels": the whole. */
const ALL_LEVELS = /各级|全口径/;

function cleanLabel(label: string): string {
  return label.replace(/[“”"‘’]/g, '');
}

interface Heading {
  facets: Facets;
  /** Whether the heading is about another region or a zone (home: about the document's own). */
  about: About;
}

/** Whose figures a text states: home's (全市, 市本级, the home's name), another region's or a zone's, or it does not say. */
type About = 'home' | 'other' | null;

/** A zone named in running text: 宿迁经开区, 湖滨新区, 长白山管委会. */
const ZONE_IN_TEXT = /[\u4e00-\u9fa5]{0,8}(?:经开区|开发区|高新区|示范区|试验区|管委会|度假区|合作区)|[\u4e00-\u9fa5]{2,8}(?:新区|园区)/;



/**
 * Under a budget's heading (（二）政府性基金预算), a sentence opening 收入预算安排97.8亿元 or 支出完成
 * 3.46亿元 states that budget's revenue or expenditure; 收入 alone, without its verb, names nothing.
 */
function fundSide(label: string, fund: Subject | null): Subject | null {
  const name = figureName(label);
  // 收入 alone, nothing set aside around it, is the tail of a name the page broke (税收|收入55.67亿元).
  if (!fund || (name !== '收入' && name !== '支出') || name === label) return null;
  return subjectAfter(name, fund);
}

/** Whether a text names home by its name or its kind (宁夏回族自治区, 宁夏, 自治区; 鄂州市, 鄂州). */
function namesHome(text: string, home: Division | null): boolean {
  if (!home) return false;
  const short = home.name.replace(/(?:[\u4e00-\u9fa5]{1,4}族)*(?:自治区|自治州|省|市|地区|盟)$/, '');
  return text.includes(home.name) || (short.length >= 2 && text.includes(short)) || (/自治区$/.test(home.name) && /自治区(?!本级|级)/.test(text)) || (/自治州$/.test(home.name) && /自治州(?!本级|级)/.test(text));
}

function aboutOf(text: string, home: Division | null): About {
  const scope = facetsOf(text).scope;
  for (const m of findMentions(text)) {
    const r = resolveRegion(m.text, { home });
    if (r.division && home && r.division.code !== home.code) return 'other';
  }
  if (ZONE_IN_TEXT.test(text) || namesLowerLevels(text, home)) return 'other';
  if (scope || (home && text.includes(home.name.replace(/(?:市|省|自治区|自治州|地区|盟)$/, '')))) return 'home';
  return null;
}

/** Paragraph texts with the facets of the headings above them (year, basis and scope of a section). */
interface Paragraph {
  text: string;
  page: number | null;
  /** The facets of the headings above, nearest first. */
  context: Facets[];
  about: About;
  /** The budget the nearest heading naming one is about (（二）政府性基金预算): 收入 alone under it is its revenue. */
  fund: Subject | null;
}

function paragraphsOf(blocks: readonly Block[], home: Division | null): Paragraph[] {
  const out: Paragraph[] = [];
  const stack: { level: number; heading: Heading; fund: Subject | null }[] = [];
  for (const b of blocks) {
    if (b.type === 'table') continue;
    const text = asciiDigits(b.text).replace(/\s+/g, '');
    const headingLike = b.type === 'heading' || (text.length <= 30 && !/[。；;]/.test(text) && !new RegExp(AMOUNT_IN_TEXT.source).test(text));
    if (headingLike) {
      const level = b.type === 'heading' ? b.level : 8;
      while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
      stack.push({ level, heading: { facets: facetsOf(text), about: aboutOf(text, home) }, fund: fundOf(text) });
      continue;
    }
    const about = [...stack].reverse().find((s) => s.heading.about)?.heading.about ?? null;
    const fund = [...stack].reverse().find((s) => s.fund)?.fund ?? null;
    out.push({ text, page: b.prov.page ?? null, context: stack.map((s) => s.heading.facets).reverse(), about, fund });
  }
  return out;
}

/** The figures a government report's prose states. */
export function proseFigures(blocks: readonly Block[], ctx: ProseContext): RegionFigureDraft[] {
  const out: RegionFigureDraft[] = [];
  if (!ctx.home) return out;
  for (const p of paragraphsOf(blocks, ctx.home)) {
    let about = p.about;
    // What the paragraph said of year, basis and scope carries on to its next sentences (2025年底，
    // 全市政府债务余额为…。按类型分，一般债务余额…), until a sentence says otherwise.
    let carried: Facets = { subjects: [] };
    let lastSubject: Subject | null = null;
    let fund = p.fund;
    for (const printed of p.text.split(/(?<=[。！？；;])/)) {
      // Notes in brackets without figures ((预计完成数，下同), (以下简称“预算”)) are set aside.
      const sentence = printed.replace(/[（(][^（）()\d]*[）)]/g, '');
      // A sentence of words only that names a budget heads what follows (2.政府性基金预算。收入预算安排…).
      if (!new RegExp(AMOUNT_IN_TEXT.source).test(sentence)) fund = fundOf(sentence) ?? fund;
      let from = 0;
      // The figure before in the sentence: its subject when it was a key, null when it was none; and
      // whether a figure that was none named a budget (…收入总计0.54亿元，其中：…收入0.13亿元).
      let previous: Subject | null = null;
      let previousNamedBudget = false;
      // Once the parts of a figure that is no key begin (必要性支出217.8亿元，其中：…), the sentence names none.
      let partsOfNone = false;
      let seen = false;
      // A sentence about another region or a zone (宿迁经开区政府性基金收入…) and those after it in
      // the paragraph state that one's figures, until one is about home again (全市, 市本级). The
      // clause that names the first figure says first (经汇总县市区数据，全市…收入 is home's).
      const head = sentence.slice(0, sentence.search(new RegExp(AMOUNT_IN_TEXT.source)) >>> 0);
      const lastClause = head.split(/[，,；;：:]/).pop() ?? head;
      about = aboutOf(lastClause, ctx.home) ?? aboutOf(head, ctx.home) ?? about;
      if (about === 'other') continue;
      // Figures over several years (“十四五”期间…累计) or up to a day (截至2026年2月4日) are no year's.
      if (NOT_A_YEAR.test(head)) continue;
      // A sentence carries on the paragraph's year, basis and level unless its head says otherwise
      // (2025年底，全市…); a head that names home itself (核定下达自治区…限额) is about the whole.
      const opening = facetsOf(head.replace(COMPARISON, ''));
      if (opening.year !== undefined) carried = { ...carried, year: opening.year };
      if (opening.basis) carried = { ...carried, basis: opening.basis };
      if (opening.scope) carried = { ...carried, scope: opening.scope };
      else if (namesHome(head, ctx.home)) carried = { ...carried, scope: 'whole' };
      for (const m of sentence.matchAll(AMOUNT_IN_TEXT)) {
        const at = m.index!;
        const before = sentence.slice(from, at);
        from = at + m[0].length;
        const breaks = [...before.matchAll(CLAUSE_BREAK)];
        const label = cleanLabel(before.slice(breaks.length ? breaks[breaks.length - 1]!.index! + 1 : 0));
        const upTo = cleanLabel(sentence.slice(0, at));
        const own = facetsOf(label);
        const first = !seen;
        seen = true;
        const prior: Subject | null = previous;
        const priorNamedBudget: boolean = previousNamedBudget;
        previous = null;
        previousNamedBudget = fundOf(label) !== null;
        // The region's level the sentence named before this clause carries on (全市…，其中市本级…);
        // its year and basis come from the sentence's head, not from comparisons between figures
        // (…，比2024年增长5%，为预算的98%，其中税收收入…).
        const clause = facetsOf(upTo.slice(0, upTo.length - label.length));
        if (clause.scope) carried = { ...carried, scope: clause.scope };
        if (ALL_LEVELS.test(upTo)) carried = { ...carried, scope: carried.scope ?? 'whole' };
        if (own.scope) carried = { ...carried, scope: own.scope };
        if (own.year !== undefined) carried = { ...carried, year: own.year };
        // A figure in brackets is a part of the one before them, a key only when that one is
        // (结存限额401亿元（一般债务限额181亿元…） is no ceiling).
        const bracketed = (upTo.match(/[（(]/g)?.length ?? 0) > (upTo.match(/[）)]/g)?.length ?? 0);
        if (bracketed) {
          // …限额283.26亿元（含高新区73.16亿元），其中：… the figure before the brackets goes on.
          previous = prior;
          previousNamedBudget = priorNamedBudget;
          if (!prior) continue;
        }
        if (NOT_A_LEVEL.test(label)) continue;
        // The label names the figure and nothing else (after the region's own name: 重庆市一般公共预算收入),
        // or names only its basis after a figure that named it (…年初预算为184.2亿元，实际完成189.3亿元).
        const named = leadingRegionNames(label).join('');
        // The first figure of a sentence under a budget's heading (收入预算安排97.8亿元) is that budget's.
        const inherited =
          subjectAfter(label.slice(named.length), prior) ??
          (first ? (fundSide(label, lastSubject ?? fund) ?? headSubject(upTo.slice(0, upTo.length - label.length), label)) : null) ??
          partOfDebt(label, lastSubject, ctx.home);
        if (!clauseNamesAFigure(label.slice(named.length)) && !inherited) continue;
        if (inherited) own.subjects = [inherited];
        // 新增债务限额1665亿元。其中，一般债务限额295亿元: the parts of a new ceiling are new ceilings.
        const partOf = /其中/.test(upTo);
        if (partOf && lastSubject === 'debt_new' && own.subjects.length === 1 && own.subjects[0] === 'debt_limit') own.subjects = ['debt_new'];
        // 必要性支出217.8亿元，其中：一般公共预算支出215.9亿元: parts of a figure that is no key are none.
        if (partsOfNone || (partOf && !first && !prior && !priorNamedBudget)) {
          partsOfNone = true;
          continue;
        }
        // 上级补助收入 is the general budget's transfer; a fund's (政府性基金…加上级补助收入) is not the key.
        if (own.subjects.includes('transfer_from_higher') && OTHER_FUNDS.test(upTo)) continue;
        previous = own.subjects.length === 1 ? own.subjects[0]! : null;
        lastSubject = previous;
        const scope = own.scope ?? (ALL_LEVELS.test(label) ? 'whole' : undefined) ?? carried.scope ?? p.context.find((c) => c.scope)?.scope ?? null;
        const sources: Facets[] = [
          { ...own, scope: undefined, skip: undefined },
          { subjects: [], year: carried.year, basis: carried.basis },
          ...p.context.map((c) => ({ ...c, subjects: [], skip: undefined, scope: undefined, component: undefined })),
        ];
        const meaning = combine(sources, { year: ctx.year, basis: null });
        if (!meaning) continue;
        // In a report on one year's execution and the next year's draft, a figure of a later year
        // is a budget figure whatever its verb (2026年…收入预计2818亿元).
        if (ctx.year !== null && meaning.year > ctx.year) meaning.basis = 'budget';
        const amount = parseAmount(m[1]!, m[2] as MoneyUnit);
        if (amount.kind !== 'amount') continue;
        out.push({
          region: SCOPE_WORD.exec(label)?.[0] ?? SCOPE_WORD.exec(upTo)?.[0] ?? (scope === 'own_level' ? '本级' : ctx.home.name),
          division: ctx.home,
          scope,
          fiscal_year: meaning.year,
          basis: meaning.basis,
          key: meaning.key,
          value_fen: amount.fen,
          unit: m[2]!,
          raw: m[0],
          source: 'narrative',
          context: sentence.length > 300 ? `${sentence.slice(Math.max(0, at - 150), at + 150)}` : sentence,
          page: p.page,
        });
      }
    }
  }
  return dedupe(out);
}

/** A figure stated twice (a summary, then its section) is one figure. */
function dedupe(figures: RegionFigureDraft[]): RegionFigureDraft[] {
  const seen = new Set<string>();
  return figures.filter((f) => {
    const id = [f.scope, f.key, f.fiscal_year, f.basis, f.value_fen].join('|');
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
