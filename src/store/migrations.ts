/**
 * The dataset's schema history. Each migration moves the database forward one version
 * (PRAGMA user_version); released migrations are never edited, only added to.
 * Column names and types mirror schemas/records.ts (a test keeps them in step).
 */

/** Frozen with V1: the fen columns of project_results and their yuan twins. */
const amountPairs = (prefix: string) =>
  ['total', 'central', 'provincial', 'city', 'county']
    .map((l) => `  ${prefix}_${l}_fen INTEGER,\n  ${prefix}_${l}_yuan REAL GENERATED ALWAYS AS (${prefix}_${l}_fen / 100.0) VIRTUAL,`)
    .join('\n');

/** An exact amount column in 分 and its 元 twin. */
const money = (name: string) => `  ${name}_fen INTEGER,\n  ${name}_yuan REAL GENERATED ALWAYS AS (${name}_fen / 100.0) VIRTUAL`;

const V1 = `
CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  format TEXT CHECK (format IN ('pdf', 'docx', 'doc', 'xlsx', 'xls', 'html', 'txt')),
  family TEXT CHECK (family IN ('budget', 'final_account', 'perf_self_eval', 'project_self_eval', 'perf_goals', 'gov_report', 'other')),
  title TEXT,
  department TEXT,
  region TEXT,
  fiscal_year INTEGER,
  published_on TEXT,
  signed_on TEXT,
  publisher TEXT,
  doc_number TEXT,
  index_number TEXT,
  pages INTEGER,
  status TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'failed')),
  error TEXT,
  bytes INTEGER,
  parser_version TEXT NOT NULL,
  ingested_at TEXT NOT NULL
) STRICT;
CREATE INDEX documents_family_year ON documents (family, fiscal_year);
CREATE INDEX documents_status ON documents (status);
CREATE INDEX documents_source ON documents (source);

CREATE TABLE document_sources (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  source TEXT NOT NULL,
  seen_at TEXT NOT NULL,
  PRIMARY KEY (doc_id, source)
) STRICT;
CREATE INDEX document_sources_source ON document_sources (source, seen_at);

CREATE TABLE tables (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  kind TEXT CHECK (kind IN ('summary', 'income', 'expenditure', 'appropriation_summary', 'gpb_expenditure',
    'gpb_basic_expenditure', 'gov_fund_expenditure', 'soe_capital_expenditure', 'three_public', 'performance_goal',
    'project_self_eval', 'project_results', 'procurement', 'assets', 'org_units', 'team')),
  title TEXT,
  unit TEXT,
  page_first INTEGER,
  page_last INTEGER,
  n_rows INTEGER NOT NULL,
  n_cols INTEGER NOT NULL,
  header_rows INTEGER NOT NULL,
  notes TEXT,
  UNIQUE (doc_id, seq)
) STRICT;
CREATE INDEX tables_kind ON tables (kind);

CREATE TABLE cells (
  table_id INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
  row INTEGER NOT NULL,
  col INTEGER NOT NULL,
  row_span INTEGER NOT NULL,
  col_span INTEGER NOT NULL,
  text TEXT NOT NULL,
  is_header INTEGER NOT NULL,
  PRIMARY KEY (table_id, row, col)
) STRICT, WITHOUT ROWID;

CREATE TABLE line_items (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  table_id INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
  row INTEGER NOT NULL,
  table_kind TEXT NOT NULL,
  classification TEXT NOT NULL CHECK (classification IN ('function', 'economic', 'gov_economic', 'item')),
  code TEXT,
  name TEXT NOT NULL,
  "column" TEXT NOT NULL,
  column_label TEXT NOT NULL,
  amount_fen INTEGER NOT NULL,
  amount_yuan REAL GENERATED ALWAYS AS (amount_fen / 100.0) VIRTUAL,
  raw TEXT NOT NULL
) STRICT;
CREATE INDEX line_items_doc ON line_items (doc_id, table_id);
CREATE INDEX line_items_code ON line_items (code);
CREATE INDEX line_items_kind_column ON line_items (table_kind, "column");

CREATE TABLE facts (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  basis TEXT CHECK (basis IN ('budget', 'final')),
  subject TEXT,
  value_num REAL,
  value_text TEXT,
  unit TEXT,
  raw TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('table', 'narrative')),
  page INTEGER
) STRICT;
CREATE INDEX facts_doc ON facts (doc_id);
CREATE INDEX facts_key ON facts (key, basis);

CREATE TABLE checks (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  rule TEXT NOT NULL,
  subject TEXT,
  expected REAL,
  actual REAL,
  ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
  detail TEXT
) STRICT;
CREATE INDEX checks_doc ON checks (doc_id);
CREATE INDEX checks_rule ON checks (rule, ok);

CREATE TABLE indicators (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  table_id INTEGER REFERENCES tables (id) ON DELETE CASCADE,
  goal_seq INTEGER,
  project TEXT,
  level1 TEXT,
  level2 TEXT,
  level3 TEXT,
  description TEXT NOT NULL,
  target_raw TEXT,
  target_op TEXT CHECK (target_op IN ('>=', '<=', '>', '<', '=')),
  target_value REAL,
  target_unit TEXT,
  actual_raw TEXT,
  weight REAL,
  score REAL,
  basis TEXT
) STRICT;
CREATE INDEX indicators_doc ON indicators (doc_id);

CREATE TABLE goals (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  title TEXT,
  description TEXT,
  goal TEXT,
  indicators TEXT,
  result TEXT,
  page INTEGER,
  PRIMARY KEY (doc_id, seq)
) STRICT;

CREATE TABLE project_results (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  table_id INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
  row INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  project TEXT NOT NULL,
  unit TEXT,
${amountPairs('budget')}
${amountPairs('executed')}
  balance_fen INTEGER,
  balance_yuan REAL GENERATED ALWAYS AS (balance_fen / 100.0) VIRTUAL,
  returned_fen INTEGER,
  returned_yuan REAL GENERATED ALWAYS AS (returned_fen / 100.0) VIRTUAL,
  score REAL,
  ambiguous INTEGER NOT NULL CHECK (ambiguous IN (0, 1)),
  note TEXT
) STRICT;
CREATE INDEX project_results_doc ON project_results (doc_id, seq);

CREATE TABLE team_members (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  unit TEXT,
  role TEXT,
  title TEXT,
  PRIMARY KEY (doc_id, seq)
) STRICT;

CREATE TABLE org_units (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  nature TEXT,
  funding TEXT,
  staff_count INTEGER,
  PRIMARY KEY (doc_id, seq)
) STRICT;

CREATE TABLE grade_bands (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  grade TEXT NOT NULL,
  min_score REAL,
  min_inclusive INTEGER NOT NULL,
  max_score REAL,
  max_inclusive INTEGER NOT NULL,
  raw TEXT NOT NULL
) STRICT;
CREATE INDEX grade_bands_doc ON grade_bands (doc_id);

CREATE TABLE sections (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  level INTEGER NOT NULL,
  numbering TEXT,
  heading TEXT,
  text TEXT NOT NULL,
  page INTEGER,
  topic TEXT,
  UNIQUE (doc_id, seq)
) STRICT;
CREATE INDEX sections_topic ON sections (topic);

-- Trigram tokens make substring search work for Chinese, which has no spaces between words.
CREATE VIRTUAL TABLE sections_fts USING fts5 (heading, text, content = 'sections', content_rowid = 'id', tokenize = 'trigram');
CREATE TRIGGER sections_fts_insert AFTER INSERT ON sections BEGIN
  INSERT INTO sections_fts (rowid, heading, text) VALUES (new.id, new.heading, new.text);
END;
CREATE TRIGGER sections_fts_delete AFTER DELETE ON sections BEGIN
  INSERT INTO sections_fts (sections_fts, rowid, heading, text) VALUES ('delete', old.id, old.heading, old.text);
END;
CREATE TRIGGER sections_fts_update AFTER UPDATE ON sections BEGIN
  INSERT INTO sections_fts (sections_fts, rowid, heading, text) VALUES ('delete', old.id, old.heading, old.text);
  INSERT INTO sections_fts (rowid, heading, text) VALUES (new.id, new.heading, new.text);
END;

-- Views for the common questions.
-- The document each path or URL last held: when a file changes, its older content stays
-- stored (traceable) but is no longer current.
CREATE VIEW current_documents AS
  SELECT d.* FROM documents d
  WHERE EXISTS (
    SELECT 1 FROM document_sources s
    WHERE s.doc_id = d.id
      AND s.seen_at = (SELECT max(s2.seen_at) FROM document_sources s2 WHERE s2.source = s.source)
  );
CREATE VIEW failed_documents AS
  SELECT source, format, error, ingested_at FROM current_documents WHERE status = 'failed';
CREATE VIEW check_failures AS
  SELECT d.source, d.title, c.rule, c.subject, c.expected, c.actual, c.detail
  FROM checks c JOIN current_documents d ON d.id = c.doc_id WHERE c.ok = 0;
CREATE VIEW document_overview AS
  SELECT d.id, d.source, d.family, d.status, d.department, d.region, d.fiscal_year,
    (SELECT count(*) FROM tables t WHERE t.doc_id = d.id) AS tables,
    (SELECT count(*) FROM line_items l WHERE l.doc_id = d.id) AS line_items,
    (SELECT count(*) FROM facts f WHERE f.doc_id = d.id) AS facts,
    (SELECT count(*) FROM checks c WHERE c.doc_id = d.id AND c.ok = 1) AS checks_passed,
    (SELECT count(*) FROM checks c WHERE c.doc_id = d.id AND c.ok = 0) AS checks_failed
  FROM current_documents d;
`;

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

const V2 = `
ALTER TABLE tables ADD COLUMN org_unit TEXT;
ALTER TABLE line_items ADD COLUMN level INTEGER CHECK (level BETWEEN 1 AND 3);
ALTER TABLE line_items ADD COLUMN parent_code TEXT;
ALTER TABLE line_items ADD COLUMN economic_code TEXT;
ALTER TABLE line_items ADD COLUMN gov_economic_code TEXT;
CREATE INDEX line_items_parent ON line_items (parent_code);
ALTER TABLE tables ADD COLUMN empty_note TEXT;
CREATE TABLE goal_projects (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  table_id INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
  project_code TEXT,
  project TEXT,
${money('amount')},
${money('fiscal')},
${money('other')},
  purpose TEXT,
  spending_plan TEXT,
  goal TEXT,
  page INTEGER
) STRICT;
CREATE INDEX goal_projects_doc ON goal_projects (doc_id, table_id);
CREATE INDEX indicators_table ON indicators (table_id);

CREATE TABLE procurement_items (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  table_id INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
  row INTEGER NOT NULL,
  project TEXT,
  item TEXT NOT NULL,
  catalog_code TEXT,
  quantity REAL,
  quantity_unit TEXT,
${money('unit_price')},
${money('amount')},
${money('sme_reserved')}
) STRICT;
CREATE INDEX procurement_items_doc ON procurement_items (doc_id, table_id);

CREATE TABLE asset_items (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  table_id INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
  row INTEGER NOT NULL,
  item TEXT NOT NULL,
  quantity REAL,
${money('value')}
) STRICT;
CREATE INDEX asset_items_doc ON asset_items (doc_id, table_id);
`;

const V3 = `
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('ingest', 'crawl')),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted')),
  tool_version TEXT NOT NULL,
  arguments TEXT NOT NULL,
  files_seen INTEGER NOT NULL,
  files_new INTEGER NOT NULL,
  files_skipped INTEGER NOT NULL,
  files_failed INTEGER NOT NULL,
  pages INTEGER NOT NULL,
  seconds REAL
) STRICT;
CREATE INDEX runs_started ON runs (started_at);
`;

const V4 = `
CREATE TABLE fetches (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id),
  url TEXT NOT NULL,
  final_url TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('robots', 'listing', 'notice', 'attachment')),
  status INTEGER,
  etag TEXT,
  last_modified TEXT,
  content_type TEXT,
  sha256 TEXT,
  bytes INTEGER,
  referrer TEXT,
  notice_title TEXT,
  notice_date TEXT,
  error TEXT,
  fetched_at TEXT NOT NULL
) STRICT;
CREATE INDEX fetches_url ON fetches (url, id);
CREATE INDEX fetches_sha256 ON fetches (sha256);

-- Each crawled document with the URL it came from and its notice page's title and date.
CREATE VIEW crawled_documents AS
SELECT d.id AS doc_id, d.status, d.family, d.title, f.url, f.referrer AS notice_url, f.notice_title, f.notice_date,
       max(f.fetched_at) AS last_fetched_at
FROM documents d JOIN fetches f ON f.sha256 = d.id AND f.kind IN ('attachment', 'notice')
GROUP BY d.id, f.url;
`;

const V5 = `
ALTER TABLE facts ADD COLUMN verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1));
ALTER TABLE line_items ADD COLUMN verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1));
CREATE INDEX facts_verified ON facts (key, verified);
`;

const V6 = `
CREATE TABLE ocr_pages (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  page INTEGER NOT NULL CHECK (page > 0),
  engine TEXT NOT NULL,
  model TEXT NOT NULL,
  scale REAL NOT NULL CHECK (scale > 0),
  lines INTEGER NOT NULL CHECK (lines >= 0),
  mean_confidence REAL CHECK (mean_confidence BETWEEN 0 AND 1),
  doubtful TEXT,
  PRIMARY KEY (doc_id, page)
) STRICT;
`;

const V7 = `
ALTER TABLE documents ADD COLUMN region_code TEXT CHECK (region_code GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]');
ALTER TABLE documents ADD COLUMN region_level TEXT CHECK (region_level IN ('province', 'city', 'county'));
ALTER TABLE documents ADD COLUMN department_norm TEXT;
ALTER TABLE documents ADD COLUMN coverage TEXT CHECK (coverage IN ('own', 'consolidated'));
CREATE INDEX documents_department ON documents (region_code, department_norm, fiscal_year);

-- Renamings and variants of one department: documents whose department_norm is an alias get
-- the canonical name in their department_key. region_code NULL applies the alias everywhere.
CREATE TABLE department_aliases (
  region_code TEXT,
  alias TEXT NOT NULL,
  canonical TEXT NOT NULL,
  note TEXT,
  UNIQUE (region_code, alias)
) STRICT;

-- What each family must publish (the standard tables, the 三公 explanation, goal tables).
CREATE TABLE required_disclosures (
  family TEXT NOT NULL,
  item TEXT NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY (family, item)
) STRICT;
INSERT INTO required_disclosures (family, item, label) VALUES
  ('budget', 'summary', '收支总表'), ('budget', 'income', '收入总表'), ('budget', 'expenditure', '支出总表'),
  ('budget', 'appropriation_summary', '财政拨款收支总表'), ('budget', 'gpb_expenditure', '一般公共预算支出表'),
  ('budget', 'gpb_basic_expenditure', '一般公共预算基本支出表'), ('budget', 'gov_fund_expenditure', '政府性基金预算支出表'),
  ('budget', 'soe_capital_expenditure', '国有资本经营预算支出表'), ('budget', 'three_public', '“三公”经费支出表'),
  ('budget', 'three_public_explained', '“三公”经费说明'), ('budget', 'performance_goal', '绩效目标表'),
  ('final_account', 'summary', '收入支出决算总表'), ('final_account', 'income', '收入决算表'), ('final_account', 'expenditure', '支出决算表'),
  ('final_account', 'appropriation_summary', '财政拨款收入支出决算总表'), ('final_account', 'gpb_expenditure', '一般公共预算财政拨款支出决算表'),
  ('final_account', 'gpb_basic_expenditure', '一般公共预算财政拨款基本支出决算表'), ('final_account', 'gov_fund_expenditure', '政府性基金预算财政拨款收入支出决算表'),
  ('final_account', 'soe_capital_expenditure', '国有资本经营预算财政拨款支出决算表'), ('final_account', 'three_public', '财政拨款“三公”经费支出决算表'),
  ('final_account', 'three_public_explained', '“三公”经费说明');

-- Current documents with the key that joins a department across years and documents.
CREATE VIEW documents_keyed AS
  SELECT d.*,
    CASE WHEN d.department_norm IS NULL THEN NULL
      ELSE coalesce(d.region_code, '000000') || ':' || coalesce(
        (SELECT a.canonical FROM department_aliases a WHERE a.alias = d.department_norm AND a.region_code = d.region_code),
        (SELECT a.canonical FROM department_aliases a WHERE a.alias = d.department_norm AND a.region_code IS NULL),
        d.department_norm) END AS department_key,
    CASE d.family WHEN 'budget' THEN 'budget' WHEN 'final_account' THEN 'final' END AS stage
  FROM current_documents d;

-- One row per current budget or final account: the headline figures (元) as columns, each with
-- its verified flag; a table's figure is preferred to the prose's.
CREATE VIEW headlines AS
  WITH ranked AS (
    SELECT f.doc_id, f.key, f.value_num, f.verified,
      row_number() OVER (PARTITION BY f.doc_id, f.key ORDER BY f.source = 'table' DESC, f.verified DESC, f.rowid) AS n
    FROM facts f WHERE f.subject IS NULL AND f.value_num IS NOT NULL
  ), h AS (SELECT * FROM ranked WHERE n = 1)
  SELECT k.id AS doc_id, k.region_code, k.region, k.region_level, k.department_key, k.department, k.coverage,
    k.fiscal_year, k.family, k.stage, k.status,
    max(CASE WHEN h.key = 'income_total' THEN h.value_num END) AS income_total,
    max(CASE WHEN h.key = 'income_total' THEN h.verified END) AS income_total_verified,
    max(CASE WHEN h.key = 'expenditure_total' THEN h.value_num END) AS expenditure_total,
    max(CASE WHEN h.key = 'expenditure_total' THEN h.verified END) AS expenditure_total_verified,
    max(CASE WHEN h.key = 'income_current_year' THEN h.value_num END) AS income_current_year,
    max(CASE WHEN h.key = 'income_current_year' THEN h.verified END) AS income_current_year_verified,
    max(CASE WHEN h.key = 'expenditure_current_year' THEN h.value_num END) AS expenditure_current_year,
    max(CASE WHEN h.key = 'expenditure_current_year' THEN h.verified END) AS expenditure_current_year_verified,
    max(CASE WHEN h.key = 'carryover_begin' THEN h.value_num END) AS carryover_begin,
    max(CASE WHEN h.key = 'carryover_begin' THEN h.verified END) AS carryover_begin_verified,
    max(CASE WHEN h.key = 'carryover_end' THEN h.value_num END) AS carryover_end,
    max(CASE WHEN h.key = 'carryover_end' THEN h.verified END) AS carryover_end_verified,
    max(CASE WHEN h.key = 'basic_expenditure' THEN h.value_num END) AS basic_expenditure,
    max(CASE WHEN h.key = 'basic_expenditure' THEN h.verified END) AS basic_expenditure_verified,
    max(CASE WHEN h.key = 'project_expenditure' THEN h.value_num END) AS project_expenditure,
    max(CASE WHEN h.key = 'project_expenditure' THEN h.verified END) AS project_expenditure_verified,
    max(CASE WHEN h.key = 'personnel_expenditure' THEN h.value_num END) AS personnel_expenditure,
    max(CASE WHEN h.key = 'personnel_expenditure' THEN h.verified END) AS personnel_expenditure_verified,
    max(CASE WHEN h.key = 'public_expenditure' THEN h.value_num END) AS public_expenditure,
    max(CASE WHEN h.key = 'public_expenditure' THEN h.verified END) AS public_expenditure_verified,
    max(CASE WHEN h.key = 'three_public_total' THEN h.value_num END) AS three_public_total,
    max(CASE WHEN h.key = 'three_public_total' THEN h.verified END) AS three_public_total_verified,
    max(CASE WHEN h.key = 'three_public_abroad' THEN h.value_num END) AS three_public_abroad,
    max(CASE WHEN h.key = 'three_public_abroad' THEN h.verified END) AS three_public_abroad_verified,
    max(CASE WHEN h.key = 'three_public_vehicles' THEN h.value_num END) AS three_public_vehicles,
    max(CASE WHEN h.key = 'three_public_vehicles' THEN h.verified END) AS three_public_vehicles_verified,
    max(CASE WHEN h.key = 'three_public_vehicle_purchase' THEN h.value_num END) AS three_public_vehicle_purchase,
    max(CASE WHEN h.key = 'three_public_vehicle_purchase' THEN h.verified END) AS three_public_vehicle_purchase_verified,
    max(CASE WHEN h.key = 'three_public_vehicle_operation' THEN h.value_num END) AS three_public_vehicle_operation,
    max(CASE WHEN h.key = 'three_public_vehicle_operation' THEN h.verified END) AS three_public_vehicle_operation_verified,
    max(CASE WHEN h.key = 'three_public_reception' THEN h.value_num END) AS three_public_reception,
    max(CASE WHEN h.key = 'three_public_reception' THEN h.verified END) AS three_public_reception_verified
  FROM documents_keyed k LEFT JOIN h ON h.doc_id = k.id
  WHERE k.family IN ('budget', 'final_account')
  GROUP BY k.id;

-- Budget against final account, per department and year, where both are stored.
CREATE VIEW budget_execution AS
  SELECT b.department_key, b.fiscal_year, b.region_code, b.region, b.department,
    b.expenditure_total AS budget_expenditure_total, f.expenditure_total AS final_expenditure_total,
    b.basic_expenditure AS budget_basic_expenditure, f.basic_expenditure AS final_basic_expenditure,
    b.project_expenditure AS budget_project_expenditure, f.project_expenditure AS final_project_expenditure,
    b.three_public_total AS budget_three_public_total, f.three_public_total AS final_three_public_total,
    b.three_public_abroad AS budget_three_public_abroad, f.three_public_abroad AS final_three_public_abroad,
    b.three_public_vehicles AS budget_three_public_vehicles, f.three_public_vehicles AS final_three_public_vehicles,
    b.three_public_reception AS budget_three_public_reception, f.three_public_reception AS final_three_public_reception,
    round(100.0 * f.expenditure_total / nullif(b.expenditure_total, 0), 2) AS execution_rate,
    b.doc_id AS budget_doc_id, f.doc_id AS final_doc_id
  FROM headlines b JOIN headlines f
    ON f.department_key = b.department_key AND f.fiscal_year = b.fiscal_year AND f.stage = 'final'
   AND (b.coverage IS NULL OR f.coverage IS NULL OR b.coverage = f.coverage)
  WHERE b.stage = 'budget' AND b.department_key IS NOT NULL;

-- Every line item of the current budgets and final accounts, long and tidy.
CREATE VIEW panel AS
  SELECT k.region_code, k.department_key, k.fiscal_year, k.stage, l.table_kind, l.classification, l.code, l.name,
    l."column" AS measure, l.amount_fen / 100.0 AS amount_yuan, l.amount_fen, l.verified, l.doc_id, t.page_first AS page
  FROM line_items l JOIN documents_keyed k ON k.id = l.doc_id JOIN tables t ON t.id = l.table_id
  WHERE k.family IN ('budget', 'final_account');

-- Each thing a document's family must publish, and whether it does.
CREATE VIEW disclosure_items AS
  SELECT k.id AS doc_id, r.item, r.label,
    CASE
      WHEN r.item = 'three_public_explained' THEN
        CASE WHEN EXISTS (SELECT 1 FROM facts f WHERE f.doc_id = k.id AND f.source = 'narrative' AND f.key LIKE 'three_public%') THEN 'present' ELSE 'missing' END
      WHEN EXISTS (SELECT 1 FROM tables t WHERE t.doc_id = k.id AND t.kind = r.item AND t.empty_note IS NULL AND t.n_rows > t.header_rows) THEN 'present'
      WHEN EXISTS (SELECT 1 FROM tables t WHERE t.doc_id = k.id AND t.kind = r.item AND t.empty_note IS NOT NULL) THEN 'empty_with_note'
      WHEN EXISTS (SELECT 1 FROM tables t WHERE t.doc_id = k.id AND t.kind = r.item) THEN 'empty_without_note'
      ELSE 'missing' END AS state
  FROM documents_keyed k JOIN required_disclosures r ON r.family = k.family;

-- Per document: how much of what its family must publish it does (present or empty with a note).
CREATE VIEW disclosure_completeness AS
  SELECT i.doc_id, k.region_code, k.department_key, k.department, k.fiscal_year, k.family,
    count(*) AS required,
    sum(i.state = 'present') AS present,
    sum(i.state = 'empty_with_note') AS empty_with_note,
    sum(i.state IN ('missing', 'empty_without_note')) AS missing,
    round(1.0 * sum(i.state IN ('present', 'empty_with_note')) / count(*), 3) AS score,
    group_concat(CASE WHEN i.state IN ('missing', 'empty_without_note') THEN i.label END, '、') AS missing_items
  FROM disclosure_items i JOIN documents_keyed k ON k.id = i.doc_id
  GROUP BY i.doc_id;
`;

const V8 = `
ALTER TABLE cells ADD COLUMN page INTEGER CHECK (page > 0);
ALTER TABLE cells ADD COLUMN x0 REAL;
ALTER TABLE cells ADD COLUMN y0 REAL;
ALTER TABLE cells ADD COLUMN x1 REAL;
ALTER TABLE cells ADD COLUMN y1 REAL;
ALTER TABLE line_items ADD COLUMN col INTEGER NOT NULL DEFAULT 0 CHECK (col >= 0);
ALTER TABLE facts ADD COLUMN table_id INTEGER REFERENCES tables (id) ON DELETE CASCADE;
ALTER TABLE facts ADD COLUMN cell_row INTEGER CHECK (cell_row >= 0);
ALTER TABLE facts ADD COLUMN cell_col INTEGER CHECK (cell_col >= 0);
`;

const V9 = `
ALTER TABLE facts ADD COLUMN x0 REAL;
ALTER TABLE facts ADD COLUMN y0 REAL;
ALTER TABLE facts ADD COLUMN x1 REAL;
ALTER TABLE facts ADD COLUMN y1 REAL;
CREATE TABLE ocr_lines (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  page INTEGER NOT NULL CHECK (page > 0),
  seq INTEGER NOT NULL CHECK (seq >= 0),
  text TEXT NOT NULL,
  confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  x0 REAL NOT NULL, y0 REAL NOT NULL, x1 REAL NOT NULL, y1 REAL NOT NULL,
  PRIMARY KEY (doc_id, page, seq)
) STRICT;
`;

const V10 = `
-- Each crawled notice page with the attachments it linked (a notice that only announces its
-- report is stored as family other; the report is the attachment).
CREATE VIEW notice_attachments AS
  SELECT DISTINCT n.sha256 AS notice_doc_id, n.url AS notice_url, a.sha256 AS attachment_doc_id, a.url AS attachment_url
  FROM fetches n JOIN fetches a ON a.kind = 'attachment' AND a.referrer IN (n.url, n.final_url)
  WHERE n.kind = 'notice' AND n.sha256 IS NOT NULL AND a.sha256 IS NOT NULL;
`;

/** A view's CREATE statement as a released migration wrote it. */
function releasedView(sql: string, name: string): string {
  const m = new RegExp(`CREATE VIEW ${name} AS[\\s\\S]*?;`).exec(sql);
  if (!m) throw new Error(`no view ${name} in the released migration`);
  return m[0];
}

// Views any SQL database runs, so PostgreSQL gets the same definitions (store/pg/schema.ts): every
// selected column grouped on (SQLite let a bare column ride on GROUP BY k.id), counts of a
// condition as sums of CASE, string_agg for group_concat, and crawled_documents' latest fetch by
// row_number instead of SQLite's bare-column max(). Same rows as before.
const HEADLINE_KEYS = 'k.id, k.region_code, k.region, k.region_level, k.department_key, k.department, k.coverage, k.fiscal_year, k.family, k.stage, k.status';
const V11 = `
DROP VIEW headlines;
${releasedView(V7, 'headlines').replace('GROUP BY k.id;', `GROUP BY ${HEADLINE_KEYS};`)}
DROP VIEW disclosure_completeness;
CREATE VIEW disclosure_completeness AS
  SELECT i.doc_id, k.region_code, k.department_key, k.department, k.fiscal_year, k.family,
    count(*) AS required,
    sum(CASE WHEN i.state = 'present' THEN 1 ELSE 0 END) AS present,
    sum(CASE WHEN i.state = 'empty_with_note' THEN 1 ELSE 0 END) AS empty_with_note,
    sum(CASE WHEN i.state IN ('missing', 'empty_without_note') THEN 1 ELSE 0 END) AS missing,
    round(1.0 * sum(CASE WHEN i.state IN ('present', 'empty_with_note') THEN 1 ELSE 0 END) / count(*), 3) AS score,
    string_agg(CASE WHEN i.state IN ('missing', 'empty_without_note') THEN i.label END, '、') AS missing_items
  FROM disclosure_items i JOIN documents_keyed k ON k.id = i.doc_id
  GROUP BY i.doc_id, k.region_code, k.department_key, k.department, k.fiscal_year, k.family;
DROP VIEW crawled_documents;
CREATE VIEW crawled_documents AS
  SELECT doc_id, status, family, title, url, notice_url, notice_title, notice_date, last_fetched_at FROM (
    SELECT d.id AS doc_id, d.status, d.family, d.title, f.url, f.referrer AS notice_url, f.notice_title, f.notice_date,
      f.fetched_at AS last_fetched_at,
      row_number() OVER (PARTITION BY d.id, f.url ORDER BY f.fetched_at DESC, f.id DESC) AS n
    FROM documents d JOIN fetches f ON f.sha256 = d.id AND f.kind IN ('attachment', 'notice')
  ) latest WHERE n = 1;
`;

/** Frozen with V12: the keys region_panel pivots into columns (a later key needs a later migration). */
const V12_PANEL_KEYS = [
  'gpb_revenue', 'tax_revenue', 'non_tax_revenue', 'gpb_expenditure', 'transfer_from_higher',
  'gov_fund_revenue', 'land_sale_revenue', 'gov_fund_expenditure', 'soe_revenue', 'soe_expenditure', 'ssf_revenue', 'ssf_expenditure',
  'debt_limit_general', 'debt_limit_special', 'debt_limit_total', 'debt_balance_general', 'debt_balance_special', 'debt_balance_total',
  'debt_new_general', 'debt_new_special', 'debt_new_total', 'debt_issued_general', 'debt_issued_special', 'debt_issued_total',
  'debt_refinancing_general', 'debt_refinancing_special', 'debt_repaid_general', 'debt_repaid_special', 'debt_repaid_principal',
  'debt_interest_general', 'debt_interest_special', 'debt_interest', 'deficit',
  'bond_issued_general', 'bond_issued_special', 'bond_issued_total', 'bond_repaid_general', 'bond_repaid_special', 'bond_repaid_total',
  'bond_interest_general', 'bond_interest_special', 'bond_interest_total',
];

const pivot = (key: string) => [
  `    max(CASE WHEN b.key = '${key}' THEN b.value_fen END) / 100.0 AS ${key}`,
  `    max(CASE WHEN b.key = '${key}' THEN b.verified END) AS ${key}_verified`,
  `    max(CASE WHEN b.key = '${key}' THEN b.basis END) AS ${key}_basis`,
  `    max(CASE WHEN b.key = '${key}' THEN b.doc_id END) AS ${key}_doc_id`,
].join(',\n');

const V12 = `
CREATE TABLE region_figures (
  doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  region TEXT NOT NULL,
  region_code TEXT CHECK (region_code GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]'),
  region_name TEXT,
  region_level TEXT CHECK (region_level IN ('province', 'city', 'county')),
  scope TEXT CHECK (scope IN ('whole', 'own_level')),
  fiscal_year INTEGER NOT NULL,
  basis TEXT NOT NULL CHECK (basis IN ('budget', 'adjusted_budget', 'execution', 'final')),
  key TEXT NOT NULL,
  value_fen INTEGER NOT NULL,
  value_yuan REAL GENERATED ALWAYS AS (value_fen / 100.0) VIRTUAL,
  unit TEXT NOT NULL,
  raw TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('table', 'narrative')),
  context TEXT NOT NULL,
  page INTEGER CHECK (page > 0),
  table_id INTEGER REFERENCES tables (id) ON DELETE CASCADE,
  cell_row INTEGER CHECK (cell_row >= 0),
  cell_col INTEGER CHECK (cell_col >= 0),
  verified INTEGER NOT NULL CHECK (verified IN (0, 1))
) STRICT;
CREATE INDEX region_figures_doc ON region_figures (doc_id);
CREATE INDEX region_figures_region ON region_figures (region_code, fiscal_year, key);

-- One row per region, year and scope: for each key the most final figure (final > execution >
-- adjusted_budget > budget; then verified, then a table's over the prose's, then the latest
-- document), with its verified flag, basis and document.
CREATE VIEW region_panel AS
  WITH ranked AS (
    SELECT f.doc_id, f.region_code, f.region_name, f.scope, f.fiscal_year, f.key, f.basis, f.value_fen, f.verified,
      row_number() OVER (PARTITION BY f.region_code, f.fiscal_year, f.scope, f.key ORDER BY
        CASE f.basis WHEN 'final' THEN 4 WHEN 'execution' THEN 3 WHEN 'adjusted_budget' THEN 2 ELSE 1 END DESC,
        f.verified DESC, CASE f.source WHEN 'table' THEN 1 ELSE 0 END DESC, d.ingested_at DESC, f.doc_id, f.rowid) AS n
    FROM region_figures f JOIN current_documents d ON d.id = f.doc_id
    WHERE f.region_code IS NOT NULL
  ), b AS (SELECT * FROM ranked WHERE n = 1)
  SELECT b.region_code, max(b.region_name) AS region_name, b.fiscal_year, b.scope,
${V12_PANEL_KEYS.map(pivot).join(',\n')}
  FROM b
  GROUP BY b.region_code, b.fiscal_year, b.scope;
`;

export const MIGRATIONS: Migration[] = [
  { version: 1, description: 'initial dataset', sql: V1 },
  { version: 2, description: 'tables.org_unit and empty_note; line_items level, parent and side-by-side codes; goal_projects, procurement_items, asset_items', sql: V2 },
  { version: 3, description: 'runs: one row per ingest or crawl run', sql: V3 },
  { version: 4, description: 'fetches: one row per crawl request; crawled_documents view', sql: V4 },
  { version: 5, description: 'facts.verified and line_items.verified: whether an identity or an independent source confirms the figure', sql: V5 },
  { version: 6, description: 'ocr_pages: the pages read by OCR, with engine, model and confidence', sql: V6 },
  { version: 7, description: 'documents.region_code, region_level, department_norm, coverage; department_aliases, required_disclosures; views documents_keyed, headlines, budget_execution, panel, disclosure_items, disclosure_completeness', sql: V7 },
  { version: 8, description: 'cells.page and box (x0, y0, x1, y1) for PDF cells; line_items.col; facts.table_id, cell_row, cell_col: every table figure points at its cell', sql: V8 },
  { version: 9, description: 'facts.x0/y0/x1/y1: a prose figure\'s paragraph box; ocr_lines: every line OCR read, with its box', sql: V9 },
  { version: 10, description: 'notice_attachments view: each crawled notice with the attachments it linked', sql: V10 },
  { version: 11, description: 'headlines, disclosure_completeness and crawled_documents rewritten in SQL PostgreSQL runs too (same rows)', sql: V11 },
  { version: 12, description: 'region_figures: government-level figures by region, year, basis and key; region_panel view: one row per region, year and scope', sql: V12 },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
