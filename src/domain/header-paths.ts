/**
 * The header path of each column: "预算数（调整后）/中央" from a merged header cell above a
 * sub-header. Spans are honoured where the format has them; in plain-text tables a blank header
 * cell with a sub-header under it belongs to the nearest titled cell on its left.
 */
import type { Table } from '../../schemas/document.js';
import { isColumnIndexRow, tableToGrid } from '../../extractors/common/table-grid.js';

export function compactHeader(text: string): string {
  return text.replace(/\s+/g, '');
}

export function headerGrid(table: Table): string[][] {
  const grid = Array.from({ length: table.headerRows }, () => Array<string>(table.nCols).fill(''));
  for (const c of table.cells) {
    if (c.row >= table.headerRows) continue;
    for (let r = c.row; r < Math.min(table.headerRows, c.row + c.rowSpan); r++) {
      for (let k = c.col; k < Math.min(table.nCols, c.col + c.colSpan); k++) grid[r]![k] = compactHeader(c.text);
    }
  }
  return grid.filter((row) => !isColumnIndexRow(row));
}

function fillMergedToTheRight(grid: string[][]): void {
  for (let r = 0; r < grid.length - 1; r++) {
    const row = grid[r]!;
    for (let c = 1; c < row.length; c++) {
      if (row[c] !== '' || row[c - 1] === '') continue;
      const below = grid[r + 1]![c]!;
      const belowLeft = grid[r + 1]![c - 1]!;
      if (below !== '' && belowLeft !== '') row[c] = row[c - 1]!;
    }
  }
}

export function headerPaths(table: Table): string[] {
  const grid = headerGrid(table);
  const hasSpans = table.cells.some((c) => c.row < table.headerRows && (c.colSpan > 1 || c.rowSpan > 1));
  if (!hasSpans) fillMergedToTheRight(grid);
  return Array.from({ length: table.nCols }, (_, col) => {
    const parts: string[] = [];
    for (const row of grid) {
      const t = row[col] ?? '';
      if (t !== '' && parts[parts.length - 1] !== t) parts.push(t);
    }
    return parts.join('/');
  });
}

/** Body rows as dense arrays of cell text, with their row index in the table. */
export function bodyRows(table: Table): { row: number; cells: string[] }[] {
  return tableToGrid(table)
    .map((cells, row) => ({ row, cells }))
    .slice(table.headerRows);
}
