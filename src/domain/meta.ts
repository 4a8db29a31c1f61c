/**
 * Who published what, for which year, and when: from the title, the notice metadata and the
 * signature at the end of the document.
 */
import type { Block, DocumentModel } from '../../schemas/document.js';
import { asciiDigits } from '../../extractors/common/normalize.js';
import { isoDate } from '../../extractors/common/notice.js';

/** The document title: the body's level-1 heading, else what the file or page declares. */
export function documentTitle(model: DocumentModel): string | null {
  const h1 = model.blocks.find((b) => b.type === 'heading' && b.level === 1 && b.numbering === null);
  if (h1?.type === 'heading') return h1.text;
  return model.notice?.title ?? model.title;
}

const YEAR = /((?:19|20)\d{2})\s*年\s*度?/;

/** The first year in the title: "2024 年度整体支出…", "2026年部门预算". */
export function fiscalYearOf(title: string | null, blocks: Block[]): number | null {
  const fromTitle = title ? YEAR.exec(asciiDigits(title)) : null;
  if (fromTitle) return Number(fromTitle[1]);
  for (const b of blocks.slice(0, 40)) {
    const text = b.type === 'table' ? b.notes.join(' ') : b.text;
    const m = /预算年度\s*[:：]\s*((?:19|20)\d{2})/.exec(asciiDigits(text));
    if (m) return Number(m[1]);
  }
  return null;
}

const ORG_SUFFIX = /(?:局|委员会|委|办公室|办|厅|院|部|中心|所|站|队|会|处|馆|政府|办事处|街道|乡|镇|公司|机关|学校|医院|集团|协会|联合会|总工会)$/;

/**
 * The department in the title: the words before the year ("石家庄市鹿泉区科学技术和工业信息化局
 * 2024 年度…"), when they end like an organisation.
 */
export function departmentOf(title: string | null): string | null {
  if (!title) return null;
  const compact = title.replace(/\s+/g, ' ').trim();
  const m = /^(.*?)\s*(?:19|20)\d{2}\s*年/.exec(asciiDigits(compact));
  const before = (m ? m[1]! : '').replace(/^关于/, '').replace(/\s+/g, '');
  if (before.length >= 2 && ORG_SUFFIX.test(before)) return before;
  // "2026年烟台市交通运输局部门预算": the department after the year.
  const after = /(?:19|20)\d{2}\s*年度?\s*(.+?)(?:部门|单位)?(?:整体)?(?:预算|决算)/.exec(asciiDigits(compact.replace(/\s+/g, '')))?.[1];
  return after && after.length >= 4 && ORG_SUFFIX.test(after) ? after : null;
}

/** A cover line naming the department: 预算主管部门：上海市普陀区司法局. */
export function coverDepartment(blocks: Block[]): string | null {
  for (const b of blocks.slice(0, 8)) {
    if (b.type === 'table') break;
    const m = /^(?:预算主管部门|主管部门|部门名称|单位名称|编制单位)\s*[:：]\s*(\S+)$/.exec(b.text.trim());
    if (m && ORG_SUFFIX.test(m[1]!)) return m[1]!;
  }
  return null;
}

const SIGNATURE_DATE = /^(?:(?:日期|时间|落款日期)[:：])?(?:(?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$/;
const SIGNATURE_TAIL = 6;

/** The date printed on its own line in the last blocks, under the signature. */
export function signatureDate(blocks: Block[]): string | null {
  const tail = blocks.slice(-SIGNATURE_TAIL).reverse();
  for (const b of tail) {
    if (b.type !== 'paragraph') continue;
    const text = asciiDigits(b.text).replace(/\s+/g, '');
    if (SIGNATURE_DATE.test(text)) return isoDate(text);
  }
  return null;
}

/** The organisation line just above the signature date, e.g. 正定县科学技术和工业信息化局. */
export function signatureOrganisation(blocks: Block[]): string | null {
  for (let i = blocks.length - 1; i > 0 && i >= blocks.length - SIGNATURE_TAIL; i--) {
    const b = blocks[i]!;
    const prev = blocks[i - 1]!;
    if (b.type === 'paragraph' && SIGNATURE_DATE.test(asciiDigits(b.text).replace(/\s+/g, '')) && prev.type === 'paragraph') {
      const org = prev.text.replace(/\s+/g, '');
      return org.length <= 40 && ORG_SUFFIX.test(org) ? org : null;
    }
  }
  return null;
}
