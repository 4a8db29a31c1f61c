/**
 * Which rows of a table add up to which: the figures decide. A total row is followed (or
 * preceded) by the rows it sums; any of those may itself sum the rows after it — 长春市 over
 * 长春市本级 and its districts, 市县小计 over the cities, 一、税收收入 over the taxes — or be a
 * leaf, as Ningxia prints its cities beside their counties rather than over them. Read parent
 * first, a row is taken as the parent of the rows after it when, and only when, at least two of
 * them add up to it in every column at once (within the rounding of what is printed); a sum found
 * for one row is found once (memoised), so a table of n rows costs O(n²) at worst.
 */

export interface SumRow {
  /** The row's figures per column (分); null for a blank. */
  values: readonly (number | null)[];
  /** Decimals printed per column, for the rounding slack. */
  decimals: readonly number[];
}

export interface SumNode {
  index: number;
  children: number[];
}

export interface SumTree {
  /** Every row found to be the sum of the rows listed, in printed order. */
  parents: SumNode[];
  /** The rows at the top, under the table's total (all rows when no total is found). */
  top: number[];
  /** Whether the total row (when given) is the sum of the top rows. */
  totalHolds: boolean | null;
}

/** How far apart a printed sum may be from its parts: half a printed unit per figure involved. */
export function slack(unitFen: number, decimals: number, figures: number): number {
  return ((unitFen * 10 ** -decimals) / 2) * figures;
}

interface Found {
  end: number;
  children: number[];
}

/**
 * The sum tree of `rows` (columns aligned), `unitFen` the 分 in one printed unit (万元: 1,000,000).
 * `total`: the index of the table's total row, which sums the rows before it when it comes last.
 * `canParent(i)`: rows that may sum others (all by default); `soleChild(p, c)`: whether row c
 * may be all of row p (a region over its own level alone).
 */
export function sumTree(
  rows: readonly SumRow[],
  unitFen: number,
  total: number | null,
  canParent: (i: number) => boolean = () => true,
  soleChild: (parent: number, child: number) => boolean = () => false,
): SumTree {
  const n = rows.length;
  const cols = rows[0]?.values.length ?? 0;
  const value = (i: number, c: number) => rows[i]!.values[c] ?? 0;
  const used = Array.from({ length: cols }, (_, c) => rows.some((r) => r.values[c] !== null));
  // Where no figure is negative, a running sum past its target never comes back.
  const nonNegative = rows.every((r) => r.values.every((v) => v === null || v >= 0));
  const memo = new Map<number, Found | null>();

  /** The rows from `from` that add up to row `target`'s figures, each taken as a subtree; stops before `stop`. */
  const collect = (from: number, target: number, stop: number): Found | null => {
    const acc = Array<number>(cols).fill(0);
    const decimals = [...rows[target]!.decimals];
    const children: number[] = [];
    let best: (Found & { error: number }) | null = null;
    let j = from;
    while (j < stop) {
      const node = subtree(j, stop);
      for (let c = 0; c < cols; c++) {
        acc[c]! += value(j, c);
        decimals[c] = Math.max(decimals[c]!, rows[j]!.decimals[c]!);
      }
      children.push(j);
      j = node.end;
      if (nonNegative && overshoots(acc, target, decimals, children.length + 1)) break;
      // One row is the sum of one other only when it says so (长白山管委会 over 长白山管委会本级).
      if (children.length < 2 && !soleChild(target, children[0]!)) continue;
      let error = 0;
      let any = false;
      for (let c = 0; c < cols && error !== Infinity; c++) {
        if (!used[c] || rows[target]!.values[c] === null) continue;
        any = true;
        const off = Math.abs(acc[c]! - value(target, c));
        const allowed = slack(unitFen, decimals[c]!, children.length + 1) + 0.5;
        error = off > allowed ? Infinity : error + off / allowed;
      }
      if (!any || error === Infinity) {
        // Past a sum that held, the rows run on into the next parent's: the best one stands.
        if (best) break;
        continue;
      }
      // Within the slack, a later stop that comes closer is the sum (a small last row is not left out).
      if (!best || error < best.error - 1e-9) best = { end: j, children: [...children], error };
    }
    return best ? { end: best.end, children: best.children } : null;
  };

  const overshoots = (acc: readonly number[], target: number, decimals: readonly number[], figures: number) => {
    for (let c = 0; c < cols; c++) {
      if (!used[c] || rows[target]!.values[c] === null) continue;
      if (acc[c]! - value(target, c) > slack(unitFen, decimals[c]!, figures) + 0.5) return true;
    }
    return false;
  };

  const subtree = (i: number, stop: number): Found => {
    const key = i * (n + 1) + stop;
    if (!memo.has(key)) memo.set(key, canParent(i) ? collect(i + 1, i, stop) : null);
    const found = memo.get(key);
    return found ?? { end: i + 1, children: [] };
  };

  const parents: SumNode[] = [];
  const walk = (i: number, stop: number) => {
    const node = subtree(i, stop);
    if (node.children.length > 0) {
      parents.push({ index: i, children: node.children });
      for (const c of node.children) walk(c, node.end);
    }
    return node.end;
  };

  if (total !== null && total === n - 1 && total > 0) {
    // The total comes last: it sums the rows above it.
    const found = collect(0, total, total);
    if (found && found.end === total) {
      parents.push({ index: total, children: found.children });
      for (const c of found.children) walk(c, total);
      return { parents: dedupe(parents), top: found.children, totalHolds: true };
    }
    const top: number[] = [];
    for (let i = 0; i < total; ) {
      top.push(i);
      i = walk(i, total);
    }
    return { parents: dedupe(parents), top, totalHolds: false };
  }
  const top: number[] = [];
  for (let i = total ?? 0; i < n; ) {
    top.push(i);
    i = walk(i, n);
  }
  if (total === null) return { parents: dedupe(parents), top, totalHolds: null };
  const holds = parents.some((p) => p.index === total) && top.length === 1;
  const under = parents.find((p) => p.index === total)?.children ?? top.slice(1);
  return { parents: dedupe(parents), top: under, totalHolds: holds };
}

function dedupe(nodes: SumNode[]): SumNode[] {
  const seen = new Set<number>();
  return nodes.filter((n) => !seen.has(n.index) && seen.add(n.index));
}
