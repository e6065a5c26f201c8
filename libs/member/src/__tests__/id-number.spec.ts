import { idNumberCheckChar, makeIdNumber, parseIdNumber } from '../utils/id-number';

const TODAY = '2026-01-15';

describe('idNumberCheckChar', () => {
  it('matches hand-computed ISO 7064 MOD 11-2 values', () => {
    // 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167; 167 mod 11 = 2 → X
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('11010119900307447')).toBe('7');
  });

  it('rejects input that is not 17 digits', () => {
    expect(() => idNumberCheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => idNumberCheckChar('1101051949123100A')).toThrow(RangeError);
  });
});

describe('parseIdNumber', () => {
  it('accepts the example from the standard and extracts its fields', () => {
    expect(parseIdNumber('11010519491231002X', TODAY)).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'FEMALE',
      regionCode: '110105',
    });
  });

  it('trims and normalises a lowercase x', () => {
    const r = parseIdNumber('  11010519491231002x \n', TODAY);
    expect(r).toMatchObject({ ok: true, value: '11010519491231002X' });
  });

  it('derives gender from the parity of the 17th digit', () => {
    expect(parseIdNumber('110101199003074477', TODAY)).toMatchObject({ ok: true, gender: 'MALE', birthDate: '1990-03-07' });
    expect(parseIdNumber('11010519491231002X', TODAY)).toMatchObject({ ok: true, gender: 'FEMALE' });
  });

  it('rejects a wrong check digit without revealing the expected one', () => {
    const r = parseIdNumber('110105194912310021', TODAY);
    expect(r).toEqual({ ok: false, reason: 'the check digit is wrong; check for a typing error' });
    // Every wrong candidate gets the same message, so nothing can be learnt by trying them all.
    for (const c of '0123456789') {
      const other = parseIdNumber(`11010519491231002${c}`, TODAY);
      expect(other).toEqual({ ok: false, reason: 'the check digit is wrong; check for a typing error' });
    }
  });

  it('rejects a wrong length', () => {
    const reason = 'must be 18 characters (17 digits and a check digit or X)';
    expect(parseIdNumber('11010519491231002', TODAY)).toEqual({ ok: false, reason });
    expect(parseIdNumber('11010519491231002X1', TODAY)).toEqual({ ok: false, reason });
    // The old 15-digit format is no longer issued or accepted.
    expect(parseIdNumber('110105491231002', TODAY)).toEqual({ ok: false, reason });
  });

  it('rejects empty input and misplaced letters', () => {
    expect(parseIdNumber('   ', TODAY)).toEqual({ ok: false, reason: 'is empty' });
    expect(parseIdNumber('1101051949123100X2', TODAY)).toMatchObject({ ok: false, reason: expect.stringContaining('X') });
    expect(parseIdNumber('11010519491231002Y', TODAY)).toMatchObject({ ok: false });
  });

  it('rejects impossible birth dates', () => {
    const withDate = (d: string) => {
      const first17 = `330302${d}123`;
      return first17 + idNumberCheckChar(first17);
    };
    expect(parseIdNumber(withDate('19991332'), TODAY)).toEqual({ ok: false, reason: 'contains an impossible birth date 19991332' });
    expect(parseIdNumber(withDate('20010230'), TODAY)).toEqual({ ok: false, reason: 'contains an impossible birth date 20010230' });
    expect(parseIdNumber(withDate('19000229'), TODAY)).toMatchObject({ ok: false }); // 1900 is not a leap year
    expect(parseIdNumber(withDate('20000229'), TODAY)).toMatchObject({ ok: true, birthDate: '2000-02-29' });
    expect(parseIdNumber(withDate('19990000'), TODAY)).toMatchObject({ ok: false });
  });

  it('rejects birth dates before 1900 and in the future', () => {
    expect(parseIdNumber('440524188001010014', TODAY)).toMatchObject({ ok: false, reason: expect.stringContaining('before 1900') });
    expect(parseIdNumber(makeIdNumber('330302', '2026-01-15', 1, 'MALE'), TODAY)).toMatchObject({ ok: true });
    expect(parseIdNumber(makeIdNumber('330302', '2026-01-16', 1, 'MALE'), TODAY)).toMatchObject({
      ok: false,
      reason: 'contains a birth date in the future (20260116)',
    });
  });

  it('defaults today to the current date', () => {
    expect(parseIdNumber('11010519491231002X').ok).toBe(true);
    expect(parseIdNumber(makeIdNumber('330302', '2999-01-01', 1, 'MALE')).ok).toBe(false);
  });

  it('treats a malformed today as a programming error', () => {
    expect(() => parseIdNumber('11010519491231002X', '15/01/2026')).toThrow(RangeError);
  });
});

describe('makeIdNumber', () => {
  it('reproduces the example from the standard', () => {
    expect(makeIdNumber('110105', '1949-12-31', 2, 'FEMALE')).toBe('11010519491231002X');
  });

  it('adjusts the sequence to the parity of the gender', () => {
    expect(makeIdNumber('330302', '1990-01-01', 0, 'MALE').slice(14, 17)).toBe('001');
    expect(makeIdNumber('330302', '1990-01-01', 0, 'FEMALE').slice(14, 17)).toBe('000');
    expect(makeIdNumber('330302', '1990-01-01', 999, 'FEMALE').slice(14, 17)).toBe('998');
    expect(makeIdNumber('330302', '1990-01-01', 999, 'MALE').slice(14, 17)).toBe('999');
  });

  it('always produces numbers that parse back to the same fields', () => {
    for (let seq = 0; seq < 1000; seq += 37) {
      for (const gender of ['MALE', 'FEMALE'] as const) {
        const id = makeIdNumber('330302', '1985-07-09', seq, gender);
        expect(parseIdNumber(id, TODAY)).toEqual({ ok: true, value: id, birthDate: '1985-07-09', gender, regionCode: '330302' });
      }
    }
  });

  it('rejects invalid arguments', () => {
    expect(() => makeIdNumber('33030', '1990-01-01', 1, 'MALE')).toThrow(RangeError);
    expect(() => makeIdNumber('330302', '1990-02-30', 1, 'MALE')).toThrow(RangeError);
    expect(() => makeIdNumber('330302', '1899-12-31', 1, 'MALE')).toThrow(RangeError);
    expect(() => makeIdNumber('330302', '1990-01-01', 1000, 'MALE')).toThrow(RangeError);
    expect(() => makeIdNumber('330302', '1990-01-01', 1.5, 'MALE')).toThrow(RangeError);
  });
});
