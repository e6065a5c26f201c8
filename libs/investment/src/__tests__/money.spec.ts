import { DecimalScalar, formatMoney, inUnit, toCents } from '@crm/shared';
import { Kind } from 'graphql';

describe('money: exact decimal strings, never floats', () => {
  it('converts yuan to 万元 and 亿元, rounding half up to 2 decimals', () => {
    expect(inUnit('41009000000.00', 'YI')).toBe('410.09');
    expect(inUnit('62447000000', 'YI')).toBe('624.47');
    expect(inUnit('12345.00', 'WAN')).toBe('1.23');
    expect(inUnit('12350.00', 'WAN')).toBe('1.24');
    expect(inUnit('12349.99', 'WAN')).toBe('1.23');
    expect(inUnit('-12350.00', 'WAN')).toBe('-1.24');
    expect(inUnit('0.01', 'YI')).toBe('0.00');
    expect(inUnit('99999999999999.99', 'YI')).toBe('1000000.00');
    expect(formatMoney('10629000000.00', 'YI')).toBe('106.29 亿元');
    expect(toCents('0.1') + toCents('0.2')).toBe(toCents('0.3'));
  });

  it('the Decimal scalar takes only strings of at most 14 digits and 2 decimals, and passes numeric text out untouched', () => {
    expect(DecimalScalar.parseValue('1234.56')).toBe('1234.56');
    expect(DecimalScalar.parseValue('-1')).toBe('-1');
    for (const bad of [1234.56, 1, '1.234', '1e5', '', ' 1', '123456789012345', 'NaN', null]) expect(() => DecimalScalar.parseValue(bad)).toThrow(/Decimal/);
    expect(() => DecimalScalar.parseLiteral({ kind: Kind.FLOAT, value: '1.5' }, {})).toThrow(/Decimal/);
    expect(DecimalScalar.parseLiteral({ kind: Kind.STRING, value: '1.50' }, {})).toBe('1.50');
    expect(DecimalScalar.serialize('62447000000.00')).toBe('62447000000.00');
    expect(() => DecimalScalar.serialize(1.5)).toThrow();
  });
});
