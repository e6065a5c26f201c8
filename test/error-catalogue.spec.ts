import { createTestApp, expectData, TestApp } from '@crm/testing';

interface Reason {
  reason: string;
  code: string;
  library: string;
  messageEn: string;
  messageZh: string;
}

const CATALOGUE = `{ errorCatalogue { reason code library messageEn messageZh } }`;

describe('errorCatalogue: every refusal reason the libraries declare', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is open without a token (the sign-in page needs it) and lists each library’s reasons once', async () => {
    const list = expectData(await t.gql<{ errorCatalogue: Reason[] }>(CATALOGUE)).errorCatalogue;
    const reasons = list.map((r) => r.reason);
    expect(new Set(reasons).size).toBe(reasons.length);
    expect(new Set(list.map((r) => r.library))).toEqual(new Set(['input', 'auth', 'chamber', 'region', 'user', 'member', 'import', 'party', 'official', 'visit', 'honor', 'storage', 'investment', 'notice', 'event', 'integration']));
    expect(list.find((r) => r.reason === 'MEMBER_NO_RUNNING_TERM')).toEqual({
      reason: 'MEMBER_NO_RUNNING_TERM',
      code: 'BAD_USER_INPUT',
      library: 'member',
      messageEn: '{chamber} has no running term; record its term (届) first',
      messageZh: '{chamber}尚无在任的届次，请先登记届次',
    });
    expect(reasons).toEqual(expect.arrayContaining(['CHAMBER_NOT_PREPARING', 'USER_BAD_CREDENTIALS', 'REGION_UNKNOWN_CODE', 'IMPORT_HAS_ERRORS', 'NOT_VALIDATED', 'INPUT_INVALID']));
  });

  it('has a Chinese message for every reason, and templates whose placeholders all rendered', async () => {
    const list = expectData(await t.gql<{ errorCatalogue: Reason[] }>(CATALOGUE)).errorCatalogue;
    for (const r of list) {
      expect({ reason: r.reason, zh: /\p{Script=Han}/u.test(r.messageZh) }).toEqual({ reason: r.reason, zh: true });
      expect(`${r.messageEn} ${r.messageZh}`).not.toMatch(/undefined|\[object|NaN/);
      // Each placeholder of the English message is in the Chinese one too: no value is lost in translation.
      for (const placeholder of r.messageEn.match(/\{\w+\}/g) ?? []) expect({ reason: r.reason, has: r.messageZh.includes(placeholder) }).toEqual({ reason: r.reason, has: true });
    }
  });
});
