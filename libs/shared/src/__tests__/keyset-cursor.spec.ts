import { decodeCursor, encodeCursor } from '../pagination/keyset';
import { maskIdNumber, maskPhone } from '../pii/mask';

describe('keyset cursors', () => {
  it('round-trip the key values, timestamps kept to the microsecond', () => {
    const values = ['2026-11-22 02:30:29.123456+00', 'c3e1a8f2-5d0b-4b8e-9c51-0e6b7f8a9d10'];
    expect(decodeCursor(encodeCursor(values), 2)).toEqual(values);
  });

  it.each([['garbage'], [encodeCursor(['only-one'])], [Buffer.from('{"a":1}').toString('base64url')]])(
    'refuse a cursor this list did not issue (%s)',
    (cursor) => {
      expect(() => decodeCursor(cursor, 2)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }) }));
    },
  );
});

describe('personal data masks', () => {
  it('keep the first 3 and last 4 characters', () => {
    expect(maskIdNumber('330302199001011234')).toBe('330***********1234');
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone('1234')).toBe('****');
  });
});
