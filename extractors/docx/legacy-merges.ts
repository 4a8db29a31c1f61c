/**
 * Table layouts mammoth does not read, rewritten into ones it does before it reads the body.
 *
 * mammoth places cells by counting w:gridSpan from the row's start, which is right for most
 * tables, but two older constructs (common in files converted from DOC and made by WPS) shift or
 * flatten the grid:
 * - w:gridBefore / w:gridAfter: a row that skips grid columns. mammoth ignores the skip, so every
 *   cell of such a row lands columns to the left, and vMerge continuations match the wrong cell.
 *   The skipped columns become an empty padding cell.
 * - w:hMerge: the Word 97 horizontal merge. mammoth keeps the merged cells apart, so a merged
 *   header reads as a header and empty cells. A restart cell takes the span of the continuation
 *   cells after it, which are removed.
 */
import { walkXml } from '../common/xml-walk.js';
import { intVal, type Edit } from './xml.js';

interface CellScan {
  start: number;
  end: number;
  span: number;
  /** Where the cell's w:gridSpan element is, to be replaced; or null. */
  gridSpanTag: { from: number; to: number } | null;
  /** Offset just after <w:tcPr>, where a w:gridSpan can be inserted. */
  tcPrInside: number | null;
  hMerge: 'restart' | 'continue' | null;
}

interface RowScan {
  gridBefore: number;
  gridAfter: number;
  cells: CellScan[];
}

const paddingCell = (span: number) => `<w:tc><w:tcPr><w:gridSpan w:val="${span}"/></w:tcPr><w:p/></w:tc>`;

function rowEdits(row: RowScan, rowEnd: number): Edit[] {
  const edits: Edit[] = [];
  const first = row.cells[0];
  if (row.gridBefore > 0 && first) edits.push({ from: first.start, to: first.start, text: paddingCell(row.gridBefore) });
  if (row.gridAfter > 0) edits.push({ from: rowEnd, to: rowEnd, text: paddingCell(row.gridAfter) });
  for (let i = 0; i < row.cells.length; i++) {
    const head = row.cells[i]!;
    if (head.hMerge !== 'restart') continue;
    let span = head.span;
    let j = i + 1;
    for (; j < row.cells.length && row.cells[j]!.hMerge === 'continue'; j++) {
      const merged = row.cells[j]!;
      span += merged.span;
      edits.push({ from: merged.start, to: merged.end, text: '' });
    }
    if (j === i + 1) continue;
    const tag = `<w:gridSpan w:val="${span}"/>`;
    if (head.gridSpanTag) edits.push({ ...head.gridSpanTag, text: tag });
    else if (head.tcPrInside !== null) edits.push({ from: head.tcPrInside, to: head.tcPrInside, text: tag });
    i = j - 1;
  }
  return edits;
}

/** The edits that make document.xml's tables read right in mammoth (none for most documents). */
export function legacyMergeEdits(documentXml: string): Edit[] {
  const edits: Edit[] = [];
  const stack: string[] = [];
  const rows: RowScan[] = [];
  const cells: CellScan[] = [];
  const parentIs = (...names: string[]) => names.every((n, i) => stack[stack.length - names.length + i] === n);
  walkXml(documentXml, {
    open(name, attrs, start, end, selfClosing) {
      const row = rows[rows.length - 1];
      const cell = cells[cells.length - 1];
      if (name === 'w:tr') rows.push({ gridBefore: 0, gridAfter: 0, cells: [] });
      else if (name === 'w:tc') cells.push({ start, end: end + 1, span: 1, gridSpanTag: null, tcPrInside: null, hMerge: null });
      else if (row && name === 'w:gridBefore' && parentIs('w:tr', 'w:trPr')) row.gridBefore = intVal(attrs) ?? 0;
      else if (row && name === 'w:gridAfter' && parentIs('w:tr', 'w:trPr')) row.gridAfter = intVal(attrs) ?? 0;
      else if (cell && name === 'w:tcPr' && parentIs('w:tc') && !selfClosing) cell.tcPrInside = end + 1;
      else if (cell && name === 'w:gridSpan' && parentIs('w:tc', 'w:tcPr')) {
        cell.span = intVal(attrs) ?? 1;
        cell.gridSpanTag = { from: start, to: end + 1 };
      } else if (cell && name === 'w:hMerge' && parentIs('w:tc', 'w:tcPr')) cell.hMerge = attrs['w:val'] === 'restart' ? 'restart' : 'continue';
      stack.push(name);
    },
    close(name, start, end) {
      stack.pop();
      if (name === 'w:tc') {
        const cell = cells.pop();
        if (!cell) return;
        cell.end = end + 1;
        rows[rows.length - 1]?.cells.push(cell);
      } else if (name === 'w:tr') {
        const row = rows.pop();
        if (row) edits.push(...rowEdits(row, start));
      }
    },
  });
  return edits;
}
