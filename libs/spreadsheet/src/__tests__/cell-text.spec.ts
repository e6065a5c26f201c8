import { neutralizeFormula } from '@crm/spreadsheet';
import { columnLetter, dateToText, numberToText, restoreNeutralized } from '../cell-text';

describe('neutralizeFormula', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+86 138 1234 5678', "'+86 138 1234 5678"],
    ['-', "'-"],
    ['@SUM(1)', "'@SUM(1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ["'=1", "''=1"],
  ])('prefixes %j', (value, expected) => {
    expect(neutralizeFormula(value)).toBe(expected);
  });

  it.each(['张三', '330302199001011234', '', ' =1', "'quoted", "'", 'a=b', '13812345678'])('leaves %j alone', (value) => {
    expect(neutralizeFormula(value)).toBe(value);
  });

  it.each(['=1+2', '+1', '-5', '@x', "'=1", "''+1", "'x", "'", '张三', '', "''"])('is undone exactly by the readers for %j', (value) => {
    expect(restoreNeutralized(neutralizeFormula(value))).toBe(value);
  });
});

describe('numberToText', () => {
  it.each([
    [330302199001011000, '330302199001011000'],
    [13812345678, '13812345678'],
    [0, '0'],
    [-0, '0'],
    [-5, '-5'],
    [1.5, '1.5'],
    [0.1 + 0.2, '0.3'],
    [1e21, '1000000000000000000000'],
    [Number.NaN, ''],
  ])('renders %p as %j', (value, text) => {
    expect(numberToText(value)).toBe(text);
  });
});

describe('dateToText', () => {
  it('uses the UTC date', () => {
    expect(dateToText(new Date(Date.UTC(1990, 0, 1)))).toBe('1990-01-01');
    expect(dateToText(new Date(Date.UTC(2024, 1, 29, 23, 59, 59)))).toBe('2024-02-29');
    expect(dateToText(new Date(Number.NaN))).toBe('');
  });
});

describe('columnLetter', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('names column %p %s', (index, letters) => {
    expect(columnLetter(index)).toBe(letters);
  });
});
