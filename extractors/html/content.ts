/**
 * Finding the article in a portal page: drop what is never content (scripts, navigation,
 * footers), then descend from <body> into the child that holds most of the non-link text.
 */
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

const NEVER_CONTENT = 'script, style, noscript, template, svg, canvas, iframe, object, embed, select, input, button, textarea, nav, header, footer, aside, map, area';

const CHROME_NAME = /(?:^|[-_\s])(?:nav|navs|navbar|menu|menus|header|head|top|topbar|footer|foot|bottom|breadcrumbs?|crumbs?|position|location|locat|weizhi|share|print|fontsize|font|toolbar|sidebar|side|related|xgxx|copyright|banquan|search|login|skip)(?:[-_\s\d]|$)/i;

/** How much of a parent's text a child must hold for us to descend into it. */
const DOMINANT_SHARE = 0.8;

export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

export function removeNeverContent($: CheerioAPI): void {
  $(NEVER_CONTENT).remove();
}

/** True for an element whose class or id names it as page furniture (nav, footer, 当前位置 …). */
export function isChromeElement(el: Element): boolean {
  const names = `${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''}`;
  return names.trim() !== '' && CHROME_NAME.test(names);
}

function ownTextWeight($: CheerioAPI, el: Element): number {
  const all = $(el).text().replace(/\s+/g, '').length;
  const links = $(el).find('a').text().replace(/\s+/g, '').length;
  return all - links;
}

export function findContentRoot($: CheerioAPI): Element | null {
  const body = $('body').get(0) ?? $.root().children().get(0);
  if (!body || !isElement(body)) return null;
  let current: Element = body;
  for (;;) {
    const weight = ownTextWeight($, current);
    if (weight === 0) return current;
    let best: Element | null = null;
    let bestWeight = 0;
    for (const child of current.children) {
      if (!isElement(child) || isChromeElement(child)) continue;
      const w = ownTextWeight($, child);
      if (w > bestWeight) {
        best = child;
        bestWeight = w;
      }
    }
    if (!best || bestWeight < DOMINANT_SHARE * weight || best.tagName === 'p' || best.tagName === 'tr') return current;
    if (best.tagName === 'table' && isDataTable($, best)) return current;
    current = best;
  }
}

const LAYOUT_CELL_TEXT = 300;
const LAYOUT_MAX_CELLS = 4;

/** A data table has rows of cells; a layout table wraps whole articles or other tables. */
export function isDataTable($: CheerioAPI, table: Element): boolean {
  const $t = $(table);
  if ($t.find('table').length > 0) return false;
  const cells = $t.find('td, th').toArray();
  if (cells.length < 2) return false;
  if (cells.length > LAYOUT_MAX_CELLS) return true;
  return !cells.some((c) => $(c).text().replace(/\s+/g, '').length > LAYOUT_CELL_TEXT);
}
