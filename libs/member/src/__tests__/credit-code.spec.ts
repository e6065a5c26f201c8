import { creditCodeCheckChar, makeCreditCode, parseCreditCode } from '../utils/credit-code';

const WRONG = { ok: false, reason: 'the check character is wrong; check for a typing error' };

describe('creditCodeCheckChar', () => {
  it('matches a hand-computed value', () => {
    // 9·1+1·3+3·9+5·27+0·19+1·26+0·16+0·17+21·20+0·29+0·25+0·13+1·8+0·24+0·10+30·30+4·28
    // = 1640; 1640 mod 31 = 28; 31 − 28 = 3
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('maps a result of 31 to 0', () => {
    // Find a prefix whose weighted sum is a multiple of 31 by varying the 17th character.
    const prefixes = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'].map((c) => `9133030200000000${c}`);
    const zero = prefixes.filter((p) => creditCodeCheckChar(p) === '0');
    expect(zero).toHaveLength(1);
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => creditCodeCheckChar('91350100I000100Y4')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91350100M000100Y')).toThrow(RangeError);
  });
});

describe('parseCreditCode', () => {
  it('accepts published codes', () => {
    for (const code of ['91350100M000100Y43', '914403001922038216', '9144030071526726XG']) {
      expect(parseCreditCode(code)).toEqual({ ok: true, value: code });
    }
  });

  it('trims and uppercases', () => {
    expect(parseCreditCode('  9144030071526726xg ')).toEqual({ ok: true, value: '9144030071526726XG' });
  });

  it('rejects a wrong check character without revealing the expected one', () => {
    expect(parseCreditCode('91350100M000100Y44')).toEqual(WRONG);
    expect(parseCreditCode('91350100M000100Y4A')).toEqual(WRONG);
    // A single-character typo in the body is caught too.
    expect(parseCreditCode('91350100M000101Y43')).toEqual(WRONG);
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('rejects the excluded letter %s', (letter) => {
    const r = parseCreditCode(`91350100M000100${letter}43`);
    expect(r).toMatchObject({ ok: false, reason: expect.stringContaining(`contains ${letter};`) });
  });

  it('rejects punctuation and wrong lengths', () => {
    expect(parseCreditCode('91350100-M000100Y4')).toMatchObject({ ok: false, reason: expect.stringContaining('contains -') });
    expect(parseCreditCode('91350100M000100Y4')).toEqual({ ok: false, reason: 'must be 18 characters' });
    expect(parseCreditCode('91350100M000100Y433')).toEqual({ ok: false, reason: 'must be 18 characters' });
    expect(parseCreditCode('')).toEqual({ ok: false, reason: 'is empty' });
  });
});

describe('makeCreditCode', () => {
  it('is deterministic and always valid', () => {
    expect(makeCreditCode(42)).toBe(makeCreditCode(42));
    for (let seed = 0; seed < 2000; seed++) {
      const code = makeCreditCode(seed);
      expect(code).toMatch(/^91330302MA[0-9A-HJ-NP-RTUW-Y]{8}$/);
      expect(parseCreditCode(code)).toEqual({ ok: true, value: code });
    }
  });

  it('gives distinct seeds distinct codes', () => {
    const seeds = [...Array(5000).keys()].concat([123_456_789, 31 ** 6 - 1]);
    expect(new Set(seeds.map(makeCreditCode)).size).toBe(seeds.length);
  });

  it('wraps around after 31^6 seeds, as documented', () => {
    expect(makeCreditCode(31 ** 6)).toBe(makeCreditCode(0));
  });

  it('embeds an organisation code with a valid GB 11714 check digit', () => {
    const weights = [3, 7, 9, 10, 5, 8, 4, 2];
    const value = (c: string) => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
    for (let seed = 0; seed < 500; seed++) {
      const org = makeCreditCode(seed).slice(8, 17);
      const r = 11 - ([...org.slice(0, 8)].reduce((s, c, i) => s + value(c) * weights[i], 0) % 11);
      expect(org[8]).toBe(r === 10 ? 'X' : r === 11 ? '0' : String(r));
    }
  });

  it('rejects negative or fractional seeds', () => {
    expect(() => makeCreditCode(-1)).toThrow(RangeError);
    expect(() => makeCreditCode(1.5)).toThrow(RangeError);
  });
});
