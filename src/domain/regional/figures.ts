/** A region figure as the regional parsers draft it, before verification and storage. */
import type { RegionFigureRow } from '../../../schemas/records.js';
import type { Division } from '../region.js';

export type RegionFigureDraft = Pick<RegionFigureRow, 'region' | 'scope' | 'fiscal_year' | 'basis' | 'key' | 'value_fen' | 'unit' | 'raw' | 'source' | 'context' | 'page'> & {
  /** The coded region (null for a zone without a code). */
  division: Division | null;
  /** A table figure's cell, "seq:row:col"; absent for a prose figure. */
  cell?: string;
  /** A prose figure's ref for the checks, "region:n". */
  ref?: string;
};
