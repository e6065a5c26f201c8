import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLEnumType } from 'graphql';
import { STABLE_ERROR_CODES } from '@crm/shared';
import { createTestApp, expectData, TestApp } from '@crm/testing';
import { ENUM_ZH, GENERIC_ZH } from '../apps/admin/src/i18n/zh';
import { AUDIT_ENTITY, auditOperationZh } from '../apps/admin/src/pages/office/audit-labels';

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

describe('admin UI: Chinese for every audit operation and entity the libraries write', () => {
  /** Every `operation: 'x.y'` and `entityType: 'X'` written as a literal in the libraries' code. */
  function literals(key: string): string[] {
    const found = new Set<string>();
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== '__tests__' && e.name !== 'node_modules') walk(path);
        } else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')) {
          for (const m of readFileSync(path, 'utf8').matchAll(new RegExp(`\\b${key}: '([A-Za-z.]+)'`, 'g'))) found.add(m[1]);
        }
      }
    };
    walk(join(__dirname, '..', 'libs'));
    return [...found].sort();
  }

  it('shows no operation or entity of the audit log as its code', () => {
    const operations = literals('operation').filter((o) => o.includes('.'));
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.filter((o) => !CJK.test(auditOperationZh(o)))).toEqual([]);
    const entities = literals('entityType');
    expect(entities.length).toBeGreaterThan(10);
    expect(entities.filter((e) => !AUDIT_ENTITY[e] || !CJK.test(AUDIT_ENTITY[e]))).toEqual([]);
  });
});
