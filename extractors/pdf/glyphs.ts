/** A glyph as the page paints it: one character with its box, in viewport space. */
import type { Box } from './geometry.js';

export interface Glyph extends Box {
  /** One character (after code point normalisation); ' ' for any printed space. */
  text: string;
  /** Font size in points. */
  size: number;
  /** The baseline's y; for text not written left to right, the y the character sits on. */
  baseline: number;
  /** True for text written along the page's x axis (not rotated or vertical). */
  upright: boolean;
}
