import { decodeCursor, encodeCursor } from '../pagination/keyset';

const refusedOnAfter = expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }) });

describe('cursors that carry their kind', () => {
  const values = ['zhang san', 'c3e1a8f2-5d0b-4b8e-9c51-0e6b7f8a9d10'];

  it('round-trip within their kind', () => {
    expect(decodeCursor(encodeCursor(values, 'members-name'), 2, 'members-name')).toEqual(values);
  });

  it('are refused by a list of another kind, naming the mistake', () => {
    expect(() => decodeCursor(encodeCursor(values, 'chambers'), 2, 'members-name')).toThrow(refusedOnAfter);
    expect(() => decodeCursor(encodeCursor(values, 'chambers'), 2, 'members-name')).toThrow(/another list or sort order/);
  });

  it('and kinded and bare cursors are never taken for each other', () => {
    expect(() => decodeCursor(encodeCursor(values), 2, 'members-name')).toThrow(refusedOnAfter);
    expect(() => decodeCursor(encodeCursor(values, 'members-name'), 2)).toThrow(refusedOnAfter);
  });

  it.each([
    ['kind not a string', { k: 1, v: ['a', 'b'] }],
    ['values missing', { k: 'members-name' }],
    ['wrong arity', { k: 'members-name', v: ['a'] }],
    ['a value not a string', { k: 'members-name', v: ['a', 2] }],
    ['null', null],
  ])('refuse a forged kinded cursor (%s)', (_label, body) => {
    expect(() => decodeCursor(Buffer.from(JSON.stringify(body)).toString('base64url'), 2, 'members-name')).toThrow(refusedOnAfter);
  });
});
