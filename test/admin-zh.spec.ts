import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLEnumType } from 'graphql';
import { STABLE_ERROR_CODES } from '@crm/shared';
import { createTestApp, expectData, TestApp } from '@crm/testing';
import { ENUM_ZH, GENERIC_ZH } from '../apps/admin/src/i18n/zh';

/**
 * Chinese throughout the admin UI: every refusal the API can return (errorCatalogue) carries a
 * Chinese message the UI shows as it is, every error code has the UI's Chinese fallback, and every
 * value of every enum the UI puts on screen has a Chinese label, so a value added to the API
 * fails here rather than showing up as ACTIVE on a page.
 */
const CJK = /[\u4e00-\u9fff]/;

describe('admin UI: Chinese for every code, reason and enum value', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('has a Chinese message for every reason of the error catalogue, and a fallback for every code', async () => {
    const res = await t.gql<{ errorCatalogue: { reason: string; code: string; messageZh: string }[] }>(`{ errorCatalogue { reason code messageZh } }`);
    const catalogue = expectData(res).errorCatalogue;
    expect(catalogue.length).toBeGreaterThan(100);
    const withoutChinese = catalogue.filter((r) => !CJK.test(r.messageZh)).map((r) => r.reason);
    expect(withoutChinese).toEqual([]);
    const codes = new Set([...STABLE_ERROR_CODES, ...catalogue.map((r) => r.code)]);
    expect([...codes].filter((c) => !GENERIC_ZH[c] || !CJK.test(GENERIC_ZH[c]))).toEqual([]);
  });

  it('labels every value of the enums it shows in Chinese', () => {
    const schema = buildSchema(readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8'));
    const missing: string[] = [];
    for (const [name, labels] of Object.entries(ENUM_ZH)) {
      const type = schema.getType(name);
      if (!(type instanceof GraphQLEnumType)) {
        missing.push(`${name} is not an enum of the schema`);
        continue;
      }
      for (const value of type.getValues()) if (!labels[value.name] || !CJK.test(labels[value.name])) missing.push(`${name}.${value.name}`);
    }
    expect(missing).toEqual([]);
  });
});
