/**
 * Operator list → ruling edges. Since pdf.js 5.1 a path is one `constructPath` op carrying its
 * paint op and a flat Float32Array of drawing commands, in untransformed coordinates; the current
 * matrix is tracked here through save/restore/transform and form XObjects.
 *
 * Stroked lines and rectangles give edges; thin filled rectangles are rules too; larger filled
 * rectangles are cell shading and are kept apart (the debug view draws them), never as borders.
 */
import './natives.js';
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { apply, IDENTITY, multiply, type Box, type Matrix } from './geometry.js';

export interface Edge extends Box {
  orient: 'h' | 'v';
}

export interface RuleSettings {
  /** A filled rectangle no thicker than this (points) is a rule, thicker ones are shading. */
  maxRuleThickness: number;
  /** How far off the axis (points) a segment may lean and still be a rule. */
  axisTolerance: number;
}

export const RULE_SETTINGS: RuleSettings = { maxRuleThickness: 3, axisTolerance: 1 };

export interface PageRules {
  edges: Edge[];
  shading: Box[];
}

// DrawOPS in pdf.js's path buffers.
const MOVE_TO = 0;
const LINE_TO = 1;
const CURVE_TO = 2;
const QUAD_TO = 3;
const CLOSE = 4;

const STROKES = new Set<number>([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
const FILLS = new Set<number>([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);

interface SubPath {
  points: [number, number][];
  closed: boolean;
  curved: boolean;
}

/** Splits a pdf.js path buffer into subpaths, points already in viewport space. */
export function subpathsOf(buffer: ArrayLike<number>, m: Matrix): SubPath[] {
  const out: SubPath[] = [];
  let current: SubPath | null = null;
  for (let k = 0; k < buffer.length; ) {
    const op = buffer[k++];
    if (op === MOVE_TO) {
      current = { points: [apply(m, buffer[k]!, buffer[k + 1]!)], closed: false, curved: false };
      out.push(current);
      k += 2;
    } else if (op === LINE_TO) {
      current?.points.push(apply(m, buffer[k]!, buffer[k + 1]!));
      k += 2;
    } else if (op === CURVE_TO) {
      if (current) current.curved = true;
      k += 6;
    } else if (op === QUAD_TO) {
      if (current) current.curved = true;
      k += 4;
    } else if (op === CLOSE) {
      if (current) current.closed = true;
    } else break;
  }
  return out;
}

function rectOf(path: SubPath, tol: number): Box | null {
  let pts = path.points;
  if (pts.length === 5 && Math.abs(pts[0]![0] - pts[4]![0]) <= tol && Math.abs(pts[0]![1] - pts[4]![1]) <= tol) pts = pts.slice(0, 4);
  if (pts.length !== 4 || path.curved) return null;
  const xs = new Set(pts.map((p) => Math.round(p[0] / tol)));
  const ys = new Set(pts.map((p) => Math.round(p[1] / tol)));
  // An axis-aligned rectangle has its corners on two x values and two y values.
  for (let i = 0; i < 4; i++) {
    const a = pts[i]!;
    const b = pts[(i + 1) % 4]!;
    if (Math.abs(a[0] - b[0]) > tol && Math.abs(a[1] - b[1]) > tol) return null;
  }
  if (xs.size > 3 || ys.size > 3) return null;
  const x = pts.map((p) => p[0]);
  const y = pts.map((p) => p[1]);
  return { x0: Math.min(...x), x1: Math.max(...x), top: Math.min(...y), bottom: Math.max(...y) };
}

function edgeOfSegment(a: [number, number], b: [number, number], tol: number): Edge | null {
  if (Math.abs(a[1] - b[1]) <= tol && Math.abs(a[0] - b[0]) > tol) {
    const y = (a[1] + b[1]) / 2;
    return { orient: 'h', x0: Math.min(a[0], b[0]), x1: Math.max(a[0], b[0]), top: y, bottom: y };
  }
  if (Math.abs(a[0] - b[0]) <= tol && Math.abs(a[1] - b[1]) > tol) {
    const x = (a[0] + b[0]) / 2;
    return { orient: 'v', x0: x, x1: x, top: Math.min(a[1], b[1]), bottom: Math.max(a[1], b[1]) };
  }
  return null;
}

function edgesOfRect(r: Box): Edge[] {
  return [
    { orient: 'h', x0: r.x0, x1: r.x1, top: r.top, bottom: r.top },
    { orient: 'h', x0: r.x0, x1: r.x1, top: r.bottom, bottom: r.bottom },
    { orient: 'v', x0: r.x0, x1: r.x0, top: r.top, bottom: r.bottom },
    { orient: 'v', x0: r.x1, x1: r.x1, top: r.top, bottom: r.bottom },
  ];
}

/** The centre line of a thin filled rectangle, or null when it is too thick to be a rule. */
export function ruleOfFilledRect(r: Box, settings: RuleSettings = RULE_SETTINGS): Edge | null {
  const w = r.x1 - r.x0;
  const h = r.bottom - r.top;
  if (h <= settings.maxRuleThickness && w > h) {
    const y = (r.top + r.bottom) / 2;
    return { orient: 'h', x0: r.x0, x1: r.x1, top: y, bottom: y };
  }
  if (w <= settings.maxRuleThickness && h > w) {
    const x = (r.x0 + r.x1) / 2;
    return { orient: 'v', x0: x, x1: x, top: r.top, bottom: r.bottom };
  }
  return null;
}

function paintedEdges(paths: SubPath[], stroked: boolean, filled: boolean, settings: RuleSettings, out: PageRules): void {
  const tol = settings.axisTolerance;
  for (const path of paths) {
    if (path.curved || path.points.length < 2) continue;
    const rect = rectOf(path, tol);
    if (rect && filled && !stroked) {
      const rule = ruleOfFilledRect(rect, settings);
      if (rule) out.edges.push(rule);
      else out.shading.push(rect);
      continue;
    }
    if (!stroked) continue;
    if (rect) {
      out.edges.push(...edgesOfRect(rect));
      continue;
    }
    const pts = path.closed ? [...path.points, path.points[0]!] : path.points;
    for (let i = 1; i < pts.length; i++) {
      const e = edgeOfSegment(pts[i - 1]!, pts[i]!, tol);
      if (e) out.edges.push(e);
    }
  }
}

export interface OperatorList {
  fnArray: number[];
  argsArray: unknown[];
}

/** The ruling edges and shading rectangles a page draws, in viewport space. */
/** White or nearly white paint (#f0f0f0 and lighter): invisible on the page, so not a rule. */
export function isInvisibleColour(hex: string): boolean {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m !== null && m.slice(1).every((c) => parseInt(c, 16) >= 0xf0);
}

interface GraphicsState {
  ctm: Matrix;
  fill: string;
  stroke: string;
}

export function rulesOfOperatorList(ops: OperatorList, viewport: Matrix, settings: RuleSettings = RULE_SETTINGS): PageRules {
  const out: PageRules = { edges: [], shading: [] };
  const stack: GraphicsState[] = [];
  let gs: GraphicsState = { ctm: IDENTITY, fill: '#000000', stroke: '#000000' };
  const { fnArray, argsArray } = ops;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[];
    switch (fn) {
      case OPS.save:
        stack.push(gs);
        break;
      case OPS.restore:
        gs = stack.pop() ?? gs;
        break;
      case OPS.transform:
        gs = { ...gs, ctm: multiply(gs.ctm, args as unknown as Matrix) };
        break;
      case OPS.setFillRGBColor:
        if (typeof args[0] === 'string') gs = { ...gs, fill: args[0] };
        break;
      case OPS.setStrokeRGBColor:
        if (typeof args[0] === 'string') gs = { ...gs, stroke: args[0] };
        break;
      case OPS.paintFormXObjectBegin: {
        stack.push(gs);
        const matrix = args[0] as Matrix | null;
        if (matrix) gs = { ...gs, ctm: multiply(gs.ctm, matrix) };
        break;
      }
      case OPS.paintFormXObjectEnd:
        gs = stack.pop() ?? gs;
        break;
      case OPS.constructPath: {
        const [paint, [buffer]] = args as [number, [ArrayLike<number> | null]];
        if (!buffer) break;
        const stroked = STROKES.has(paint) && !isInvisibleColour(gs.stroke);
        const filled = FILLS.has(paint) && !isInvisibleColour(gs.fill);
        if (!stroked && !filled) break; // clipping paths, endPath and white paint draw no rule
        paintedEdges(subpathsOf(buffer, multiply(viewport, gs.ctm)), stroked, filled, settings, out);
        break;
      }
      default:
        break;
    }
  }
  return out;
}
