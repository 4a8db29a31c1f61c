/**
 * The organisation a table's banner names: "471 石家庄市鹿泉区科学技术和工业信息化局", "部门：
 * 江苏省人大常委会办公厅", "单位名称：…", "471001 …局本级". A document that bundles a department
 * and its sub-units prints each unit's name above that unit's tables.
 */
const LABELLED = /(?:预算主管部门|主管部门|部门名称|单位名称|编制单位|预算单位|填报单位|部门|单位)\s*[:：]\s*([^\s:：]+?)(?=\s|预算年度|金额单位|单位\s*[:：]|$)/;
const CODED = /^\d{3,}\s*([\u3400-\u9fff（）()]+?)(?=预算年度|金额单位|单位\s*[:：]|\s|$)/;
const ORG_END = /(?:局|委员会|委|办公室|办|厅|院|部|中心|所|站|队|会|处|馆|政府|办事处|街道|乡|镇|公司|机关|学校|医院|集团|协会|联合会|总工会|本级|本部)$/;

export function orgOfBanner(lines: readonly string[]): string | null {
  for (const line of lines) {
    const text = line.trim();
    for (const m of [LABELLED.exec(text), CODED.exec(text)]) {
      const name = m?.[1]?.trim();
      if (name && ORG_END.test(name)) return name;
    }
  }
  return null;
}

/** The department a set of units belongs to: the most named, without 本级. */
export function departmentOfUnits(units: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const u of units) {
    if (!u) continue;
    const dept = u.replace(/(?:本级|本部)$/, '');
    counts.set(dept, (counts.get(dept) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}
