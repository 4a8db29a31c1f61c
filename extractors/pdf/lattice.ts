/**
 * Ruled tables, in the stages of pdfplumber's lattice finder, each a small function:
 *
 *   snapEdges → joinEdges → filterEdges → edgeGroups → addSideRules → gridOfGroup (cells with spans)
 *
 * A group is a set of edges connected by crossings. Its distinct x and y rules cut it into
 * elementary cells; neighbouring elementary cells with no rule between them are one merged cell,
 * which is how spans are found. Regions not closed by rules are not cells.
 */
import { type Box } from './geometry.js';
import type { Edge } from './rules.js';

export interface LatticeSettings {
  /** Parallel edges closer than this (points) are one rule (double rules, hairline offsets). */
  snapTolerance: number;
  /** Collinear edges with gaps up to this (points) are one edge. */
  joinTolerance: number;
  /** Edges shorter than this (points) are dropped (underlines of single characters, ticks). */
  minEdgeLength: number;
  /** How far (points) an edge may stop short of another and still cross it. */
  intersectionTolerance: number;
  /** Share of a cell side that must be ruled for the side to count as a border. */
  minBorderCoverage: number;
}

export const LATTICE_SETTINGS: LatticeSettings = {
  snapTolerance: 3,
  joinTolerance: 3,
  minEdgeLength: 3,
  intersectionTolerance: 3,
  minBorderCoverage: 0.8,
};

const pos = (e: Edge) => (e.orient === 'h' ? e.top : e.x0);
const start = (e: Edge) => (e.orient === 'h' ? e.x0 : e.top);
const end = (e: Edge) => (e.orient === 'h' ? e.x1 : e.bottom);

function withPos(e: Edge, p: number): Edge {
  return e.orient === 'h' ? { ...e, top: p, bottom: p } : { ...e, x0: p, x1: p };
}

function withSpan(e: Edge, s: number, t: number): Edge {
  return e.orient === 'h' ? { ...e, x0: s, x1: t } : { ...e, top: s, bottom: t };
}

/** Clusters values that lie within `tol` of their neighbour; returns each value's cluster mean. */
function clusterMeans(values: readonly number[], tol: number): Map<number, number> {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const out = new Map<number, number>();
  let group: number[] = [];
  const flush = () => {
    const mean = group.reduce((a, b) => a + b, 0) / group.length;
    for (const v of group) out.set(v, mean);
    group = [];
  };
  for (const v of sorted) {
    if (group.length && v - group[group.length - 1]! > tol) flush();
    group.push(v);
  }
  if (group.length) flush();
  return out;
}

/** Moves parallel edges that are nearly on one line onto that line. */
export function snapEdges(edges: readonly Edge[], settings: LatticeSettings = LATTICE_SETTINGS): Edge[] {
  const out: Edge[] = [];
  for (const orient of ['h', 'v'] as const) {
    const these = edges.filter((e) => e.orient === orient);
    const means = clusterMeans(these.map(pos), settings.snapTolerance);
    out.push(...these.map((e) => withPos(e, means.get(pos(e))!)));
  }
  return out;
}

/** Merges collinear edges that overlap or nearly touch into one. */
export function joinEdges(edges: readonly Edge[], settings: LatticeSettings = LATTICE_SETTINGS): Edge[] {
  const byLine = new Map<string, Edge[]>();
  for (const e of edges) {
    const key = `${e.orient}${pos(e).toFixed(2)}`;
    const list = byLine.get(key);
    if (list) list.push(e);
    else byLine.set(key, [e]);
  }
  const out: Edge[] = [];
  for (const list of byLine.values()) {
    list.sort((a, b) => start(a) - start(b));
    let current = list[0]!;
    for (const e of list.slice(1)) {
      if (start(e) <= end(current) + settings.joinTolerance) current = withSpan(current, start(current), Math.max(end(current), end(e)));
      else {
        out.push(current);
        current = e;
      }
    }
    out.push(current);
  }
  return out;
}

export function filterEdges(edges: readonly Edge[], settings: LatticeSettings = LATTICE_SETTINGS): Edge[] {
  return edges.filter((e) => end(e) - start(e) >= settings.minEdgeLength);
}

/** Union-find over 0…n−1: which edges touch, which elementary cells merge. */
function disjointSets(n: number): { find: (i: number) => number; join: (a: number, b: number) => void } {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  return { find, join: (a, b) => void (parent[find(a)] = find(b)) };
}

export function crosses(h: Edge, v: Edge, tol: number): boolean {
  return v.x0 >= h.x0 - tol && v.x0 <= h.x1 + tol && h.top >= v.top - tol && h.top <= v.bottom + tol;
}

/** Edges connected by crossings, each group a candidate table. */
export function edgeGroups(edges: readonly Edge[], settings: LatticeSettings = LATTICE_SETTINGS): Edge[][] {
  const { find, join } = disjointSets(edges.length);
  const hs = edges.map((e, i) => [e, i] as const).filter(([e]) => e.orient === 'h');
  const vs = edges.map((e, i) => [e, i] as const).filter(([e]) => e.orient === 'v');
  for (const [h, hi] of hs) {
    for (const [v, vi] of vs) {
      if (crosses(h, v, settings.intersectionTolerance)) join(hi, vi);
    }
  }
  const groups = new Map<number, Edge[]>();
  edges.forEach((e, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(e);
    else groups.set(root, [e]);
  });
  return [...groups.values()].filter((g) => g.some((e) => e.orient === 'h') && g.some((e) => e.orient === 'v'));
}

export interface LatticeCell extends Box {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

/**
 * Tables ruled only between their columns (no outer verticals, WPS 文字's 总决算 books) or only
 * above and below: the ends of the long horizontal rules stand in for the missing side rules,
 * so the label column left of the first vertical is part of the table.
 */
export function addSideRules(group: readonly Edge[], settings: LatticeSettings = LATTICE_SETTINGS): Edge[] {
  const hs = group.filter((e) => e.orient === 'h');
  const vs = group.filter((e) => e.orient === 'v');
  if (hs.length < 2 || vs.length === 0) return [...group];
  const tol = settings.snapTolerance;
  const longest = Math.max(...hs.map((e) => e.x1 - e.x0));
  const long = hs.filter((e) => e.x1 - e.x0 >= longest * 0.6);
  const x0 = Math.min(...long.map((e) => e.x0));
  const x1 = Math.max(...long.map((e) => e.x1));
  const out = [...group];
  // Column rules that run on below the last horizontal rule (a table continued on the next page
  // whose closing rule is not on this one) close it where they end; likewise at the top.
  const across: Edge[] = [...long];
  for (const end of ['top', 'bottom'] as const) {
    const y = end === 'top' ? Math.min(...vs.map((e) => e.top)) : Math.max(...vs.map((e) => e.bottom));
    const reaching = vs.filter((e) => Math.abs((end === 'top' ? e.top : e.bottom) - y) <= tol);
    if (reaching.length < 2 || hs.some((h) => Math.abs(h.top - y) <= tol)) continue;
    const rule: Edge = { orient: 'h', x0, x1, top: y, bottom: y };
    out.push(rule);
    across.push(rule);
  }
  for (const side of ['left', 'right'] as const) {
    const x = side === 'left' ? x0 : x1;
    const reaching = across.filter((e) => Math.abs((side === 'left' ? e.x0 : e.x1) - x) <= tol);
    if (reaching.length < 2) continue;
    // The side runs as far as the column rules do: a page that draws its outer edge and its
    // rules to it only around the header still closes its last column down to the foot.
    const top = Math.min(...reaching.map((e) => e.top), ...vs.map((v) => v.top));
    const bottom = Math.max(...reaching.map((e) => e.top), ...vs.map((v) => v.bottom));
    // The side where no rule is drawn: all of it, or (a page that rules its outer edge only
    // around the header) the part below or above the rule that is drawn.
    const drawn = vs.filter((v) => Math.abs(v.x0 - x) <= tol).sort((a, b) => a.top - b.top);
    let from = top;
    for (const v of drawn) {
      if (v.top - from > tol) out.push({ orient: 'v', x0: x, x1: x, top: from, bottom: v.top });
      from = Math.max(from, v.bottom);
    }
    if (bottom - from > tol) out.push({ orient: 'v', x0: x, x1: x, top: from, bottom });
  }
  return out;
}

export interface LatticeGrid extends Box {
  /** The rules the grid was built from (with any side rules added). */
  edges: Edge[];
  /** Column rules, left to right. */
  xs: number[];
  /** Row rules, top to bottom. */
  ys: number[];
  cells: LatticeCell[];
  /** cellAt[row][col]: index into `cells` of the cell covering that elementary cell, or -1. */
  cellAt: number[][];
}

/** Share of [a, b] that the edges of one rule line cover. */
function coverage(line: readonly Edge[], a: number, b: number): number {
  let covered = 0;
  for (const e of line) covered += Math.max(0, Math.min(end(e), b) - Math.max(start(e), a));
  return b > a ? Math.min(1, covered / (b - a)) : 1;
}

/** For each grid position, the edges lying on it (within the tolerance). */
function edgesAtPositions(edges: readonly Edge[], positions: readonly number[], tol: number): Edge[][] {
  const at: Edge[][] = positions.map(() => []);
  for (const e of edges) {
    positions.forEach((p, i) => {
      if (Math.abs(pos(e) - p) <= tol) at[i]!.push(e);
    });
  }
  return at;
}

/**
 * The cells of one edge group: elementary cells between consecutive rules, merged where the
 * rule between two of them is missing, kept when the merged region is closed by rules.
 */
export function gridOfGroup(group: readonly Edge[], settings: LatticeSettings = LATTICE_SETTINGS): LatticeGrid | null {
  const tol = settings.snapTolerance;
  const hEdges = group.filter((e) => e.orient === 'h');
  const vEdges = group.filter((e) => e.orient === 'v');
  const xs = [...new Set(clusterMeans([...new Set(vEdges.map(pos))], tol).values())].sort((a, b) => a - b);
  const ys = [...new Set(clusterMeans([...new Set(hEdges.map(pos))], tol).values())].sort((a, b) => a - b);
  if (xs.length < 2 || ys.length < 2) return null;
  // Each rule line's edges, found once: coverage is asked of every cell side.
  const colRules = edgesAtPositions(vEdges, xs, tol);
  const rowRules = edgesAtPositions(hEdges, ys, tol);
  const nRows = ys.length - 1;
  const nCols = xs.length - 1;
  const min = settings.minBorderCoverage;
  // Union-find over elementary cells, joined across missing rules.
  const id = (r: number, c: number) => r * nCols + c;
  const { find, join } = disjointSets(nRows * nCols);
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      if (c + 1 < nCols && coverage(colRules[c + 1]!, ys[r]!, ys[r + 1]!) < min) join(id(r, c + 1), id(r, c));
      if (r + 1 < nRows && coverage(rowRules[r + 1]!, xs[c]!, xs[c + 1]!) < min) join(id(r + 1, c), id(r, c));
    }
  }
  const regionOf = Array.from({ length: nRows }, (_, r) => Array.from({ length: nCols }, (_, c) => find(id(r, c))));
  const cells: LatticeCell[] = [];
  const cellAt = Array.from({ length: nRows }, () => Array<number>(nCols).fill(-1));
  const rules: Ruling = { rowRules, colRules, xs, ys, min };
  for (const region of regionsOf(regionOf)) {
    // A cell open only at the table's top or foot is a cell the page cut, not a gap between tables.
    if (!regionClosed(region, regionOf, rules)) continue;
    for (const rect of rectanglesOf(region, regionOf)) {
      const box = { x0: xs[rect.c0]!, x1: xs[rect.c1 + 1]!, top: ys[rect.r0]!, bottom: ys[rect.r1 + 1]! };
      const index = cells.length;
      cells.push({ ...box, row: rect.r0, col: rect.c0, rowSpan: rect.r1 - rect.r0 + 1, colSpan: rect.c1 - rect.c0 + 1 });
      for (let r = rect.r0; r <= rect.r1; r++) for (let c = rect.c0; c <= rect.c1; c++) cellAt[r]![c] = index;
    }
  }
  if (cells.length < 2) return null;
  return { x0: xs[0]!, x1: xs[nCols]!, top: ys[0]!, bottom: ys[nRows]!, edges: [...group], xs, ys, cells, cellAt };
}


interface Rect {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

interface Region extends Rect {
  root: number;
  count: number;
}

interface Ruling {
  rowRules: Edge[][];
  colRules: Edge[][];
  xs: number[];
  ys: number[];
  min: number;
}

/** The merged regions of elementary cells, with their bounds. */
function regionsOf(regionOf: readonly (readonly number[])[]): Region[] {
  const regions = new Map<number, Region>();
  regionOf.forEach((row, r) =>
    row.forEach((root, c) => {
      const reg = regions.get(root);
      if (!reg) regions.set(root, { root, r0: r, r1: r, c0: c, c1: c, count: 1 });
      else {
        reg.r0 = Math.min(reg.r0, r);
        reg.r1 = Math.max(reg.r1, r);
        reg.c0 = Math.min(reg.c0, c);
        reg.c1 = Math.max(reg.c1, c);
        reg.count++;
      }
    }),
  );
  return [...regions.values()];
}

const isRectangle = (reg: Region) => reg.count === (reg.r1 - reg.r0 + 1) * (reg.c1 - reg.c0 + 1);

/**
 * Whether rules close a region: each side of a rectangle (the table's top and foot excepted), or
 * for a region of another shape each elementary side on its outline.
 */
function regionClosed(reg: Region, regionOf: readonly (readonly number[])[], { rowRules, colRules, xs, ys, min }: Ruling): boolean {
  const nRows = regionOf.length;
  const nCols = regionOf[0]!.length;
  if (isRectangle(reg)) {
    const box = { x0: xs[reg.c0]!, x1: xs[reg.c1 + 1]!, top: ys[reg.r0]!, bottom: ys[reg.r1 + 1]! };
    return (
      (coverage(rowRules[reg.r0]!, box.x0, box.x1) >= min || reg.r0 === 0) &&
      (coverage(rowRules[reg.r1 + 1]!, box.x0, box.x1) >= min || reg.r1 + 1 === nRows) &&
      coverage(colRules[reg.c0]!, box.top, box.bottom) >= min &&
      coverage(colRules[reg.c1 + 1]!, box.top, box.bottom) >= min
    );
  }
  const inside = (r: number, c: number) => r >= 0 && c >= 0 && r < nRows && c < nCols && regionOf[r]![c] === reg.root;
  for (let r = reg.r0; r <= reg.r1; r++) {
    for (let c = reg.c0; c <= reg.c1; c++) {
      if (!inside(r, c)) continue;
      if (!inside(r - 1, c) && r > 0 && coverage(rowRules[r]!, xs[c]!, xs[c + 1]!) < min) return false;
      if (!inside(r + 1, c) && r + 1 < nRows && coverage(rowRules[r + 1]!, xs[c]!, xs[c + 1]!) < min) return false;
      if (!inside(r, c - 1) && coverage(colRules[c]!, ys[r]!, ys[r + 1]!) < min) return false;
      if (!inside(r, c + 1) && coverage(colRules[c + 1]!, ys[r]!, ys[r + 1]!) < min) return false;
    }
  }
  return true;
}

/**
 * A region as rectangular cells. A rectangle is one cell; a region of another shape — a header
 * band whose rule stops short of its first sub-column (2019年债务限额 over an unlabelled 合计,
 * 一般债务, 专项债务) — is cut into rectangles from its top left: the band, then what hangs below.
 */
function rectanglesOf(reg: Region, regionOf: readonly (readonly number[])[]): Rect[] {
  if (isRectangle(reg)) return [reg];
  const taken = new Set<string>();
  const free = (r: number, c: number) => r <= reg.r1 && c <= reg.c1 && regionOf[r]![c] === reg.root && !taken.has(`${r}:${c}`);
  const out: Rect[] = [];
  for (let r = reg.r0; r <= reg.r1; r++) {
    for (let c = reg.c0; c <= reg.c1; c++) {
      if (!free(r, c)) continue;
      let c1 = c;
      while (free(r, c1 + 1)) c1++;
      let r1 = r;
      while (Array.from({ length: c1 - c + 1 }, (_, k) => free(r1 + 1, c + k)).every(Boolean)) r1++;
      for (let rr = r; rr <= r1; rr++) for (let cc = c; cc <= c1; cc++) taken.add(`${rr}:${cc}`);
      out.push({ r0: r, r1, c0: c, c1 });
    }
  }
  return out;
}

/** More edges than this on one page is a drawing (a chart, a hatch, graph paper), not a table. */
export const MAX_EDGES_PER_PAGE = 3000;

/** The grids of all ruled tables a page's edges draw, top to bottom. */
export function findLattices(edges: readonly Edge[], settings: LatticeSettings = LATTICE_SETTINGS): LatticeGrid[] {
  const cleaned = filterEdges(joinEdges(snapEdges(edges, settings), settings), settings);
  if (cleaned.length > MAX_EDGES_PER_PAGE) return [];
  return edgeGroups(cleaned, settings)
    .map((g) => gridOfGroup(addSideRules(g, settings), settings))
    .filter((g): g is LatticeGrid => g !== null)
    .sort((a, b) => a.top - b.top);
}

/** Index of the interval of sorted `bounds` that holds `v`, or -1 outside. */
export function intervalOf(bounds: readonly number[], v: number): number {
  if (v < bounds[0]! || v > bounds[bounds.length - 1]!) return -1;
  let lo = 0;
  let hi = bounds.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
