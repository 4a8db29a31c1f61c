/** What the domain layer makes of one document model, before the store adds ids. */
import type { OcrPage, Table } from '../../schemas/document.js';
import type { MoneyUnit } from './amounts.js';
import type { FactRow, Family, IndicatorRow, LineItemRow, RegionFigureRow, TableKind } from '../../schemas/records.js';
import type { CheckDraft } from './checks/check.js';
import type { GoalDraft } from './goals.js';
import type { GoalProjectDraft } from './goal-tables.js';
import type { AssetItemDraft, ProcurementItemDraft } from './budget/procurement.js';
import type { GradeBand } from './grading.js';
import type { OrgUnitDraft, TeamMemberDraft } from './people.js';
import type { ProjectResultDraft } from './project-results.js';
import type { SectionDraft } from './sections.js';

export interface ParsedTable {
  kind: TableKind | null;
  table: Table;
  /** The unit its amounts are in (amounts.ts unitsInForce); null when the document declares none. */
  unit: MoneyUnit | null;
  /** Whether it carries on the table before it: a piece the page layout could not join. */
  continues: boolean;
  /** For a table published without rows, the note saying it is empty on purpose. */
  emptyNote?: string | null;
  /** The unit (or department) the table's banner names, in documents that bundle several. */
  orgUnit?: string | null;
}

/** Rows that point at a table name it by its position in `tables`. */
export type IndicatorDraft = Omit<IndicatorRow, 'doc_id' | 'table_id'> & { table_seq: number | null };
export type LineItemDraft = Omit<LineItemRow, 'doc_id' | 'table_id'> & { table_seq: number };
/** A fact as stored, but for its document. */
export type StoredFact = Omit<FactRow, 'doc_id' | 'table_id' | 'cell_row' | 'cell_col' | 'x0' | 'y0' | 'x1' | 'y1'> & {
  /** For a prose figure in a PDF: the box of the paragraph that prints it. */
  box?: { x0: number; y0: number; x1: number; y1: number } | null;
  /** The table cell it was read from, as "table seq:row:col"; the store turns it into table_id, cell_row, cell_col. */
  cell?: string | null;
};

/** A government-level figure as stored, but for its document; `cell` as for facts. */
export type StoredRegionFigure = Omit<RegionFigureRow, 'doc_id' | 'table_id' | 'cell_row' | 'cell_col'> & { cell: string | null };

export interface ParsedDocument {
  family: Family;
  title: string | null;
  department: string | null;
  region: string | null;
  region_code: string | null;
  region_level: 'province' | 'city' | 'county' | null;
  department_norm: string | null;
  coverage: 'own' | 'consolidated' | null;
  fiscal_year: number | null;
  published_on: string | null;
  signed_on: string | null;
  publisher: string | null;
  doc_number: string | null;
  index_number: string | null;
  /** Why the document is only partly extracted; empty when it is fully extracted. */
  problems: string[];
  tables: ParsedTable[];
  sections: SectionDraft[];
  facts: StoredFact[];
  checks: CheckDraft[];
  indicators: IndicatorDraft[];
  goals: GoalDraft[];
  goalProjects: GoalProjectDraft[];
  procurementItems: ProcurementItemDraft[];
  assetItems: AssetItemDraft[];
  projectResults: ProjectResultDraft[];
  teamMembers: TeamMemberDraft[];
  orgUnits: OrgUnitDraft[];
  gradeBands: GradeBand[];
  lineItems: LineItemDraft[];
  /** Government-level figures by region (gov_report documents). */
  regionFigures: StoredRegionFigure[];
  /** The pages the extractor read by OCR. */
  ocrPages: OcrPage[];
}
