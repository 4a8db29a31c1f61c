/** The total lines of a summary table (收支总表) and of the three-public table, by printed name. */

/** A printed name without spaces, numbering (一、), 其中： or quotes. */
export const plainName = (name: string) =>
  name.replace(/\s+/g, '').replace(/^其中[:：]/, '').replace(/^[一二三四五六七八九十]+[、.．]/, '').replace(/[“”"]/g, '');

export const SUMMARY_NAMES = {
  incomeCurrentYear: /^本年收入合计$/,
  carryoverBegin: /^(上年结转(结余)?|(年初|上年)(财政拨款)?结转(和|及)?结余|用事业基金弥补收支差额)$/,
  incomeTotal: /^(收入)?总计$/,
  expenditureCurrentYear: /^本年支出合计$/,
  carryoverEnd: /^(年[终末](财政拨款)?结转(和|及)?结余|结转下年)$/,
  expenditureTotal: /^(支出)?总计$/,
} as const;

export const THREE_PUBLIC_NAMES = {
  total: /^(合计|三公经费(小计|合计)|三公经费支出(合计)?)$/,
  abroad: /^因公出国[（(]境[)）]费$/,
  vehicles: /^公务用车购置及运(行)?(维护|维)?费$/,
  purchase: /^公务用车购置费$/,
  operation: /^公务用车运行(维护)?费$/,
  reception: /^公务接待费$/,
} as const;
