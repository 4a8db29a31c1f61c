/**
 * Government procurement (政府采购预算表) and state-asset (国有资产占用情况表) tables: one row
 * per purchase and per asset class, amounts in 分. The columns are found by their header words;
 * a 合计 row is not a purchase, it is what the purchases must add up to (a check).
 */
import { unitNamedIn } from '../../../extractors/common/vocabulary.js';
import type { Table } from '../../../schemas/document.js';
import type { AssetItemRow, ProcurementItemRow } from '../../../schemas/records.js';
import { isMoneyUnit, parseAmount, parseNumber, type MoneyUnit } from '../amounts.js';
import { check, halfUnitYuan, type CheckDraft } from '../checks/check.js';
import { bodyRows, headerPaths } from '../header-paths.js';

/** Rows before the store gives them ids: the table is named by its position. */
export type ProcurementItemDraft = Omit<ProcurementItemRow, 'doc_id' | 'table_id'> & { table_seq: number };
export type AssetItemDraft = Omit<AssetItemRow, 'doc_id' | 'table_id'> & { table_seq: number };

type ProcurementColumn = 'project' | 'item' | 'catalog_code' | 'quantity_unit' | 'quantity' | 'unit_price' | 'amount' | 'sme';

const PROCUREMENT_WORDS: readonly [RegExp, ProcurementColumn][] = [
  [/中小(微)?企业/, 'sme'],
  [/项目名称$/, 'project'],
  [/采购(物品|品目|项目)?名称$|品目名称$|采购内容$/, 'item'],
  [/目录(序号|编码|代码)$|品目(编码|代码)$/, 'catalog_code'],
  [/计量单位$/, 'quantity_unit'],
  [/(^|\/)数量$/, 'quantity'],
  [/单价/, 'unit_price'],
  [/(采购|金额).*\/合计$|^(政府)?采购(预算)?金额(合计)?$|^合计$/, 'amount'],
];

function columnsOf<K extends string>(paths: readonly string[], words: readonly [RegExp, K][]): Map<K, number> {
  const out = new Map<K, number>();
  paths.forEach((path, c) => {
    const hit = words.find(([re]) => re.test(path))?.[1];
    if (hit && !out.has(hit)) out.set(hit, c);
  });
  return out;
}

const money = (raw: string | undefined, unit: MoneyUnit): number | null => {
  const a = parseAmount(raw ?? '', unit);
  return a.kind === 'amount' ? a.fen : null;
};

const isTotalName = (text: string) => /^(合计|总计)$/.test(text.replace(/\s+/g, ''));

export function readProcurement(table: Table, seq: number, unit: MoneyUnit): { items: ProcurementItemDraft[]; checks: CheckDraft[] } {
  const cols = columnsOf(headerPaths(table), PROCUREMENT_WORDS);
  const at = (cells: string[], k: ProcurementColumn) => {
    const c = cols.get(k);
    return c === undefined ? '' : (cells[c] ?? '').trim();
  };
  const items: ProcurementItemDraft[] = [];
  let total: { fen: number; raw: string } | null = null;
  let project: string | null = null;
  for (const { row, cells } of bodyRows(table)) {
    const name = at(cells, 'item');
    const first = (cells.find((c) => c.trim() !== '') ?? '').trim();
    if (isTotalName(first) || isTotalName(name)) {
      const fen = money(at(cells, 'amount'), unit);
      if (fen !== null) total = { fen, raw: at(cells, 'amount') };
      continue;
    }
    project = at(cells, 'project') || project;
    if (name === '') continue;
    items.push({
      table_seq: seq,
      row,
      project,
      item: name,
      catalog_code: at(cells, 'catalog_code') || null,
      quantity: parseNumber(at(cells, 'quantity')),
      quantity_unit: at(cells, 'quantity_unit') || null,
      unit_price_fen: money(at(cells, 'unit_price'), unit),
      amount_fen: money(at(cells, 'amount'), unit),
      sme_reserved_fen: money(at(cells, 'sme'), unit),
    });
  }
  const checks: CheckDraft[] = [];
  const amounts = items.filter((i) => i.amount_fen !== null);
  if (total && amounts.length > 0) {
    const slack = halfUnitYuan(unit, [total.raw]) * amounts.length;
    checks.push(check('procurement.total', '合计', amounts.reduce((s, i) => s + i.amount_fen!, 0) / 100, total.fen / 100, slack, '合计 = Σ purchases'));
  }
  return { items, checks };
}

/** The unit a header names for its own column: 价值（金额单位：万元）. */
const unitInHeader = (path: string): MoneyUnit | null => unitNamedIn(path);

export function readAssets(table: Table, seq: number, unit: MoneyUnit | null): AssetItemDraft[] {
  const paths = headerPaths(table);
  const nameCol = paths.findIndex((p) => /^(项目|资产(类别|名称|项目)?|类别)$/.test(p.split('/').pop() ?? ''));
  const quantityCol = paths.findIndex((p) => /数量/.test(p));
  const valueCol = paths.findIndex((p) => /价值|金额|原值|账面/.test(p));
  const valueUnit = (valueCol >= 0 ? unitInHeader(paths[valueCol]!) : null) ?? unit;
  if (nameCol < 0 || valueUnit === null) return [];
  const out: AssetItemDraft[] = [];
  for (const { row, cells } of bodyRows(table)) {
    const item = (cells[nameCol] ?? '').trim();
    if (item === '') continue;
    out.push({
      table_seq: seq,
      row,
      item,
      quantity: quantityCol >= 0 ? parseNumber(cells[quantityCol] ?? '') : null,
      value_fen: valueCol >= 0 ? money(cells[valueCol], valueUnit) : null,
    });
  }
  return out;
}
