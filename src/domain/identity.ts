/**
 * What joins documents across years: the department's name normalised (department_norm, the
 * rules below) and whether the document covers the department alone or with its units.
 * department_key itself is made in the database (documents_keyed view) from region_code and
 * department_norm through the department_aliases table, so a user's alias applies at once.
 *
 * Normalisation, in order:
 * 1. spaces and the brackets' forms are dropped; a trailing （本级）/（汇总）/（部门）/（机关） note goes;
 * 2. 中国共产党X委员会 is written 中共X委, and the leading 中共 then goes (中共江苏省委办公厅 and
 *    江苏省委办公厅 are one office);
 * 3. the leading names of areas go (江苏省, 上海市普陀区), keeping the level character when the
 *    name goes on with 委 (江苏省委办公厅 → 省委办公厅).
 */
import { leadingRegionNames } from './region.js';

export type Coverage = 'own' | 'consolidated';

const COVERAGE_NOTE = /[（(](本级|汇总|部门|部门汇总|机关|本部|合并)[)）]$/;

export function departmentNorm(department: string | null): string | null {
  if (!department) return null;
  let name = department.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
  name = name.replace(COVERAGE_NOTE, '');
  name = name.replace(/^中国共产党(.+?)委员会/, '中共$1委').replace(/^中共/, '');
  const areas = leadingRegionNames(name);
  const prefix = areas.join('');
  if (prefix.length > 0 && name.length > prefix.length + 1) {
    const rest = name.slice(prefix.length);
    name = rest.startsWith('委') ? `${prefix.slice(-1)}${rest}` : rest;
  }
  return name;
}

/**
 * 本级 (the department's own accounts) or 汇总 / 部门 (with its subordinate units), from the title
 * and department; null when neither says.
 */
export function coverageOf(...texts: (string | null)[]): Coverage | null {
  const text = texts.filter(Boolean).join(' ');
  if (/本级/.test(text)) return 'own';
  if (/汇总|部门(?:预算|决算)/.test(text)) return 'consolidated';
  if (/单位(?:预算|决算)/.test(text)) return 'own';
  return null;
}
