/**
 * Indicator targets as operator, value and unit: "≥95%", "≤1.6元/平米/天", "<10家", "达到 100%",
 * "180 次以上", "1300 万". Qualitative targets ("持续提升") keep only their text.
 */
import { asciiDigits } from '../../extractors/common/normalize.js';

export type TargetOp = '>=' | '<=' | '>' | '<' | '=';

export interface Target {
  raw: string;
  op: TargetOp | null;
  value: number | null;
  unit: string | null;
}

const SYMBOL_OPS: ReadonlyArray<readonly [RegExp, TargetOp]> = [
  [/(?:≥|>=|＞=|不低于|不少于|不小于|至少|达到|达|超过等于)\s*$/, '>='],
  [/(?:≤|<=|＜=|不高于|不超过|不大于|不多于|控制在|以内)\s*$/, '<='],
  [/(?:>|＞|大于|超过|高于|多于)\s*$/, '>'],
  [/(?:<|＜|小于|低于|少于)\s*$/, '<'],
  [/(?:=|＝|等于)\s*$/, '='],
  [/(?:增长|提高|提升|增加)\s*$/, '>='],
  [/(?:下降|降低|减少)\s*$/, '<='],
];

const SUFFIX_OPS: ReadonlyArray<readonly [RegExp, TargetOp]> = [
  [/^\s*(?:以上|及以上|或以上)/, '>='],
  [/^\s*(?:以下|及以下|以内|之内)/, '<='],
  [/^\s*(?:前|之前|以前)/, '<='],
];

const NUMBER = /(\d+(?:\.\d+)?)\s*((?:%|％|‰|[\u4e00-\u9fffA-Za-z/·]{0,8}?))(?=\s*(?:以上|及以上|或以上|以下|及以下|以内|之内|前|之前|以前|$|[，,。；;、）)\s]))/;

/** The first figure in an indicator text with the operator printed around it. */
export function parseTarget(text: string): Target | null {
  const t = asciiDigits(text).replace(/\s+/g, ' ').trim();
  const m = NUMBER.exec(t);
  if (!m || m.index === undefined) return null;
  const before = t.slice(0, m.index);
  const after = t.slice(m.index + m[0].length);
  let op: TargetOp | null = SUFFIX_OPS.find(([re]) => re.test(after))?.[1] ?? null;
  op ??= SYMBOL_OPS.find(([re]) => re.test(before))?.[1] ?? '=';
  const unit = m[2]!.replace(/％/, '%').trim();
  const suffix = /^\s*(以上|及以上|或以上|以下|及以下|以内|之内|前|之前|以前)/.exec(after)?.[1] ?? '';
  const symbol = /(?:≥|≤|>=|<=|>|<|＞|＜|=)\s*$/.exec(before)?.[0] ?? '';
  return { raw: `${symbol}${m[0]}${suffix}`.trim(), op, value: Number(m[1]), unit: unit === '' ? null : unit };
}
