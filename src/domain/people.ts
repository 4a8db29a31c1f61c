/**
 * Tables about people and units: the evaluation team (评价工作组人员名单) and the units a
 * department consists of (单位构成: 单位名称 / 单位基本性质 / 经费形式 / 在职人数).
 */
import type { Table } from '../../schemas/document.js';
import type { OrgUnitRow, TeamMemberRow } from '../../schemas/records.js';
import { joinLetterSpacedCjk } from '../../extractors/common/normalize.js';
import { bodyRows, headerPaths } from './header-paths.js';

export type TeamMemberDraft = Omit<TeamMemberRow, 'doc_id'>;
export type OrgUnitDraft = Omit<OrgUnitRow, 'doc_id'>;

const TEAM_CONTEXT = /评价工作组|评价小组|工作组|人员名单|成员名单/;
type TeamField = 'name' | 'unit' | 'role' | 'title' | 'sign';

function teamFieldOf(header: string): TeamField | null {
  if (/姓名|名字/.test(header)) return 'name';
  if (/职务/.test(header)) return 'role';
  if (/职称/.test(header)) return 'title';
  if (/单位|部门|科室/.test(header)) return 'unit';
  if (/签字|签名/.test(header)) return 'sign';
  return null;
}

/** Columns of a team table printed without a header, by how many there are. */
const HEADERLESS_TEAM: Record<number, TeamField[]> = {
  2: ['name', 'role'],
  3: ['name', 'unit', 'role'],
  4: ['name', 'unit', 'role', 'title'],
  5: ['name', 'unit', 'role', 'title', 'sign'],
};

export function isTeamTable(table: Table, heading: string | null): boolean {
  const paths = headerPaths(table);
  if (table.headerRows > 0 && paths.some((p) => /姓名/.test(p))) return true;
  return [table.title, heading].some((t) => t !== null && TEAM_CONTEXT.test(t)) && table.nCols >= 2 && table.nCols <= 6;
}

const PERSON_NAME = /^[\u4e00-\u9fff·]{2,5}$/;

function clean(text: string): string | null {
  const t = joinLetterSpacedCjk(text.replace(/\s*\n\s*/g, ' ').trim());
  return t === '' ? null : t;
}

export function readTeam(table: Table): TeamMemberDraft[] {
  const fields = table.headerRows > 0 ? headerPaths(table).map(teamFieldOf) : (HEADERLESS_TEAM[table.nCols] ?? []);
  // A list of names printed without a header has its first person taken for a header row.
  if (table.headerRows > 0 && !fields.includes('name')) {
    return readTeam({ ...table, headerRows: 0, cells: table.cells.map((c) => ({ ...c, isHeader: false })) });
  }
  const members: TeamMemberDraft[] = [];
  for (const { cells } of bodyRows(table)) {
    const get = (f: TeamField) => {
      const i = fields.indexOf(f);
      return i >= 0 ? clean(cells[i] ?? '') : null;
    };
    const name = get('name')?.replace(/\s+/g, '');
    if (!name || !PERSON_NAME.test(name)) continue;
    members.push({ seq: members.length, name, unit: get('unit'), role: get('role'), title: get('title') });
  }
  return members;
}

type UnitField = 'name' | 'nature' | 'funding' | 'staff';

function unitFieldOf(header: string): UnitField | null {
  if (/单位名称|机构名称/.test(header)) return 'name';
  if (/性质/.test(header)) return 'nature';
  if (/经费/.test(header)) return 'funding';
  if (/在职|人数|编制|在编/.test(header)) return 'staff';
  return null;
}

export function isOrgUnitsTable(table: Table): boolean {
  if (table.headerRows === 0) return false;
  const fields = headerPaths(table).map(unitFieldOf);
  return fields.includes('name') && (fields.includes('nature') || fields.includes('funding'));
}

export function readOrgUnits(table: Table): OrgUnitDraft[] {
  const fields = headerPaths(table).map(unitFieldOf);
  const units: OrgUnitDraft[] = [];
  for (const { cells } of bodyRows(table)) {
    const get = (f: UnitField) => {
      const i = fields.indexOf(f);
      return i >= 0 ? clean(cells[i] ?? '') : null;
    };
    const name = get('name');
    if (!name || /^(?:合计|总计|小计)$/.test(name)) continue;
    const staff = /(\d+)/.exec(get('staff') ?? '');
    units.push({ seq: units.length, name, nature: get('nature'), funding: get('funding'), staff_count: staff ? Number(staff[1]) : null });
  }
  return units;
}
