import { describe, expect, it } from 'vitest';
import { numberedHeading, parseNumbering } from '../extractors/common/numbering.js';
import { asciiDigits, joinLetterSpacedCjk, joinLetterSpacing, normalizeText, tightenCjkSpacing } from '../extractors/common/normalize.js';
import { isChromeLine, isoDate, parseNoticeLine } from '../extractors/common/notice.js';
import { parseAmount, parseNumber } from '../src/domain/amounts.js';
import { parseBand } from '../src/domain/grading.js';
import { keyOfLabel } from '../src/domain/narrative.js';
import { inferRegion } from '../src/domain/region.js';
import { parseTarget } from '../src/domain/targets.js';

describe('numbering', () => {
  it('recognises the official numbering styles', () => {
    expect(parseNumbering('一、部门基本情况')).toMatchObject({ style: 'cn', numbering: '一、', rest: '部门基本情况' });
    expect(parseNumbering('（二）部门收支预决算情况')).toMatchObject({ style: 'cn_paren', rest: '部门收支预决算情况' });
    expect(parseNumbering('三)部门整体支出绩效目标、指标')).toMatchObject({ style: 'cn_paren' });
    expect(parseNumbering('1、促进工业转型升级')).toMatchObject({ style: 'arabic' });
    expect(parseNumbering('（1）预算支出细目')).toMatchObject({ style: 'arabic_paren' });
    expect(parseNumbering('第一部分 编制说明')).toMatchObject({ style: 'chapter' });
  });

  it('does not take a figure for a number', () => {
    expect(parseNumbering('2.5万元用于')).toBeNull();
    expect(parseNumbering('2024年我单位')).toBeNull();
    expect(parseNumbering('2.2024年我单位共安排项目32个')).toMatchObject({ numbering: '2.', rest: '2024年我单位共安排项目32个' });
  });

  it('tells headings from numbered sentences', () => {
    expect(numberedHeading('（一）部门概况：')).not.toBeNull();
    expect(numberedHeading('1. 部门职能。')).not.toBeNull();
    expect(numberedHeading('（1）预算支出细目科目编制不够规范，实际使用过程中产生偏差，预算编制过于笼统不细化。')).toBeNull();
    expect(numberedHeading('1、科技创新项目支撑绩效目标:加强高新技术企业认定,继续做好科技企业培育工作。')).toBeNull();
    expect(numberedHeading('2.2024年我单位共安排项目32个，项目主要根据高新区制定的相关扶持政策进行安排。')).toBeNull();
  });
});

describe('text normalisation', () => {
  it('maps Kangxi radicals and radical supplements to the unified ideographs', () => {
    expect(normalizeText('\u2fa6\u2ed4\u3000预算')).toBe('金门 预算');
  });
  it('joins letter-spaced CJK and converts full-width digits', () => {
    expect(joinLetterSpacedCjk('部 门 预 算 2024 年')).toBe('部门预算 2024 年');
    expect(asciiDigits('１２３．４５％')).toBe('123.45%');
  });
  it('joins text spaced out a character at a time in running text, not words separated by spaces', () => {
    expect(joinLetterSpacing('部 门 预 算')).toBe('部门预算');
    expect(joinLetterSpacing('组员：张三 李四 王五')).toBe('组员：张三 李四 王五');
    expect(joinLetterSpacing('组长：赵六 副组长：钱七')).toBe('组长：赵六 副组长：钱七');
  });
  it('drops autospacing between Chinese and figures, and control characters', () => {
    expect(tightenCjkSpacing('2024 年收入 11897.36 万元')).toBe('2024年收入11897.36万元');
    expect(normalizeText('预\u0001算\t金额')).toBe('预算\t金额');
  });
});

describe('amounts', () => {
  it('converts printed amounts to exact fen', () => {
    expect(parseAmount('11897.36', '万元')).toEqual({ kind: 'amount', fen: 11897360000, exact: true });
    expect(parseAmount('20094.62746', '万元')).toEqual({ kind: 'amount', fen: 20094627460, exact: true });
    expect(parseAmount('1,921,402.60', '元')).toEqual({ kind: 'amount', fen: 192140260, exact: true });
    expect(parseAmount('１２．５', '亿元')).toEqual({ kind: 'amount', fen: 125000000000, exact: true });
    expect(parseAmount('-5.5', '万元')).toEqual({ kind: 'amount', fen: -5500000, exact: true });
  });
  it('keeps blanks and dashes apart from zero', () => {
    expect(parseAmount('', '万元')).toEqual({ kind: 'empty' });
    expect(parseAmount('—', '万元')).toEqual({ kind: 'empty' });
    expect(parseAmount('0.00', '万元')).toEqual({ kind: 'amount', fen: 0, exact: true });
    expect(parseAmount('科工局', '万元')).toEqual({ kind: 'text' });
  });
  it('flags amounts finer than a fen', () => {
    expect(parseAmount('0.001', '元')).toEqual({ kind: 'amount', fen: 0, exact: false });
  });
  it('reads plain numbers', () => {
    expect(parseNumber('98.72%')).toBe(98.72);
    expect(parseNumber('')).toBeNull();
  });
});

describe('indicator targets', () => {
  it('reads operator, value and unit', () => {
    expect(parseTarget('≥95%')).toMatchObject({ op: '>=', value: 95, unit: '%' });
    expect(parseTarget('≤1.6元/平米/天')).toMatchObject({ op: '<=', value: 1.6, unit: '元/平米/天' });
    expect(parseTarget('<10家')).toMatchObject({ op: '<', value: 10, unit: '家' });
    expect(parseTarget('被补贴的对象满意度达 95%以上')).toMatchObject({ op: '>=', value: 95, unit: '%' });
    expect(parseTarget('新规上企业10家')).toMatchObject({ op: '=', value: 10, unit: '家' });
    expect(parseTarget('12月底前')).toMatchObject({ op: '<=', value: 12 });
  });
  it('leaves qualitative targets as text', () => {
    expect(parseTarget('持续提升')).toBeNull();
  });
});

describe('portal notice lines', () => {
  it('reads the metadata fields and dates', () => {
    expect(parseNoticeLine('发布时间:2024-05-16 来源:科学技术和工业信息化局 发文字号:')).toEqual({ publishedAt: '2024-05-16', publisher: '科学技术和工业信息化局' });
    expect(parseNoticeLine('截止日期：2024年底完成')).toBeNull();
    expect(isoDate('2025 年 4 月 25 日')).toBe('2025-04-25');
    expect(isoDate('2026.01.06 17:19:19 CST')).toBe('2026-01-06');
  });
  it('knows chrome from content', () => {
    expect(isChromeLine('当前位置: 正定县科学技术和工业信息化局 > > 内容阅读')).toBe(true);
    expect(isChromeLine('【字体: 】    打印')).toBe(true);
    expect(isChromeLine('版权所有：正定县人民政府')).toBe(true);
    expect(isChromeLine('一、部门基本情况')).toBe(false);
  });
});

describe('narrative labels', () => {
  it('names the fact a label states', () => {
    expect(keyOfLabel('2024年度收入预算')).toBe('income_total');
    expect(keyOfLabel('其中基本支出年初预算安排')).toBe('basic_expenditure');
    expect(keyOfLabel('和日常公用经费')).toBe('public_expenditure');
    expect(keyOfLabel('为一般公共预算财政拨款')).toBe('income_general_budget');
    expect(keyOfLabel('科学技术（类）支出')).toBeNull();
    expect(keyOfLabel('上年结转结余')).toBe('carryover_begin');
    expect(keyOfLabel('年初结转和结余')).toBe('carryover_begin');
    expect(keyOfLabel('2024年支出预算为')).toBe('expenditure_total');
    expect(keyOfLabel('我部门财政拨款“三公”经费预算安排')).toBe('three_public_total');
    expect(keyOfLabel('公务用车运维费')).toBe('three_public_vehicle_operation');
    expect(keyOfLabel('其中：因公出国（境）费')).toBe('three_public_abroad');
    expect(keyOfLabel('上海市普陀区财政局2024年度财政拨款收入支出总计')).toBe('appropriation_total');
    expect(keyOfLabel('财政拨款收入')).toBe('income_appropriation');
  });
});

describe('grade bands', () => {
  it('reads inequality and range forms', () => {
    expect(parseBand('75 ≤ 得分 < 85 分为良好')).toMatchObject({ grade: '良好', min_score: 75, min_inclusive: 1, max_score: 85, max_inclusive: 0 });
    expect(parseBand('得分 ≥ 85 分为优秀')).toMatchObject({ grade: '优秀', min_score: 85, max_score: null });
    expect(parseBand('90分（含）以上为优')).toMatchObject({ grade: '优', min_score: 90, min_inclusive: 1 });
    expect(parseBand('80（含）-90分为良')).toMatchObject({ grade: '良', min_score: 80, max_score: 90 });
  });
});

describe('region', () => {
  it('places a department from the names it prints', () => {
    expect(inferRegion(['石家庄市鹿泉区科学技术和工业信息化局'])).toBe('河北省石家庄市鹿泉区');
    expect(inferRegion(['正定县科学技术和工业信息化局'])).toBe('河北省石家庄市正定县');
    expect(inferRegion(['中共重庆市委宣传部'])).toBe('重庆市');
    expect(inferRegion(['关于益阳市2025年预算执行情况与 2026年预算草案的报告'])).toBe('湖南省益阳市');
  });
  it('does not guess from ambiguous or partial names', () => {
    expect(inferRegion(['朝阳区财政局'])).toBeNull();
    expect(inferRegion(['河北科技大学鹿泉产业创新研究院'])).toBeNull();
    expect(inferRegion(['科学技术局'])).toBeNull();
  });
});
