/**
 * Reading an XLSX package into sheets of cells, by hand on htmlparser2's streaming XML parser.
 *
 * Why not exceljs: it refuses whole workbooks over things budget files do — LibreOffice's XLSX of
 * a WPS-made XLS carries overlapping merged ranges, and exceljs throws "Cannot merge already
 * merged cells" for the file — and it builds a full object model we do not need. What we read is
 * small and stable in the format (ECMA-376 SpreadsheetML): the sheet list with its visibility,
 * shared strings, the cell formats' number formats, and per sheet the cells, hidden rows and
 * columns and merged ranges.
 */
import { coreTitle } from '../common/core-props.js';
import { walkXml as walkCommonXml, type XmlHandlers } from '../common/xml-walk.js';
import { checkZip } from '../common/zip.js';

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export type RawValue = string | number | boolean | null;

export interface RawCell {
  value: RawValue;
  /** The number format code of the cell's style (General when none). */
  numFmt: string;
}

export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetData {
  name: string;
  state: SheetState;
  /** Cells by "row:col", both 1-based. */
  cells: Map<string, RawCell>;
  hiddenRows: Set<number>;
  hiddenCols: Set<number>;
  merges: MergeRange[];
  maxRow: number;
  maxCol: number;
}

export interface WorkbookData {
  title: string | null;
  sheets: SheetData[];
}

/** ECMA-376 §18.8.30's built-in number formats that matter for display. */
const BUILTIN_FORMATS: Record<number, string> = {
  0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00',
  12: '# ?/?', 13: '# ??/??', 14: 'yyyy-mm-dd', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss', 22: 'yyyy-mm-dd h:mm', 37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)', 40: '#,##0.00;[Red](#,##0.00)', 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@',
};

/** SpreadsheetML by local name: producers differ in the prefix they write ("x:c" or "c"). */
const walkXml = (xml: string, handlers: XmlHandlers) => walkCommonXml(xml, handlers, { localNames: true });

/** "AB12" → { row: 12, col: 28 }. */
export function cellRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/i.exec(ref.trim());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

function sharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  const out: string[] = [];
  let current = '';
  let inText = false;
  let phonetic = 0;
  walkXml(xml, {
    open: (name) => {
      if (name === 'si') current = '';
      else if (name === 't') inText = true;
      else if (name === 'rPh') phonetic++;
    },
    text: (t) => {
      if (inText && phonetic === 0) current += t;
    },
    close: (name) => {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') out.push(current);
    },
  });
  return out;
}

/** The number format code of each cell style index (the `s` attribute). */
function styleFormats(xml: string | undefined): string[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  const formats: string[] = [];
  let inCellXfs = false;
  walkXml(xml, {
    open: (name, a) => {
      if (name === 'numFmt') custom.set(Number(a['numFmtId']), a['formatCode'] ?? 'General');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(a['numFmtId'] ?? 0);
        formats.push(custom.get(id) ?? BUILTIN_FORMATS[id] ?? 'General');
      }
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return formats;
}

function sheetData(name: string, state: SheetState, xml: string, strings: string[], formats: string[]): SheetData {
  const sheet: SheetData = { name, state, cells: new Map(), hiddenRows: new Set(), hiddenCols: new Set(), merges: [], maxRow: 0, maxCol: 0 };
  let row = 0;
  let col = 0;
  let cell: { type: string; style: number; text: string; inline: string } | null = null;
  let capture: 'v' | 't' | null = null;
  walkXml(xml, {
    open: (tag, a) => {
      if (tag === 'col' && (a['hidden'] === '1' || a['hidden'] === 'true')) {
        const min = Number(a['min']);
        const max = Math.min(Number(a['max']), min + 16_384);
        for (let c = min; c <= max; c++) sheet.hiddenCols.add(c);
      } else if (tag === 'row') {
        row = a['r'] ? Number(a['r']) : row + 1;
        col = 0;
        if (a['hidden'] === '1' || a['hidden'] === 'true') sheet.hiddenRows.add(row);
      } else if (tag === 'c') {
        const at = a['r'] ? cellRef(a['r']) : null;
        if (at) ({ row, col } = at);
        else col++;
        cell = { type: a['t'] ?? 'n', style: Number(a['s'] ?? 0), text: '', inline: '' };
      } else if (tag === 'v' && cell) capture = 'v';
      else if (tag === 't' && cell) capture = 't';
      else if (tag === 'mergeCell' && a['ref']) {
        const [from, to = from] = a['ref'].split(':');
        const start = cellRef(from!);
        const end = cellRef(to!);
        if (start && end) sheet.merges.push({ top: Math.min(start.row, end.row), left: Math.min(start.col, end.col), bottom: Math.max(start.row, end.row), right: Math.max(start.col, end.col) });
      }
    },
    text: (t) => {
      if (!cell || capture === null) return;
      if (capture === 'v') cell.text += t;
      else cell.inline += t;
    },
    close: (tag) => {
      if (tag === 'v' || tag === 't') capture = null;
      else if (tag === 'c' && cell) {
        const value = cellValue(cell.type, cell.text, cell.inline, strings);
        if (value !== null && value !== '') {
          sheet.cells.set(`${row}:${col}`, { value, numFmt: formats[cell.style] ?? 'General' });
          sheet.maxRow = Math.max(sheet.maxRow, row);
          sheet.maxCol = Math.max(sheet.maxCol, col);
        }
        cell = null;
      }
    },
  });
  // The sheet ends at its last cell with a value: a merge or hidden range reaching past it (A1:XFD1,
  // whole columns) would only make the grid huge and empty.
  sheet.merges = sheet.merges.filter((m) => m.top <= sheet.maxRow && m.left <= sheet.maxCol);
  return sheet;
}

function cellValue(type: string, v: string, inline: string, strings: string[]): RawValue {
  switch (type) {
    case 's':
      return strings[Number(v)] ?? '';
    case 'inlineStr':
      return inline;
    case 'str':
    case 'e':
      return v;
    case 'b':
      return v === '1';
    case 'd':
      return v;
    default: {
      if (v.trim() === '') return null;
      const n = Number(v);
      return Number.isFinite(n) ? n : v;
    }
  }
}

/** Resolves a relationship target against the part that names it ("worksheets/sheet1.xml" from xl/). */
function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = ['xl'];
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** The workbook's sheets in tab order, after the ZIP guard has passed the package. */
export async function readWorkbook(bytes: Uint8Array): Promise<WorkbookData> {
  const { parts } = await checkZip(bytes, (name) => /^(?:xl\/.*\.xml|xl\/_rels\/workbook\.xml\.rels|docProps\/core\.xml)$/.test(name));
  const text = (name: string) => parts.get(name)?.toString('utf8');
  const workbookXml = text('xl/workbook.xml');
  if (!workbookXml) throw new Error('not a workbook: xl/workbook.xml is missing');

  const targets = new Map<string, string>();
  walkXml(text('xl/_rels/workbook.xml.rels') ?? '', {
    open: (name, a) => {
      if (name === 'Relationship' && a['Id'] && a['Target']) targets.set(a['Id'], resolveTarget(a['Target']));
    },
  });
  const listed: { name: string; state: SheetState; part: string | undefined }[] = [];
  walkXml(workbookXml, {
    open: (name, a) => {
      if (name !== 'sheet') return;
      const id = a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1];
      const state = a['state'] === 'hidden' || a['state'] === 'veryHidden' ? a['state'] : 'visible';
      listed.push({ name: a['name'] ?? '', state, part: id ? targets.get(id) : undefined });
    },
  });
  const strings = sharedStrings(text('xl/sharedStrings.xml'));
  const formats = styleFormats(text('xl/styles.xml'));
  const sheets = listed.flatMap(({ name, state, part }) => {
    const xml = part ? text(part) : undefined;
    return xml === undefined ? [] : [sheetData(name, state, xml, strings, formats)];
  });
  return { title: coreTitle(text('docProps/core.xml') ?? null), sheets };
}
