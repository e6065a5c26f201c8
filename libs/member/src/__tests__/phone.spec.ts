import { normalizePhone } from '../utils/phone';

const GENERIC =
  'is not a mainland mobile (11 digits starting with 1), a landline with area code, or an international number starting with +';

describe('normalizePhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['0086 138-1234-5678', '13812345678'],
    ['86 13812345678', '13812345678'],
    ['(+86) 199 0000 0000', '19900000000'],
  ])('normalises the mobile %s', (raw, value) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, value, kind: 'MOBILE' });
  });

  it.each([
    ['0577-88123456', '057788123456'],
    ['(0577) 8812 3456', '057788123456'],
    ['010-23456789', '01023456789'],
    ['021 62345678', '02162345678'],
    ['0574-8712345', '05748712345'],
    ['+86 577 8812 3456', '057788123456'],
    ['+86 10 2345 6789', '01023456789'],
    ['+86 (0)577 88123456', '057788123456'],
    ['0086 577 88123456', '057788123456'],
  ])('normalises the landline %s', (raw, value) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, value, kind: 'LANDLINE' });
  });

  it.each([
    ['+1 415 555 0100', '+14155550100'],
    ['001 415 555 0100', '+14155550100'],
    ['+852 2123 4567', '+85221234567'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('normalises the international number %s', (raw, value) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, value, kind: 'INTERNATIONAL' });
  });

  it.each([
    ['12345'],
    ['12812345678'], // 11 digits but 12x is not a mobile range
    ['1381234567'], // one digit short
    ['138123456789'], // one digit long
    ['0577-08123456'], // subscriber numbers never start with 0 …
    ['010-12345678'], // … or 1 (those are service numbers, not lines)
    ['0577-123456'], // too short a subscriber number
    ['0177-88123456'], // no area codes in 01x other than 010
    ['+86 12345'], // +86 is never treated as a foreign country code
    ['+1 234'], // below the 8-digit minimum
    ['+1234567890123456'], // above E.164's 15 digits
    ['+0123456789'], // country codes never start with 0
  ])('rejects %s', (raw) => {
    expect(normalizePhone(raw)).toEqual({ ok: false, reason: GENERIC });
  });

  it('explains empty input and stray characters', () => {
    expect(normalizePhone('  ')).toEqual({ ok: false, reason: 'is empty' });
    expect(normalizePhone('138-1234-567x')).toMatchObject({ ok: false, reason: expect.stringContaining('only contain digits') });
    expect(normalizePhone('138+12345678')).toMatchObject({ ok: false });
  });
});
