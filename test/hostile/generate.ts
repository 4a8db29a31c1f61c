/**
 * The hostile inputs of the campaign, made from the samples by seeded code (nothing binary is
 * committed): each case a file name, its bytes and what it attacks. `scale` > 1 (npm run fuzz)
 * makes more random variants and the large cases.
 */
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { writePdf } from '../pdf-writer.js';

export interface HostileCase {
  name: string;
  bytes: Uint8Array;
  attack: string;
}

/** mulberry32: a small seeded generator, so every run makes the same cases. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const latin1 = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** The secret an XXE case tries to pull into the database. */
export const XXE_SECRET = 'XXE-SECRET-7f3a9c';

function pdfCases(samples: string, scale: number, random: () => number): HostileCase[] {
  const real = new Uint8Array(readFileSync(join(samples, '002-luquan-2024-budget.pdf')));
  const text = Buffer.from(real).toString('latin1');
  const out: HostileCase[] = [];
  for (const at of [0.02, 0.3, 0.6, 0.97]) out.push({ name: `pdf-truncated-${at}.pdf`, bytes: real.slice(0, Math.floor(real.length * at)), attack: 'truncated PDF' });
  for (let v = 0; v < 3 * scale; v++) {
    const flipped = real.slice();
    for (let k = 0; k < 40; k++) flipped[Math.floor(random() * flipped.length)] = Math.floor(random() * 256);
    out.push({ name: `pdf-flipped-${v}.pdf`, bytes: flipped, attack: 'random byte flips' });
  }
  out.push({ name: 'pdf-no-xref.pdf', bytes: latin1(text.replace(/xref/g, 'xrex').replace(/startxref\s+\d+/, 'startxref\n99999999')), attack: 'xref removed' });
  out.push({ name: 'pdf-bogus-lengths.pdf', bytes: latin1(text.replace(/\/Length \d+/g, '/Length 999999999')), attack: 'bogus stream lengths' });
  const page = (content: string, extra = '') => writePdf([
    `<< /Type /Catalog /Pages 2 0 R ${extra} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    { dict: '', stream: content },
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]);
  out.push({ name: 'pdf-deep-nesting.pdf', bytes: new Uint8Array(writePdf([`<< /Type /Catalog /Pages 2 0 R /Deep ${'['.repeat(100_000)}${']'.repeat(100_000)} >>`, '<< /Type /Pages /Kids [] /Count 0 >>'])), attack: '100k-deep nesting' });
  const runs = Array.from({ length: scale > 1 ? 200_000 : 20_000 }, (_, i) => `BT /F1 6 Tf ${(i % 90) * 6} ${800 - (Math.floor(i / 90) % 130) * 6} Td (${i % 10}) Tj ET`).join('\n');
  out.push({ name: 'pdf-many-runs.pdf', bytes: new Uint8Array(page(runs)), attack: 'a page of many text runs' });
  out.push({ name: 'pdf-billion-pages.pdf', bytes: new Uint8Array(writePdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'])), attack: 'a declared 10⁹-page tree' });
  out.push({ name: 'pdf-huge-image.pdf', bytes: new Uint8Array(writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>',
    { dict: '', stream: 'q 595 0 0 842 0 0 cm /Im1 Do Q' },
    { dict: '/Type /XObject /Subtype /Image /Width 60000 /Height 60000 /ColorSpace /DeviceGray /BitsPerComponent 8', stream: 'xx' },
  ])), attack: 'a 60000² image' });
  const zeros = Buffer.alloc((scale > 1 ? 512 : 8) * 1024 * 1024);
  out.push({ name: 'pdf-inflates.pdf', bytes: new Uint8Array(writePdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>', { dict: '/Filter /FlateDecode', stream: deflateSync(zeros) }])), attack: 'a small stream that inflates large' });
  out.push({ name: 'pdf-user-password.pdf', bytes: new Uint8Array(userPasswordPdf('user-secret', 'owner-secret')), attack: 'user-password encryption' });
  out.push({ name: 'pdf-javascript.pdf', bytes: new Uint8Array(page('BT /F1 12 Tf 72 720 Td (hello) Tj ET', "/OpenAction << /S /JavaScript /JS (app.alert('x')) >> /AA << /O << /S /Launch /F (calc.exe) >> >>")), attack: 'JavaScript and launch actions' });
  return out;
}

/** RC4, for the PDF standard security handler (revision 2); small enough to write here. */
function rc4(key: Buffer, data: Buffer): Buffer {
  const S = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + S[i]! + key[i % key.length]!) & 255;
    [S[i], S[j]] = [S[j]!, S[i]!];
  }
  const out = Buffer.alloc(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 255;
    j = (j + S[i]!) & 255;
    [S[i], S[j]] = [S[j]!, S[i]!];
    out[k] = data[k]! ^ S[(S[i]! + S[j]!) & 255]!;
  }
  return out;
}

/**
 * A PDF encrypted for real with a user password (standard security handler, V1 R2, 40-bit RC4):
 * /O, /U and the file key by the PDF reference's algorithms 2–4, the content stream encrypted with
 * its object key. Opening it without the password must fail with that reason.
 */
export function userPasswordPdf(userPassword: string, ownerPassword: string): Buffer {
  const PAD = Buffer.from('28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A', 'hex');
  const padded = (pw: string) => Buffer.concat([Buffer.from(pw, 'latin1'), PAD]).subarray(0, 32);
  const md5 = (...parts: Buffer[]) => createHash('md5').update(Buffer.concat(parts)).digest();
  const id = md5(Buffer.from('fiscal-extract hostile campaign'));
  const O = rc4(md5(padded(ownerPassword)).subarray(0, 5), padded(userPassword));
  const P = Buffer.alloc(4);
  P.writeInt32LE(-4);
  const key = md5(padded(userPassword), O, P, id).subarray(0, 5);
  const U = rc4(key, PAD);
  const objectKey = (num: number) => md5(key, Buffer.from([num & 255, (num >> 8) & 255, (num >> 16) & 255, 0, 0])).subarray(0, 10);
  const content = rc4(objectKey(4), Buffer.from('BT /F1 12 Tf 72 720 Td (secret budget) Tj ET', 'latin1'));
  return writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    { dict: '', stream: content },
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${O.toString('hex')}> /U <${U.toString('hex')}> /P -4 >>`,
  ], { trailer: `/Encrypt 6 0 R /ID [<${id.toString('hex')}> <${id.toString('hex')}>]` });
}

async function zip(entries: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const z = new JSZip();
  for (const [name, data] of Object.entries(entries)) z.file(name, data, { createFolders: false });
  return z.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
const docx = (body: string, doctype = '') => zip({ '[Content_Types].xml': CONTENT_TYPES, '_rels/.rels': RELS, 'word/document.xml': `<?xml version="1.0" encoding="UTF-8"?>${doctype}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>` });

/** The ZIP with every entry named `name` claiming `size` unpacked bytes in both its headers. */
function lyingSize(zipBytes: Uint8Array, name: string, size: number): Uint8Array {
  const b = Buffer.from(zipBytes);
  for (let at = 0; at + 46 < b.length; at++) {
    const sig = b.readUInt32LE(at);
    if (sig === 0x04034b50 && b.toString('latin1', at + 30, at + 30 + b.readUInt16LE(at + 26)) === name) b.writeUInt32LE(size, at + 22);
    if (sig === 0x02014b50 && b.toString('latin1', at + 46, at + 46 + b.readUInt16LE(at + 28)) === name) b.writeUInt32LE(size, at + 24);
  }
  return new Uint8Array(b);
}

async function officeCases(secretFile: string, scale: number): Promise<HostileCase[]> {
  const bigXml = `<w:p><w:r><w:t>${' '.repeat(80 * 1024 * 1024)}</w:t></w:r></w:p>`;
  const laughs = `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`;
  return [
    { name: 'docx-xxe.docx', bytes: await docx('<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>', `<!DOCTYPE d [<!ENTITY xxe SYSTEM "file://${secretFile}">]>`), attack: 'external entity to a local file' },
    { name: 'docx-billion-laughs.docx', bytes: await docx('<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>', laughs), attack: 'billion laughs' },
    { name: 'docx-malformed.docx', bytes: await docx('<w:p><w:r><w:t>unclosed'), attack: 'malformed XML' },
    { name: 'docx-zip-slip.docx', bytes: await zip({ '[Content_Types].xml': CONTENT_TYPES, '_rels/.rels': RELS, 'word/document.xml': '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>', '../../zip-slip-escaped.txt': 'escaped' }), attack: 'zip-slip entry names' },
    { name: 'docx-size-bomb.docx', bytes: await zip({ '[Content_Types].xml': CONTENT_TYPES, '_rels/.rels': RELS, 'word/document.xml': '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>', 'word/media/bomb.bin': new Uint8Array((scale > 1 ? 1024 : 300) * 1024 * 1024) }), attack: `a zip bomb: ${scale > 1 ? '1 GiB' : '300 MB'} from a few hundred kB` },
    { name: 'docx-lying-size.docx', bytes: lyingSize(await docx(bigXml), 'word/document.xml', 1000), attack: 'an entry whose headers say 1 kB and which inflates to 80 MB' },
    { name: 'docx-many-entries.docx', bytes: await zip(Object.fromEntries(Array.from({ length: 12_000 }, (_, i) => [`x/${i}.xml`, '']))), attack: 'more zip entries than allowed' },
    { name: 'xlsx-million-rows.xlsx', bytes: await zip({
      '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="收支总表" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>项目</t></is></c><c r="B1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A2:XFD1048575"/></mergeCells></worksheet>`,
    }), attack: '1,048,576 declared rows and a sheet-wide merge' },
    { name: 'xlsx-not-a-workbook.xlsx', bytes: await zip({ 'hello.txt': 'not a workbook' }), attack: 'a zip that is no workbook' },
    { name: 'doc-truncated-ole.doc', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]), attack: 'truncated OLE: the header only' },
    { name: 'doc-random-ole.doc', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)]), attack: 'random OLE' },
  ];
}

function markupCases(scale: number): HostileCase[] {
  return [
    { name: 'html-deep.html', bytes: utf8(`<html><body>${'<div>'.repeat(100_000)}深${'</div>'.repeat(100_000)}</body></html>`), attack: '100k nesting' },
    { name: 'html-spans.html', bytes: utf8('<html><body><table><tr><td rowspan="100000" colspan="100000">x</td><td>1</td></tr></table></body></html>'), attack: 'rowspan/colspan of 100000' },
    { name: 'html-script.html', bytes: utf8('<html><head><script>require("fs").writeFileSync("/tmp/pwned","x")</script></head><body><p>部门预算</p><img src=x onerror="alert(1)"></body></html>'), attack: 'scripts (never run)' },
    { name: 'html-wrong-charset.html', bytes: new Uint8Array([...Buffer.from('<html><head><meta charset="utf-8"></head><body><p>', 'latin1'), 0xb2, 0xbf, 0xc3, 0xc5, 0xd4, 0xa4, 0xcb, 0xe3, ...Buffer.from('</p></body></html>', 'latin1')]), attack: 'GBK bytes declared UTF-8' },
    { name: 'text-invalid-utf8.txt', bytes: new Uint8Array([0xe9, 0x83, 0xa8, 0xff, 0xfe, 0xc3, 0x28, 0x0a, 0x00, 0x00, 0xe9, 0x97, 0xa8]), attack: 'invalid UTF-8 and NUL bytes' },
    { name: 'text-utf16.txt', bytes: new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('部门预算\n收入总计 100 万元\n', 'utf16le')])), attack: 'UTF-16 with BOM' },
    { name: 'text-oversize.txt', bytes: utf8('a'.repeat((scale > 1 ? 200 : 21) * 1024 * 1024)), attack: 'a single line over the text size limit (200 MB under npm run fuzz)' },
    { name: 'html-50mb.html', bytes: utf8(`<html><body>${'<p>部门预算</p>'.repeat(Math.ceil((50 * 1024 * 1024) / 22))}</body></html>`), attack: 'a 50 MB page' },
  ];
}

export async function hostileCases(samples: string, secretFile: string, { seed = 1, scale = 1 } = {}): Promise<HostileCase[]> {
  const random = seeded(seed);
  return [...pdfCases(samples, scale, random), ...(await officeCases(secretFile, scale)), ...markupCases(scale)];
}

/**
 * A budget page holding one table of `rows` rows (about 100 bytes of HTML each): 40,000 rows are
 * 4 MB on disk and need several hundred MB to parse, for the memory ceiling's cases.
 */
export function bigHtmlTable(rows: number, department = '某局'): Uint8Array {
  const body = Array.from({ length: rows }, (_, i) => `<tr><td>2010101</td><td>行政运行${i}</td><td>${i * 7}.00</td><td>${i * 3}.00</td><td>${i * 4}.00</td></tr>`).join('');
  return utf8(`<html><body><h1>${department}2024年部门预算</h1><table><tr><th>科目编码</th><th>科目名称</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr>${body}</table></body></html>`);
}

/** File names users' folders hold: newlines, quotes, shell metacharacters. */
export const AWKWARD_NAMES = ['new\nline.html', "quote'and\"double.html", '$(touch pwned);`id`|&.html', ' leading space.html', '中文 名称（2024）.html'];
