/**
 * Figures stated in prose: "2024年度收入预算11897.36万元，其中：一般公共预算收入11897.36万元。
 * 2024年支出预算11897.36万元，其中基本支出1238.01万元，包括人员经费1089.3万元…".
 *
 * Each amount is named by the words just before it; whether it is a budget or an actual figure
 * comes from those words, else from the sentence it is in, else from the section heading.
 */
import type { Block } from '../../schemas/document.js';
import type { FactKey, FactRow } from '../../schemas/records.js';
import { asciiDigits } from '../../extractors/common/normalize.js';
import { parseAmount, type MoneyUnit } from './amounts.js';
import { AMOUNT_IN_TEXT } from '../../extractors/common/vocabulary.js';

/** A fact before the store gives it its document and verification its flag. */
export type FactDraft = Omit<FactRow, 'doc_id' | 'verified' | 'table_id' | 'cell_row' | 'cell_col' | 'x0' | 'y0' | 'x1' | 'y1'>;
type Basis = 'budget' | 'final';

const DIFFERENCE_TAIL = /(?:增加|减少|增长|下降|增|减|多|少|节约|超支|超出|相比|持平)了?\s*$/;
const COMPARED = /(?:比|较|与)(?:上年|去年|上一年|同期)/;
/** A paragraph that sets figures against the budget reports actuals ("比预算安排增加43.67万元"). */
const AGAINST_BUDGET = /比(?:年初)?预算(?:安排)?数?(?:增加|减少|增长|下降|多|少)/;
const FUND_NAMES = /一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算/g;
const FINAL_WORDS = /决算|实际|全年(?:共|实际)?支出|执行数|已支出/;
const BUDGET_WORDS = /预算|年初|安排/;

function basisOfWords(text: string): Basis | null {
  const t = text.replace(FUND_NAMES, '');
  if (/决算/.test(t)) return 'final';
  // "全年支出预算" is a budget figure, "全年支出" an actual one.
  if (FINAL_WORDS.test(t)) return BUDGET_WORDS.test(t) ? 'budget' : 'final';
  if (BUDGET_WORDS.test(t) && !/预算执行/.test(t)) return 'budget';
  return null;
}

/** The fact a label names, after the year, the department and the basis words are set aside. */
export function keyOfLabel(label: string): FactKey | null {
  // "（一）收入预算总计", "1．财政拨款收入": the numbering of a list item is not part of its name.
  const t = label
    .replace(/\s+/g, '')
    .replace(/[“”"]/g, '')
    .replace(/^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．](?!\d))/, '');
  const threePublic = threePublicKey(t);
  if (threePublic) return threePublic;
  // 本年收入预算, 本年预算收入, 当年支出小计: this year's figure, without the carry-over.
  if (/(?:本年|当年)度?(?:预算|决算)?收入(?:预算|决算)?(?:数|合计|小计)?(?:为|是)?$/.test(t)) return 'income_current_year';
  if (/(?:本年|当年)度?(?:预算|决算)?支出(?:预算|决算)?(?:数|合计|小计)?(?:为|是)?$/.test(t)) return 'expenditure_current_year';
  // The income a fund brings, named as such: "一般公共预算拨款收入", "政府性基金预算财政拨款收入",
  // not "一般公共预算财政拨款运行经费" or "…拨款政府采购".
  const FUND_INCOME = '(?:预算)?(?:财政)?(?:拨款)?(?:收入|收益)?(?:预算)?(?:数|合计)?(?:为|是)?$';
  if (new RegExp(`一般公共预算${FUND_INCOME}`).test(t)) return 'income_general_budget';
  if (new RegExp(`政府性基金${FUND_INCOME}`).test(t)) return 'income_gov_fund';
  if (new RegExp(`国有资本经营${FUND_INCOME}`).test(t)) return 'income_soe_capital';
  if (/一般公共预算|政府性基金|国有资本经营/.test(t)) return null;
  if (/财政拨款收(?:入)?(?:和)?支(?:出)?(?:决算|预算)?(?:总计|合计)$/.test(t)) return 'appropriation_total';
  if (/财政拨款收入$/.test(t)) return 'income_appropriation';
  const core = t
    .replace(/^.*(?:19|20)\d{2}年?度?/, '')
    .replace(/^(?:其中|包括|主要为|主要是|分别为|为|和|及|与|以及|共|合计|总计)[:：]?/g, '')
    .replace(/预算|决算|年初(?!结转)|安排|全年|本年度?|年度|部门|整体|总计|合计|总额|实际|共|数/g, '')
    // "2024年支出预算为…" states the total; a bare "支出决算为…" follows an item named before it;
    // a named item ("公用经费为…") is that item.
    .replace(/(?:为|是|达到?)$/, (m, at: number, whole: string) => (/(?:19|20)\d{2}年/.test(t) || /(?:基本|项目|人员|公用)(?:经费|支出)$|结[转余](?:资金)?$/.test(whole.slice(0, at)) ? '' : m));
  if (/^(?:上年|年初)结转(?:和|及)?结余(?:资金)?$|^上年结转(?:资金)?$/.test(core)) return 'carryover_begin';
  if (/^(?:年末|年终)结转(?:和|及)?结余(?:资金)?$|^结转下年(?:资金)?$/.test(core)) return 'carryover_end';
  if (/^(?:收入|总收入|收入、?支出|收、?支)$/.test(core)) return 'income_total';
  if (/^(?:支出|总支出)$/.test(core)) return 'expenditure_total';
  if (/^基本支出$/.test(core)) return 'basic_expenditure';
  if (/^(?:项目支出|项目)$/.test(core)) return 'project_expenditure';
  if (/^人员(?:经费|支出)$/.test(core)) return 'personnel_expenditure';
  if (/^(?:日常)?公用(?:经费|支出)$/.test(core)) return 'public_expenditure';
  return null;
}

/** The three-public figures a label names (“三公”经费…, 因公出国（境）费, 公务用车运维费 …). */
function threePublicKey(label: string): FactKey | null {
  // "包括公务用车购置费预算": the item, then the basis words.
  const t = label.replace(/^.*[（(]?其中[:：]?/, '').replace(/(?:(?:19|20)\d{2}年度?)?(?:(?:年初)?预算|决算)?(?:支出|数|安排)?(?:为|是|共)?$/, '');
  if (/因公出国/.test(t)) return 'three_public_abroad';
  if (/公务用车购置[及和与]运(?:行)?(?:维护|维)?费?$/.test(t)) return 'three_public_vehicles';
  if (/公务用车购置费?$/.test(t)) return 'three_public_vehicle_purchase';
  if (/公务用车运(?:行)?(?:维护|维)?费?$/.test(t)) return 'three_public_vehicle_operation';
  if (/公务接待费?$/.test(t)) return 'three_public_reception';
  if (/三公经费(?:支出)?(?:预算|决算)?(?:安排|支出|数)?(?:合计|总计|总额)?(?:为|是|共)?$/.test(label)) return 'three_public_total';
  return null;
}

interface ParagraphContext {
  text: string;
  page: number | null;
  sectionBasis: Basis | null;
}

/** Paragraphs with the budget/actual basis their heading (or a heading-like line) implies. */
function paragraphsWithContext(blocks: Block[]): ParagraphContext[] {
  const out: ParagraphContext[] = [];
  let sectionBasis: Basis | null = null;
  for (const b of blocks) {
    if (b.type === 'table') continue;
    const headingLike = b.type === 'heading' || (b.text.length <= 20 && !/[。，；,;]/.test(b.text));
    if (headingLike) {
      const budget = /预算/.test(b.text);
      const final = /决算/.test(b.text);
      sectionBasis = budget === final ? null : final ? 'final' : 'budget';
      // A heading that states a figure ("（三）上年结转结余15,107.25万元") is read like a paragraph.
      if (b.type === 'heading' && !new RegExp(AMOUNT_IN_TEXT.source).test(b.text)) continue;
    }
    out.push({ text: asciiDigits(b.text), page: b.prov.page ?? null, sectionBasis });
  }
  return out;
}

/**
 * The words just before an amount, back to the last clause break. An opening bracket breaks the
 * label only while it is still open ("…（其中：" starts a new label, "因公出国（境）费" is one).
 */
function labelBefore(text: string, start: number, from: number): string {
  const window = text.slice(from, start);
  const unclosed = (open: string, close: string, within = window) => {
    const at = within.lastIndexOf(open);
    return at > within.lastIndexOf(close) ? at : -1;
  };
  const cutIn = (within: string) => Math.max(...['，', ',', '；', ';', '：', ':', '。'].map((d) => within.lastIndexOf(d)), unclosed('（', '）', within), unclosed('(', ')', within));
  const cut = cutIn(window);
  const label = window.slice(cut + 1).trim();
  // "公务接待费：3.00万元": the figure right after a colon is named by the words before it.
  if (label === '' && cut >= 0 && /[：:]/.test(window[cut]!)) {
    const before = window.slice(0, cut);
    return before.slice(cutIn(before) + 1).trim();
  }
  return label;
}

/** The change a figure names against the year before, keyed by the figure it changes. */
const CHANGE_KEYS: Partial<Record<FactKey, FactKey>> = {
  income_total: 'income_total_change',
  expenditure_total: 'expenditure_total_change',
  basic_expenditure: 'basic_expenditure_change',
  project_expenditure: 'project_expenditure_change',
  three_public_total: 'three_public_total_change',
};

const DECREASE = /(?:减少|下降|降低|减|少|节约)了?\s*$/;
const INCREASE = /(?:增加|增长|提高|增|多|超支|超出)了?\s*$/;
const REASON = /^[，,]?\s*(主要(?:原因)?(?:是|为|系|在于)?[:：]?[^；;。]+)/;

/**
 * "基本支出减少87.11万元，主要是人员退休工资减少": the change of a headline figure against the
 * previous year, signed, with the reason given right after it. Changes against the budget
 * (比预算增加…, an execution variance) are not year-on-year changes and are left out.
 */
function changeFact(sentence: string, label: string, m: RegExpMatchArray, previousKey: FactKey | null, page: number | null): FactDraft | null {
  const comparedWith = label.replace(/^.*?(?:较|比|与)/, '');
  const namesAYear = /(?:19|20)\d{2}|上年|去年/.test(label);
  const againstBudget = AGAINST_BUDGET.test(label) || (/预算数?(?:增加|减少|增长|下降|多|少)/.test(comparedWith) && !namesAYear);
  if (againstBudget) return null;
  const sign = DECREASE.test(label) ? -1 : INCREASE.test(label) ? 1 : null;
  if (sign === null) return null;
  const base = label.replace(/(?:较|比|与).*$/, '').replace(DIFFERENCE_TAIL, '');
  const key = (base !== '' ? keyOfLabel(base) : null) ?? previousKey;
  const changeKey = key ? CHANGE_KEYS[key] : undefined;
  if (!changeKey) return null;
  const amount = parseAmount(m[1]!, m[2] as MoneyUnit);
  if (amount.kind !== 'amount') return null;
  const reason = REASON.exec(sentence.slice(m.index! + m[0].length))?.[1]?.trim() ?? null;
  return { key: changeKey, basis: null, subject: null, value_num: (sign * amount.fen) / 100, value_text: reason, unit: '元', raw: `${label}${m[0]}${reason ? `，${reason}` : ''}`, source: 'narrative', page };
}

/** A year or "last year" the label names that is not the document's own: a figure of another year. */
function namesAnotherYear(label: string, year: number | null): boolean {
  // 上年结转: this year's income carried over from last year, not last year's figure.
  if (/上年|去年|上一年|上年度|同期/.test(label.replace(/上年(?:度)?(?:财政拨款)?结[转余]/g, ''))) return true;
  if (year === null) return false;
  return [...label.matchAll(/((?:19|20)\d{2})\s*年/g)].some((m) => Number(m[1]) !== year);
}

/**
 * The figures a document's prose states as values (not changes, shares or other years' figures),
 * each keyed by the words just before it. `own.year`: the document's year, whose figures these
 * are; a figure labelled with another year ("比2025年年初预算数211,138.66万元") is not one.
 */
export function amountFacts(blocks: Block[], own: { year: number | null } = { year: null }): FactDraft[] {
  const facts: FactDraft[] = [];
  for (const p of paragraphsWithContext(blocks)) {
    const againstBudget = AGAINST_BUDGET.test(p.text);
    // "（一）因公出国（境）费用。2026年预算数383.38万元": a sentence naming only an item gives
    // the item of the figure the next sentence states without naming it.
    let topic: FactKey | null = null;
    for (const sentence of p.text.split(/(?<=[。！？])/)) {
      let carried: Basis | null = null;
      let previousKey: FactKey | null = null;
      let scope: string | null = null;
      let from = 0;
      const sentenceTopic = topic;
      topic = null;
      let amounts = 0;
      for (const m of figuresIn(sentence)) {
        amounts++;
        const start = m.index!;
        const label = labelBefore(sentence, start, from);
        from = start + m[0].length;
        if (DIFFERENCE_TAIL.test(label) || COMPARED.test(label)) {
          const change = changeFact(sentence, label, m, previousKey, p.page);
          if (change) facts.push(change);
          continue;
        }
        // "财政拨款支出总计为237,100.00万元，其中基本支出199,015.13万元": what follows is of
        // the appropriations, not the department's whole budget.
        if (APPROPRIATION_SCOPE.test(label)) scope = '财政拨款';
        let key = keyOfLabel(label) ?? (sentenceTopic && isBareLabel(label) ? sentenceTopic : null);
        // A department-wide total after an appropriations figure ends that figure's scope.
        if (scope && (key === 'expenditure_total' || key === 'income_total') && !/财政拨款/.test(label)) scope = null;
        const words = basisOfWords(label);
        if (words) carried = words;
        if (!key) continue;
        if (namesAnotherYear(label, own.year)) continue;
        // "项目预算安排20094.63万元，全年支出19837.72万元": a bare 支出 after a project figure in
        // the same sentence is that project spending, not the department's total.
        if (key === 'expenditure_total' && previousKey === 'project_expenditure' && !/总|合计|部门|整体/.test(label)) key = 'project_expenditure';
        previousKey = key;
        const basis: Basis | null = againstBudget ? 'final' : (words ?? carried ?? p.sectionBasis);
        const amount = parseAmount(m[1]!, (m[2] ?? '元') as MoneyUnit);
        if (amount.kind !== 'amount') continue;
        facts.push({
          key,
          basis,
          subject: scope && SCOPED_KEYS.has(key) ? scope : null,
          value_num: amount.fen / 100,
          value_text: null,
          unit: '元',
          raw: `${label}${m[0]}`,
          source: 'narrative',
          page: p.page,
        });
      }
      if (amounts === 0) topic = keyOfLabel(sentence.replace(/^\s*[（(][一二三四五六七八九十\d]+[)）]|^\s*[一二三四五六七八九十\d]+[、.．]/, '').replace(/[。！？]$/, ''));
    }
  }
  return dedupe(facts);
}

/** "事业收入为0；", "“三公”经费预算数为0，": nothing needs no unit. */
const ZERO_WITHOUT_UNIT = /(?<=[为是])\s*(0)(?![\d.%％万千亿元])(?=\s*(?:[，。；,;）)、]|$))/g;

/** The figures of a sentence, with their unit (none for a bare 0), in the order printed. */
function figuresIn(sentence: string): RegExpMatchArray[] {
  return [...sentence.matchAll(AMOUNT_IN_TEXT), ...sentence.matchAll(ZERO_WITHOUT_UNIT)].sort((a, b) => a.index! - b.index!);
}

/** A label that names no item, only the year or basis: "2026年预算数", "预算安排". */
const BARE_LABEL = /^(?:(?:19|20)\d{2}年度?)?(?:年初)?(?:预算|决算|执行)?(?:数|安排|金额)?(?:为|是)?$/;
const isBareLabel = (label: string) => {
  const t = label.replace(/\s+/g, '');
  // It must name the year or the basis: an empty label (after a colon) or a lone 为 names nothing.
  return BARE_LABEL.test(t) && /(?:19|20)\d{2}|预算|决算|执行|数|安排/.test(t);
};
/** The head of a sentence about appropriations only (财政拨款支出总计, 一般公共预算财政拨款支出). */
const APPROPRIATION_SCOPE = /财政拨款.*支出|支出.*财政拨款|一般公共预算(?:财政)?拨款.*支出/;
/** The facts that a scope narrows (the three public expenses are appropriations by definition). */
const SCOPED_KEYS: ReadonlySet<FactKey> = new Set(['expenditure_total', 'expenditure_current_year', 'basic_expenditure', 'project_expenditure', 'personnel_expenditure', 'public_expenditure']);

function dedupe(facts: FactDraft[]): FactDraft[] {
  const seen = new Set<string>();
  return facts.filter((f) => {
    const id = `${f.key}|${f.basis}|${f.subject}|${f.value_num}|${f.value_text}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

interface Pattern {
  key: FactKey;
  re: RegExp;
  unit: string;
}

const COUNT_PATTERNS: Pattern[] = [
  { key: 'budget_execution_rate', re: /执行率\s*(?:为|达到|达|是)?\s*(\d+(?:\.\d+)?)\s*%/, unit: '%' },
  { key: 'projects_evaluated', re: /(?:自评|评价)项目共\s*(\d+)\s*个/, unit: '个' },
  { key: 'projects_evaluated', re: /对[^。；]{0,30}?(\d+)\s*个项目(?:全面)?(?:开展|进行)/, unit: '个' },
  { key: 'projects_excellent', re: /(?:评价等级为|等级为|评为|评价为|等次为)\s*[“"‘']?优秀?[”"’']?\s*(?:的)?(?:项目)?\s*(\d+)\s*个/, unit: '个' },
  { key: 'staff_count', re: /(?:在编|在职|编制|人员)[^。]*?(?:合计|共计|总计|共有|共)\s*(\d+)\s*人/, unit: '人' },
  { key: 'staff_count', re: /(?:年底|年末|现有)?(?:在职|在编)(?:人员|职工)?(?:共|合计)?\s*(\d+)\s*人/, unit: '人' },
];

/** Counts and rates in prose: execution rate, projects evaluated and rated 优, staff. */
export function countFacts(blocks: Block[]): FactDraft[] {
  const facts: FactDraft[] = [];
  const paragraphs = paragraphsWithContext(blocks);
  for (const pattern of COUNT_PATTERNS) {
    if (facts.some((f) => f.key === pattern.key)) continue;
    for (const p of paragraphs) {
      const m = pattern.re.exec(p.text);
      if (!m) continue;
      facts.push({ key: pattern.key, basis: null, subject: null, value_num: Number(m[1]), value_text: null, unit: pattern.unit, raw: m[0], source: 'narrative', page: p.page });
      break;
    }
  }
  return facts;
}
