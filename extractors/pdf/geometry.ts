/** Page geometry in viewport space: points, y growing downwards, origin at the top left. */

export interface Box {
  x0: number;
  x1: number;
  top: number;
  bottom: number;
}

/** An affine matrix [a, b, c, d, e, f] as PDF and pdf.js write them. */
export type Matrix = readonly [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 × m2: apply m2 first, then m1 (pdf.js's Util.transform order). */
export function multiply(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

export function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

export const width = (b: Box) => b.x1 - b.x0;
export const height = (b: Box) => b.bottom - b.top;
export const centreX = (b: Box) => (b.x0 + b.x1) / 2;
export const centreY = (b: Box) => (b.top + b.bottom) / 2;

export function contains(b: Box, x: number, y: number, tolerance = 0): boolean {
  return x >= b.x0 - tolerance && x <= b.x1 + tolerance && y >= b.top - tolerance && y <= b.bottom + tolerance;
}

export function union(boxes: readonly Box[]): Box {
  let x0 = Infinity;
  let x1 = -Infinity;
  let top = Infinity;
  let bottom = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x0);
    x1 = Math.max(x1, b.x1);
    top = Math.min(top, b.top);
    bottom = Math.max(bottom, b.bottom);
  }
  return { x0, x1, top, bottom };
}

/** The median of a list of numbers (0 for an empty list). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
