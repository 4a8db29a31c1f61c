import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { extractDocx } from '../extractors/docx/index.js';
import { formatCounter } from '../extractors/docx/numbering.js';
import { unreadFormattingEdits } from '../extractors/docx/unread-formatting.js';
import { applyEdits } from '../extractors/docx/xml.js';
import type { DocumentModel, Table } from '../schemas/document.js';
import { extractModel } from '../src/pipeline/extract.js';
import { corpusBytes, HAS_CORPUS, HAS_SOFFICE } from './helpers.js';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"';

const lvl = (ilvl: number, format: string, text: string, extra = '') =>
  `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${format}"/><w:lvlText w:val="${text}"/>${extra}</w:lvl>`;

/** An outline as Chinese reports number it: 一、 then （一） then 1. */
const NUMBERING = `<w:numbering ${W}>
  <w:abstractNum w:abstractNumId="0">${lvl(0, 'chineseCountingThousand', '%1、', '<w:pStyle w:val="Heading1"/>')}${lvl(1, 'chineseCounting', '（%2）')}${lvl(2, 'decimal', '%3.')}</w:abstractNum>
  <w:abstractNum w:abstractNumId="1">${lvl(0, 'bullet', '')}</w:abstractNum>
  <w:abstractNum w:abstractNumId="2">${lvl(0, 'decimal', '%1.')}</w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="5"><w:abstractNumId w:val="2"/></w:num>
</w:numbering>`;

const STYLES = `<w:styles ${W}>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
</w:styles>`;

const run = (text: string) => `<w:r><w:t>${text}</w:t></w:r>`;
const para = (text: string, pPr = '') => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${run(text)}</w:p>`;
const numPr = (numId: number, ilvl?: number) => `<w:numPr>${ilvl === undefined ? '' : `<w:ilvl w:val="${ilvl}"/>`}<w:numId w:val="${numId}"/></w:numPr>`;
const heading1 = '<w:pStyle w:val="Heading1"/>';

const BODY = [
  para('部门整体支出绩效自评报告', '<w:pStyle w:val="Title"/>'),
  para('部门概况', heading1),
  para('主要职能', numPr(1, 1)),
  '<w:p><w:pPr>' + numPr(1, 1) + '</w:pPr></w:p>', // empty, but counted as Word counts it
  para('机构设置', numPr(1, 1)),
  para('部门职责明确，机构设置合理，人员配备到位，保障了各项工作的顺利开展。'),
  para('收支情况', heading1),
  para('收入情况', numPr(1, 1)),
  // A second instance of the same definition continues its sequence…
  para('绩效情况', numPr(2, 0)),
  // …and the copy of a text box under mc:Choice is not counted twice.
  `<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps">${para('存在问题', numPr(1, 0))}</mc:Choice><mc:Fallback>${para('存在问题', numPr(1, 0))}</mc:Fallback></mc:AlternateContent></w:r></w:p>`,
  para('说明', heading1 + numPr(0)),
  para('重点关注事项', numPr(4, 0)),
  `<w:tbl><w:tr><w:tc>${para('项目甲', numPr(5, 0))}</w:tc><w:tc>${para('100')}</w:tc></w:tr><w:tr><w:tc>${para('项目乙', numPr(5, 0))}</w:tc><w:tc>${para('200')}</w:tc></w:tr></w:tbl>`,
  // A restarted instance begins again at 一.
  para('附件目录', numPr(3, 0)),
].join('');

const FOOTNOTES_REL = '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>';

async function docx(parts: Record<string, string>): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`);
  zip.file('_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`);
  zip.file('word/_rels/document.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>${FOOTNOTES_REL}</Relationships>`);
  for (const [name, xml] of Object.entries(parts)) zip.file(name, xml);
  return new Uint8Array(await zip.generateAsync({ type: 'uint8array' }));
}

const documentXml = (body: string) => `<?xml version="1.0"?><w:document ${W} ${MC}><w:body>${body}</w:body></w:document>`;

/** Each block as read: headings with their numbering, paragraphs, and the first column of tables. */
function reading(model: DocumentModel): string[] {
  return model.blocks.flatMap((b) => {
    if (b.type === 'heading') return [`H ${b.numbering ?? ''}${b.text}`];
    if (b.type === 'paragraph') return [`P ${b.text}`];
    return b.cells.filter((c) => c.col === 0).map((c) => `T ${c.text}`);
  });
}

describe('Word automatic numbering', () => {
  it('prints each numbered paragraph’s label as Word counts it: per definition, restarting deeper levels', async () => {
    const model = await extractDocx(await docx({ 'word/document.xml': documentXml(BODY), 'word/numbering.xml': NUMBERING, 'word/styles.xml': STYLES }));
    expect(reading(model)).toEqual([
      'H 部门整体支出绩效自评报告',
      'H 一、部门概况',
      'H （一）主要职能',
      'H （三）机构设置',
      'P 部门职责明确，机构设置合理，人员配备到位，保障了各项工作的顺利开展。',
      'H 二、收支情况',
      'H （一）收入情况',
      'H 三、绩效情况',
      'H 四、存在问题',
      'H 说明', // a Heading 1 paragraph whose numbering is switched off
      'H •重点关注事项',
      'T 1. 项目甲',
      'T 2. 项目乙',
      'H 一、附件目录',
    ]);
  });

  it('leaves a document without numbering as mammoth reads it', async () => {
    const body = [para('一、部门概况'), para('（一）主要职能')].join('');
    const model = await extractDocx(await docx({ 'word/document.xml': documentXml(body), 'word/styles.xml': STYLES }));
    expect(reading(model)).toEqual(['H 一、部门概况', 'H （一）主要职能']);
  });

  it('formats counters in the number formats Chinese documents use', () => {
    expect([1, 2, 10, 11, 20, 21, 105, 110].map((n) => formatCounter(n, 'chineseCountingThousand'))).toEqual(['一', '二', '十', '十一', '二十', '二十一', '一百零五', '一百一十']);
    expect([1, 10, 12].map((n) => formatCounter(n, 'chineseLegalSimplified'))).toEqual(['壹', '壹拾', '壹拾贰']);
    expect([1, 10, 11].map((n) => formatCounter(n, 'ideographTraditional'))).toEqual(['甲', '癸', '甲']);
    expect([1, 20, 21].map((n) => formatCounter(n, 'decimalEnclosedCircle'))).toEqual(['①', '⑳', '21']);
    expect([4, 9, 14].map((n) => formatCounter(n, 'upperRoman'))).toEqual(['IV', 'IX', 'XIV']);
    expect([1, 27].map((n) => formatCounter(n, 'lowerLetter'))).toEqual(['a', 'aa']);
    expect(formatCounter(3, 'bullet')).toBe('');
  });

  it.skipIf(!HAS_CORPUS || !HAS_SOFFICE)('gives atl02’s headings their automatic 一、 numbering (LibreOffice converts the DOC)', async () => {
    const headings = reading(await extractModel(corpusBytes('atl02.doc'), 'doc')).filter((l) => l.startsWith('H '));
    const part2 = headings.indexOf('H 第二部分：一般公共预算决算情况');
    expect(part2).toBeGreaterThan(0);
    expect(headings.slice(part2 + 1, part2 + 8)).toEqual([
      'H 一、一般公共预算收入决算表',
      'H 二、一般公共预算支出决算表',
      'H 三、一般公共预算（本级）收入决算表',
      'H 四、一般公共预算（本级）支出决算表',
      'H 五、一般公共预算（本级）基本支出决算表',
      'H 六、财政拨款“三公”经费支出决算表（本级）',
      'H 七、财政拨款“三公”经费说明（本级）',
    ]);
  }, 120_000);
});

describe('Word table layouts mammoth misplaces', () => {
  const cell = (text: string, tcPr = '') => `<w:tc>${tcPr ? `<w:tcPr>${tcPr}</w:tcPr>` : ''}${para(text)}</w:tc>`;
  const row = (cells: string, trPr = '') => `<w:tr>${trPr ? `<w:trPr>${trPr}</w:trPr>` : ''}${cells}</w:tr>`;
  const table = (rows: string[]) => `<w:tbl><w:tblGrid>${'<w:gridCol w:w="1000"/>'.repeat(4)}</w:tblGrid>${rows.join('')}</w:tbl>`;

  async function onlyTable(rows: string[]): Promise<Table> {
    const model = await extractDocx(await docx({ 'word/document.xml': documentXml(table(rows)) }));
    const found = model.blocks.filter((b): b is Table => b.type === 'table');
    expect(found).toHaveLength(1);
    return found[0]!;
  }
  const at = (t: Table, r: number, c: number) => t.cells.find((x) => x.row === r && x.col === c);

  it('reads a Word 97 horizontal merge (w:hMerge) as one spanning cell', async () => {
    const t = await onlyTable([
      row(cell('项目') + cell('本年预算数', '<w:hMerge w:val="restart"/>') + cell('', '<w:hMerge/>') + cell('', '<w:hMerge w:val="continue"/>')),
      row(cell('合计') + cell('100') + cell('60') + cell('40')),
    ]);
    expect(at(t, 0, 1)).toMatchObject({ text: '本年预算数', colSpan: 3 });
    expect(t.cells.filter((c) => c.row === 0)).toHaveLength(2);
    expect(at(t, 1, 3)).toMatchObject({ text: '40' });
  });

  it('keeps the cells of a row that skips grid columns (w:gridBefore) under their own columns, vertical merges included', async () => {
    const t = await onlyTable([
      row(cell('功能分类科目') + cell('金额', '<w:vMerge w:val="restart"/>') + cell('备注') + cell('说明')),
      row(cell('', '<w:vMerge/>') + cell('注') + cell('略'), '<w:gridBefore w:val="1"/>'),
      row(cell('201') + cell('一般公共服务支出') + cell('35.6'), '<w:gridAfter w:val="1"/>'),
    ]);
    expect(at(t, 0, 1)).toMatchObject({ text: '金额', rowSpan: 2 });
    expect(at(t, 1, 2)).toMatchObject({ text: '注' });
    expect(at(t, 1, 3)).toMatchObject({ text: '略' });
    expect(at(t, 2, 2)).toMatchObject({ text: '35.6' });
  });
});

describe('Word text boxes', () => {
  const WPS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml"';
  const drawing = (inner: string) =>
    `<w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>${inner}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>`;
  const vml = (inner: string) => `<w:pict><v:shape><v:textbox><w:txbxContent>${inner}</w:txbxContent></v:textbox></v:shape></w:pict>`;
  const body = (runs: string) => `<?xml version="1.0"?><w:document ${W} ${MC} ${WPS}><w:body>${para('正文第一段。')}<w:p><w:r>${runs}</w:r></w:p></w:body></w:document>`;
  const texts = (m: DocumentModel) => m.blocks.flatMap((b) => (b.type === 'table' ? [] : [b.text]));

  it('reads a text box Word writes twice (DrawingML with a VML fallback) once', async () => {
    const box = para('填报单位：某某局');
    const model = await extractDocx(await docx({ 'word/document.xml': body(`<mc:AlternateContent><mc:Choice Requires="wps">${drawing(box)}</mc:Choice><mc:Fallback>${vml(box)}</mc:Fallback></mc:AlternateContent>`) }));
    expect(texts(model).filter((t) => t.includes('填报单位'))).toEqual(['填报单位：某某局']);
  });

  it('reads a text box drawn only in DrawingML', async () => {
    const model = await extractDocx(await docx({ 'word/document.xml': body(drawing(para('联系电话：0311-1234567'))) }));
    expect(texts(model)).toContain('联系电话：0311-1234567');
  });
});

describe('Word footnotes', () => {
  it('keeps footnotes’ text after the body, each marked as its reference is', async () => {
    const ref = (id: number) => `<w:r><w:footnoteReference w:id="${id}"/></w:r>`;
    const body = `<?xml version="1.0"?><w:document ${W}><w:body><w:p>${run('项目支出预算5.00万元')}${ref(1)}${run('，较上年持平。')}</w:p><w:p>${run('基本支出20.00万元')}${ref(2)}${run('。')}</w:p></w:body></w:document>`;
    const notes = `<?xml version="1.0"?><w:footnotes ${W}><w:footnote w:id="1">${para('含上年结转资金1.20万元。')}</w:footnote><w:footnote w:id="2">${para('不含离退休经费。')}</w:footnote></w:footnotes>`;
    const model = await extractDocx(await docx({ 'word/document.xml': body, 'word/footnotes.xml': notes }));
    const texts = model.blocks.flatMap((b) => (b.type === 'table' ? [] : [b.text]));
    expect(texts).toEqual(['项目支出预算5.00万元[1]，较上年持平。', '基本支出20.00万元[2]。', '[1] 含上年结转资金1.20万元。', '[2] 不含离退休经费。']);
  });
});

describe('formatting mammoth does not show', () => {
  it('is dropped from the properties of runs, paragraphs and cells; text, styles and spans stay', () => {
    const xml =
      '<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:spacing w:line="240"/><w:rPr><w:rFonts w:ascii="宋体"/><w:b/></w:rPr></w:pPr>' +
      '<w:r><w:rPr><w:rFonts w:eastAsia="宋体"/><w:i/><w:sz w:val="21"/><w:lang w:val="en-US"/></w:rPr><w:t>一般公共预算</w:t></w:r></w:p>' +
      '<w:tc><w:tcPr><w:tcW w:w="1000"/><w:gridSpan w:val="2"/><w:tcBorders><w:top w:val="single"/><w:bottom w:val="single"/></w:tcBorders><w:vMerge w:val="restart"/></w:tcPr></w:tc>';
    expect(applyEdits(xml, unreadFormattingEdits(xml))).toBe(
      '<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:rPr><w:b/></w:rPr></w:pPr>' +
        '<w:r><w:rPr><w:i/></w:rPr><w:t>一般公共预算</w:t></w:r></w:p>' +
        '<w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr></w:tc>',
    );
  });

  it('does not change what a document reads as: headings, numbering, merged cells', async () => {
    // LibreOffice writes every run's fonts, sizes and languages and every cell's width and borders.
    const runPr = '<w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>';
    const cellPr = '<w:tcW w:w="1000" w:type="dxa"/><w:tcBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/></w:tcBorders><w:shd w:fill="auto"/><w:vAlign w:val="center"/>';
    const plainRun = (text: string) => `<w:r><w:t>${text}</w:t></w:r>`;
    const dressedRun = (text: string) => `<w:r>${runPr}<w:t>${text}</w:t></w:r>`;
    const build = (r: (text: string) => string, tcPr: string, pPr: string) => {
      const p = (text: string, own = '') => `<w:p><w:pPr>${own}${pPr}</w:pPr>${r(text)}</w:p>`;
      const c = (text: string, own = '') => `<w:tc><w:tcPr>${own}${tcPr}</w:tcPr>${p(text)}</w:tc>`;
      const table = `<w:tbl><w:tblGrid>${'<w:gridCol w:w="1000"/>'.repeat(3)}</w:tblGrid>` +
        `<w:tr>${c('项目', '<w:vMerge w:val="restart"/>')}${c('本年预算数', '<w:gridSpan w:val="2"/>')}</w:tr>` +
        `<w:tr>${c('', '<w:vMerge/>')}${c('基本支出')}${c('项目支出')}</w:tr>` +
        `<w:tr>${c('合计')}${c('100.00')}${c('20.50')}</w:tr></w:tbl>`;
      return documentXml(p('部门概况', heading1) + p('主要职能', `${numPr(1, 1)}`) + p('本部门负责全县财政工作。') + table);
    };
    const plain = await extractDocx(await docx({ 'word/document.xml': build(plainRun, '', ''), 'word/numbering.xml': NUMBERING, 'word/styles.xml': STYLES }));
    const dressed = await extractDocx(
      await docx({ 'word/document.xml': build(dressedRun, cellPr, '<w:spacing w:line="360"/><w:widowControl w:val="false"/>'), 'word/numbering.xml': NUMBERING, 'word/styles.xml': STYLES }),
    );
    expect(reading(plain)).toContain('H 一、部门概况');
    expect(dressed).toEqual(plain);
  });
});
