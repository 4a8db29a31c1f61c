/**
 * Word's automatic numbering, printed into the text the way Word shows it.
 *
 * Chinese reports often number their headings through numbering.xml — 一、 from a
 * chineseCountingThousand level with the text "%1、", （一） from "（%1）" — so the number is not
 * in the paragraph's text at all. mammoth turns such paragraphs into HTML lists ("1. 2. 3."), and
 * the heading parsers, which read 一、/（一）/1. from the text, would lose them. So before mammoth
 * reads the body, each numbered paragraph gets its label (counted as Word counts) written into
 * document.xml as a leading text run, and mammoth is not shown the numbering part.
 *
 * Counting follows Word: counters belong to the abstract numbering, so paragraphs on two w:num
 * instances of one abstract continue one sequence unless a w:startOverride restarts it; a level
 * restarts when a shallower level advances; a paragraph takes its numbering from its own w:numPr,
 * else from its style's (through w:basedOn); w:numId 0 switches numbering off.
 */
import { walkXml } from '../common/xml-walk.js';
import { escapeXml, intVal, type Edit } from './xml.js';

type Suffix = 'tab' | 'space' | 'nothing';

interface Level {
  start: number;
  format: string;
  /** The label template, "%1、" or "（%2）": %N is level N's counter. */
  text: string;
  suffix: Suffix;
  /** w:isLgl: every %N shown as a decimal ("1.1" under a 一、 outline). */
  legal: boolean;
  /** w:pStyle: the paragraph style numbered at this level when the style names no level. */
  styleId: string | null;
}

interface AbstractNumbering {
  levels: Map<number, Level>;
  /** w:numStyleLink: the definition lives in the numbering style of this id. */
  styleLink: string | null;
}

interface NumInstance {
  abstractId: string;
  startOverrides: Map<number, number>;
}

interface ParagraphStyle {
  numId: string | null;
  ilvl: number | null;
  basedOn: string | null;
}

export interface NumberingDefinitions {
  abstracts: Map<string, AbstractNumbering>;
  nums: Map<string, NumInstance>;
  styles: Map<string, ParagraphStyle>;
  defaultParagraphStyle: string | null;
}

function readNumberingPart(xml: string): Pick<NumberingDefinitions, 'abstracts' | 'nums'> {
  const abstracts = new Map<string, AbstractNumbering>();
  const nums = new Map<string, NumInstance>();
  let abstract: AbstractNumbering | null = null;
  let level: (Level & { ilvl: number }) | null = null;
  let num: NumInstance | null = null;
  let overrideLevel: number | null = null;
  walkXml(xml, {
    open(name, attrs) {
      switch (name) {
        case 'w:abstractNum':
          abstract = { levels: new Map(), styleLink: null };
          abstracts.set(attrs['w:abstractNumId'] ?? '', abstract);
          break;
        case 'w:numStyleLink':
          if (abstract) abstract.styleLink = attrs['w:val'] ?? null;
          break;
        case 'w:lvl':
          if (abstract) {
            level = { ilvl: Number.parseInt(attrs['w:ilvl'] ?? '0', 10) || 0, start: 1, format: 'decimal', text: '', suffix: 'tab', legal: false, styleId: null };
            abstract.levels.set(level.ilvl, level);
          }
          break;
        case 'w:start':
          if (level) level.start = intVal(attrs) ?? 1;
          break;
        case 'w:numFmt':
          if (level) level.format = attrs['w:val'] ?? 'decimal';
          break;
        case 'w:lvlText':
          if (level) level.text = attrs['w:val'] ?? '';
          break;
        case 'w:suff':
          if (level) level.suffix = (attrs['w:val'] as Suffix | undefined) ?? 'tab';
          break;
        case 'w:pStyle':
          if (level) level.styleId = attrs['w:val'] ?? null;
          break;
        case 'w:isLgl':
          if (level) level.legal = attrs['w:val'] !== '0' && attrs['w:val'] !== 'false';
          break;
        case 'w:num':
          num = { abstractId: '', startOverrides: new Map() };
          nums.set(attrs['w:numId'] ?? '', num);
          break;
        case 'w:abstractNumId':
          if (num) num.abstractId = attrs['w:val'] ?? '';
          break;
        case 'w:lvlOverride':
          overrideLevel = Number.parseInt(attrs['w:ilvl'] ?? '0', 10) || 0;
          break;
        case 'w:startOverride':
          if (num && overrideLevel !== null) num.startOverrides.set(overrideLevel, intVal(attrs) ?? 1);
          break;
      }
    },
    close(name) {
      if (name === 'w:abstractNum') abstract = null;
      else if (name === 'w:lvl') level = null;
      else if (name === 'w:num') num = null;
      else if (name === 'w:lvlOverride') overrideLevel = null;
    },
  });
  return { abstracts, nums };
}

function readStylesPart(xml: string): Pick<NumberingDefinitions, 'styles' | 'defaultParagraphStyle'> {
  const styles = new Map<string, ParagraphStyle>();
  let defaultParagraphStyle: string | null = null;
  let style: ParagraphStyle | null = null;
  walkXml(xml, {
    open(name, attrs) {
      if (name === 'w:style') {
        style = null;
        if (attrs['w:type'] !== 'paragraph' && attrs['w:type'] !== 'numbering') return;
        const id = attrs['w:styleId'] ?? '';
        style = { numId: null, ilvl: null, basedOn: null };
        styles.set(id, style);
        if (attrs['w:type'] === 'paragraph' && (attrs['w:default'] === '1' || attrs['w:default'] === 'true')) defaultParagraphStyle = id;
      } else if (style && name === 'w:basedOn') style.basedOn = attrs['w:val'] ?? null;
      else if (style && name === 'w:numId') style.numId = attrs['w:val'] ?? null;
      else if (style && name === 'w:ilvl') style.ilvl = intVal(attrs);
    },
    close(name) {
      if (name === 'w:style') style = null;
    },
  });
  return { styles, defaultParagraphStyle };
}

/** The numbering definitions of a package, from its numbering and styles parts (either may be absent). */
export function readNumberingDefinitions(numberingXml: string, stylesXml: string | null): NumberingDefinitions {
  return { ...readNumberingPart(numberingXml), ...(stylesXml ? readStylesPart(stylesXml) : { styles: new Map(), defaultParagraphStyle: null }) };
}

const CN_DIGITS = '零一二三四五六七八九';
const CN_LEGAL_DIGITS = '零壹贰叁肆伍陆柒捌玖';

/** 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五: numbers as written in running text. */
function chineseCount(n: number, digits: string, ten: string, hundred: string, thousand: string): string {
  if (n <= 0 || n >= 10000) return String(n);
  const units = ['', ten, hundred, thousand];
  const parts = String(n).split('').map(Number).reverse();
  let out = '';
  let zeroPending = false;
  for (let i = parts.length - 1; i >= 0; i--) {
    const d = parts[i]!;
    if (d === 0) {
      zeroPending = out !== '';
      continue;
    }
    if (zeroPending) out += digits[0];
    zeroPending = false;
    // 十一, not 一十一, when ten leads (in running text; the legal form keeps 壹拾).
    out += (i === 1 && d === 1 && out === '' && digits === CN_DIGITS ? '' : digits[d]!) + units[i]!;
  }
  return out;
}

function letters(n: number, a: string): string {
  // Word repeats the letter: 27 → AA, 28 → BB.
  const letter = String.fromCharCode(a.charCodeAt(0) + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: ReadonlyArray<readonly [number, string]> = [
    [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
    [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
  ];
  let out = '';
  for (const [value, symbol] of table) {
    while (n >= value) {
      out += symbol;
      n -= value;
    }
  }
  return out;
}

const inRange = (n: number, max: number, first: number): string | null => (n >= 1 && n <= max ? String.fromCodePoint(first + n - 1) : null);
const cycle = (n: number, symbols: string): string => symbols[(n - 1) % symbols.length]!;

/** A counter in one of ECMA-376's number formats (ST_NumberFormat); unknown formats as decimals. */
export function formatCounter(n: number, format: string): string {
  switch (format) {
    case 'none':
    case 'bullet':
      return '';
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return chineseCount(n, CN_DIGITS, '十', '百', '千');
    case 'chineseLegalSimplified':
      return chineseCount(n, CN_LEGAL_DIGITS, '拾', '佰', '仟');
    case 'ideographTraditional':
      return cycle(n, '甲乙丙丁戊己庚辛壬癸');
    case 'ideographZodiac':
      return cycle(n, '子丑寅卯辰巳午未申酉戌亥');
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return inRange(n, 20, 0x2460) ?? String(n);
    case 'decimalEnclosedParen':
      return inRange(n, 20, 0x2474) ?? `(${n})`;
    case 'decimalEnclosedFullstop':
      return inRange(n, 20, 0x2488) ?? `${n}.`;
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'upperLetter':
      return letters(n, 'A');
    case 'lowerLetter':
      return letters(n, 'a');
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    default:
      return String(n);
  }
}

interface ParagraphScan {
  /** Offset after the start tag, then after </w:pPr> once seen. */
  insertAt: number;
  /** Whether the paragraph has text of its own (not counting paragraphs nested in it). */
  hasText: boolean;
  numId: string | null;
  ilvl: number | null;
  styleId: string | null;
}

/** Counts the numbered paragraphs as Word does and returns the label of each. */
export class NumberingCounter {
  private readonly counters = new Map<string, (number | undefined)[]>();
  private readonly starts = new Map<string, Map<number, number>>();
  private readonly numsSeen = new Set<string>();

  constructor(private readonly defs: NumberingDefinitions) {}

  /** The num instance (and level, when named) a paragraph is numbered with, from its own properties or its style chain. */
  private numberingOf(p: Pick<ParagraphScan, 'numId' | 'ilvl' | 'styleId'>): { numId: string; ilvl: number | null } | null {
    let { numId, ilvl } = p;
    const seen = new Set<string>();
    for (let id = p.styleId ?? this.defs.defaultParagraphStyle; id && !seen.has(id); ) {
      seen.add(id);
      const style = this.defs.styles.get(id);
      if (!style) break;
      numId ??= style.numId;
      ilvl ??= style.ilvl;
      id = style.basedOn;
    }
    if (numId === null || numId === '0') return null;
    return { numId, ilvl };
  }

  /** The abstract definition behind a num instance, following numbering-style links. */
  private abstractOf(numId: string): [string, AbstractNumbering] | null {
    const seen = new Set<string>();
    let id: string | null = numId;
    while (id !== null && !seen.has(id)) {
      seen.add(id);
      const abstractId: string | undefined = this.defs.nums.get(id)?.abstractId;
      const abstract: AbstractNumbering | undefined = abstractId === undefined ? undefined : this.defs.abstracts.get(abstractId);
      if (!abstract || abstractId === undefined) return null;
      if (abstract.styleLink === null || abstract.levels.size > 0) return [abstractId, abstract];
      id = this.defs.styles.get(abstract.styleLink)?.numId ?? null;
    }
    return null;
  }

  /** Advances the counter for one paragraph and returns its label ('' when it has none). */
  next(p: Pick<ParagraphScan, 'numId' | 'ilvl' | 'styleId'>): { label: string; suffix: Suffix } | null {
    const numbering = this.numberingOf(p);
    if (!numbering) return null;
    const found = this.abstractOf(numbering.numId);
    if (!found) return null;
    const [abstractId, abstract] = found;
    const styleId = p.styleId ?? this.defs.defaultParagraphStyle;
    const ilvl = numbering.ilvl ?? [...abstract.levels].find(([, l]) => l.styleId !== null && l.styleId === styleId)?.[0] ?? 0;
    const level = abstract.levels.get(ilvl);
    if (!level) return null;

    const counters = this.counters.get(abstractId) ?? [];
    this.counters.set(abstractId, counters);
    const starts = this.starts.get(abstractId) ?? new Map<number, number>();
    this.starts.set(abstractId, starts);
    const instance = this.defs.nums.get(numbering.numId);
    if (instance && !this.numsSeen.has(numbering.numId)) {
      this.numsSeen.add(numbering.numId);
      for (const [ilvl, start] of instance.startOverrides) {
        starts.set(ilvl, start);
        counters[ilvl] = undefined;
      }
    }
    const startOf = (ilvl: number) => starts.get(ilvl) ?? abstract.levels.get(ilvl)?.start ?? 1;
    counters[ilvl] = (counters[ilvl] ?? startOf(ilvl) - 1) + 1;
    for (let deeper = ilvl + 1; deeper < counters.length; deeper++) counters[deeper] = undefined;

    const label = level.text.replace(/%([1-9])/g, (_, d: string) => {
      const shown = Number(d) - 1;
      const format = level.legal ? 'decimal' : (abstract.levels.get(shown)?.format ?? 'decimal');
      return formatCounter(counters[shown] ?? startOf(shown), format);
    });
    // Bullet glyphs are symbol-font code points; the walker's list marker stands in for them.
    return { label: level.format === 'bullet' ? '•' : label, suffix: level.format === 'bullet' ? 'space' : level.suffix };
  }
}

/** What separates a label from the text: nothing after 、 or a closing bracket, else a space. */
function labelRun(label: string, suffix: Suffix): string {
  const gap = suffix !== 'nothing' && !/[、）)]$/.test(label) ? ' ' : '';
  const text = escapeXml(label + gap);
  return `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
}

/**
 * The labels of document.xml's numbered paragraphs, as insertions at the start of each. Paragraphs under
 * mc:Choice are not counted: mammoth reads the mc:Fallback copy of the same content.
 */
export function numberingEdits(documentXml: string, defs: NumberingDefinitions): Edit[] {
  const counter = new NumberingCounter(defs);
  const labels: Edit[] = [];
  const stack: string[] = [];
  const paragraphs: ParagraphScan[] = [];
  let choiceDepth = 0;
  const parentIs = (...names: string[]) => names.every((n, i) => stack[stack.length - names.length + i] === n);
  walkXml(documentXml, {
    open(name, attrs, _start, end, selfClosing) {
      if (name === 'mc:Choice') choiceDepth++;
      const p = paragraphs[paragraphs.length - 1];
      if (name === 'w:p') paragraphs.push({ insertAt: end + 1, hasText: false, numId: null, ilvl: null, styleId: null });
      else if (p && name === 'w:t' && !selfClosing) p.hasText = true;
      else if (p && name === 'w:pStyle' && parentIs('w:p', 'w:pPr')) p.styleId = attrs['w:val'] ?? null;
      else if (p && name === 'w:numId' && parentIs('w:p', 'w:pPr', 'w:numPr')) p.numId = attrs['w:val'] ?? null;
      else if (p && name === 'w:ilvl' && parentIs('w:p', 'w:pPr', 'w:numPr')) p.ilvl = intVal(attrs);
      stack.push(name);
    },
    close(name, _start, end) {
      stack.pop();
      if (name === 'mc:Choice') choiceDepth--;
      const p = paragraphs[paragraphs.length - 1];
      if (p && name === 'w:pPr' && stack[stack.length - 1] === 'w:p') p.insertAt = end + 1;
      if (name !== 'w:p' || !p) return;
      paragraphs.pop();
      if (choiceDepth > 0) return;
      const numbered = counter.next(p);
      // An empty numbered paragraph still counts, as in Word, but a lone label would be noise.
      if (numbered && numbered.label !== '' && p.hasText) labels.push({ from: p.insertAt, to: p.insertAt, text: labelRun(numbered.label, numbered.suffix) });
    },
  });
  return labels;
}
