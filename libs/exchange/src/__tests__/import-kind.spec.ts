import { parse } from 'csv-parse/sync';
import express from 'express';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { EntityManager, QueryRunner } from 'typeorm';
import { AccessService, Caller, Permission, Role, ScopedEntity } from '@crm/auth';
import {
  ColumnCatalogue,
  ImportAction,
  ImportCommitBatch,
  ImportCommitter,
  ImportEngine,
  ImportEngines,
  ImportJobScope,
  ImportRowError,
  ImportRowOutcome,
  StagedImportRow,
  TableExporter,
} from '@crm/exchange';
import { defineMessages, maskPhone } from '@crm/shared';
import { createTestApp, createUser, nextMobile, TestApp, writeCsvFile } from '@crm/testing';

// A second import kind and a second export, plugged into the shared machinery the way a library
// does it (docs/exchange.md, "How to add an import kind"): its own tables of the common shape,
// its columns with zh-CN headers, a parser, matching against existing rows, a committer that
// writes through the owner of the table, a scope for its jobs, and an export source with masking.
// Only the tables are made here by hand: a library creates them in its migration.

/** The throwaway table of the owning "library", and the kind's job and row tables (the common shape). */
const TABLES_SQL = `
  CREATE TABLE test_contact (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name varchar(30) NOT NULL,
    phone varchar(11) NOT NULL UNIQUE,
    group_name varchar(30),
    version integer NOT NULL DEFAULT 1
  );
  CREATE TABLE test_contact_import (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_by uuid NOT NULL REFERENCES app_user (id) ON DELETE RESTRICT,
    file_name varchar(255) NOT NULL,
    file_size bigint NOT NULL,
    stored_file varchar(255),
    format varchar(10),
    encoding varchar(20),
    status text NOT NULL DEFAULT 'UPLOADED'
      CHECK (status IN ('UPLOADED', 'VALIDATING', 'VALIDATED', 'INVALID', 'FAILED', 'COMMITTING', 'COMMITTED', 'CANCELLED')),
    mode text CHECK (mode IN ('SKIP', 'UPDATE')),
    columns jsonb NOT NULL DEFAULT '[]',
    ignored_columns text[] NOT NULL DEFAULT '{}',
    failure jsonb,
    total_rows integer NOT NULL DEFAULT 0,
    error_rows integer NOT NULL DEFAULT 0,
    matched_rows integer NOT NULL DEFAULT 0,
    done_rows integer NOT NULL DEFAULT 0,
    created_count integer NOT NULL DEFAULT 0,
    updated_count integer NOT NULL DEFAULT 0,
    skipped_count integer NOT NULL DEFAULT 0,
    unchanged_count integer NOT NULL DEFAULT 0,
    failed_count integer NOT NULL DEFAULT 0,
    commit_cursor integer NOT NULL DEFAULT 0,
    attempts integer NOT NULL DEFAULT 0,
    lease uuid,
    heartbeat_at timestamptz,
    validated_at timestamptz,
    match_snapshot text,
    commit_started_at timestamptz,
    finished_at timestamptz,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (total_rows >= 0 AND error_rows >= 0 AND done_rows >= 0 AND done_rows <= total_rows)
  );
  CREATE INDEX ix_test_contact_import_creator ON test_contact_import (created_by, created_at);
  CREATE TABLE test_contact_import_row (
    import_id uuid NOT NULL REFERENCES test_contact_import (id) ON DELETE CASCADE,
    row_number integer NOT NULL,
    "values" jsonb,
    errors jsonb,
    matched_contact_id uuid,
    action text CHECK (action IN ('CREATED', 'UPDATED', 'SKIPPED', 'UNCHANGED', 'FAILED')),
    contact_id uuid,
    PRIMARY KEY (import_id, row_number)
  );
  CREATE INDEX ix_test_contact_import_row_pending ON test_contact_import_row (import_id, row_number) WHERE action IS NULL;
  CREATE INDEX ix_test_contact_import_row_errors ON test_contact_import_row (import_id, row_number) WHERE errors IS NOT NULL;
`;

type ContactKey = 'name' | 'phone' | 'group';
interface ContactValues {
  name: string;
  phone: string;
  group: string | null;
}

const CONTACT_COLUMNS = new ColumnCatalogue<ContactKey>([
  { key: 'name', header: '姓名', synonyms: ['名字'], required: true, help: '2–30 个字' },
  { key: 'phone', header: '手机号码', synonyms: ['手机', '联系电话'], required: true, text: true, help: '11 位手机号码' },
  { key: 'group', header: '分组', synonyms: ['小组'], help: '所在小组，可不填' },
]);

const ContactRowMessages = defineMessages({
  REQUIRED: { en: 'required', zh: '必填项未填写' },
  INVALID_PHONE: { en: 'not an 11-digit mobile number', zh: '不是 11 位手机号码' },
  SAME_PHONE: { en: (p: { row: number }) => `the same phone as row ${p.row}`, zh: (p) => `与第 ${p.row} 行的手机号码相同` },
});
const ContactFailures = defineMessages({
  UPLOADER_NOT_ALLOWED: { en: 'The account that uploaded this import may no longer import contacts', zh: '上传这份文件的账号已无权导入联系人' },
  GAVE_UP: { en: (p: { runs: number; committing: boolean }) => `Stopped after ${p.runs} failed runs (${p.committing})`, zh: (p) => `连续 ${p.runs} 次运行失败，已停止（${p.committing}）` },
});

/** The owning library's service: the only writer of test_contact (the import writes through it). */
class ContactBook {
  async lockByPhone(em: EntityManager, phones: string[]): Promise<Map<string, { id: string; name: string; group: string | null }>> {
    const rows = (await em.query(`SELECT id, name, phone, group_name AS "group" FROM test_contact WHERE phone = ANY($1) ORDER BY id FOR UPDATE`, [phones])) as {
      id: string;
      name: string;
      phone: string;
      group: string | null;
    }[];
    return new Map(rows.map((r) => [r.phone, r]));
  }

  async create(em: EntityManager, rows: ContactValues[]): Promise<string[]> {
    const ids = rows.map(() => randomUUID());
    if (!rows.length) return ids;
    await em.query(
      `INSERT INTO test_contact (id, name, phone, group_name) SELECT r.id, r.name, r.phone, r."group" FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, name text, phone text, "group" text)`,
      [JSON.stringify(rows.map((r, i) => ({ ...r, id: ids[i] })))],
    );
    return ids;
  }

  async update(em: EntityManager, id: string, values: ContactValues): Promise<void> {
    await em.query(`UPDATE test_contact SET name = $2, group_name = $3, version = version + 1 WHERE id = $1`, [id, values.name, values.group]);
  }
}

/** The kind's batch writer: create the new, update (or skip) the matched, through the book. */
class ContactCommitter implements ImportCommitter<ContactValues> {
  batchRows = 1000;
  connections = 1;
  /** Test hook: throws once when the batch holds this row. */
  failOnRow: number | null = null;

  constructor(private readonly book: ContactBook) {}

  async apply(batch: ImportCommitBatch<ContactValues>): Promise<ImportRowOutcome[]> {
    if (this.failOnRow !== null && batch.rows.some((r) => r.rowNumber === this.failOnRow)) {
      this.failOnRow = null;
      throw new Error('the database went away');
    }
    const current = await this.book.lockByPhone(
      batch.em,
      batch.rows.map((r) => r.values.phone),
    );
    const outcomes: ImportRowOutcome[] = [];
    const created: { outcome: ImportRowOutcome; values: ContactValues }[] = [];
    for (const row of batch.rows) {
      // Matched again at commit: the phone may have been registered since validation.
      const before = current.get(row.values.phone);
      if (!before) {
        const outcome: ImportRowOutcome = { rowNumber: row.rowNumber, action: ImportAction.Created, targetId: null };
        created.push({ outcome, values: row.values });
        outcomes.push(outcome);
      } else if (batch.mode === 'SKIP') {
        outcomes.push({ rowNumber: row.rowNumber, action: ImportAction.Skipped, targetId: before.id });
      } else if (before.name === row.values.name && before.group === (row.values.group ?? before.group)) {
        outcomes.push({ rowNumber: row.rowNumber, action: ImportAction.Unchanged, targetId: before.id });
      } else {
        await this.book.update(batch.em, before.id, { ...row.values, group: row.values.group ?? before.group });
        outcomes.push({ rowNumber: row.rowNumber, action: ImportAction.Updated, targetId: before.id });
      }
    }
    const ids = await this.book.create(
      batch.em,
      created.map((c) => c.values),
    );
    created.forEach((c, i) => (c.outcome.targetId = ids[i]));
    return outcomes;
  }
}

/** The kind's validation: parse the cells, refuse a phone twice in the file, match by phone. */
function contactValidation() {
  const seenPhones = new Map<string, number>();
  const error = (column: string | undefined, value: string | null, reason: string, text: { message: string; messageZh: string }): ImportRowError => ({
    column: column ?? null,
    value,
    reason,
    ...text,
  });
  return {
    parse(cells: Partial<Record<ContactKey, string>>, _formulas: ReadonlySet<ContactKey>, headers: Partial<Record<ContactKey, string>>) {
      const errors: ImportRowError[] = [];
      const name = cells.name?.trim() ?? '';
      const phone = cells.phone?.replace(/\s+/g, '') ?? '';
      if (!name) errors.push(error(headers.name, null, 'REQUIRED', ContactRowMessages.REQUIRED()));
      if (!phone) errors.push(error(headers.phone, null, 'REQUIRED', ContactRowMessages.REQUIRED()));
      // A value that failed its own check is shown as typed; a valid phone would be masked.
      else if (!/^1\d{10}$/.test(phone)) errors.push(error(headers.phone, phone, 'INVALID_PHONE', ContactRowMessages.INVALID_PHONE()));
      return { values: errors.length ? null : { name, phone, group: cells.group?.trim() || null }, errors };
    },
    checkInFile(row: StagedImportRow<ContactValues>, cells: Partial<Record<ContactKey, string>>, headers: Partial<Record<ContactKey, string>>) {
      const phone = cells.phone?.replace(/\s+/g, '');
      if (!phone) return;
      const first = seenPhones.get(phone);
      if (first) row.errors.push(error(headers.phone, maskPhone(phone), 'DUPLICATE_IN_FILE', ContactRowMessages.SAME_PHONE({ row: first })));
      else seenPhones.set(phone, row.rowNumber);
    },
    async stage(em: EntityManager, rows: StagedImportRow<ContactValues>[]) {
      const found = (await em.query(`SELECT id, phone FROM test_contact WHERE phone = ANY($1)`, [rows.map((r) => r.values?.phone)])) as { id: string; phone: string }[];
      const byPhone = new Map(found.map((f) => [f.phone, f.id]));
      for (const r of rows) r.matchedId = byPhone.get(r.values?.phone ?? '') ?? null;
    },
  };
}

const ENTITY = 'TestContactImport' as ScopedEntity; // a product kind adds its entity to ScopedEntity

describe('a second import kind and export on the shared machinery (@crm/exchange)', () => {
  let t: TestApp;
  let engine: ImportEngine<ContactValues, ContactKey>;
  let committer: ContactCommitter;
  let admin: Caller;
  let secretary: Caller;

  const callerOf = (u: { id: string; email: string; role: Role; countyCode: string | null; chamberId: string | null; partyCommitteeId: string | null; officialId: string | null }): Caller => ({
    id: u.id,
    email: u.email,
    role: u.role,
    countyCode: u.countyCode,
    chamberId: u.chamberId,
    partyCommitteeId: u.partyCommitteeId,
    officialId: u.officialId,
  });

  beforeAll(async () => {
    t = await createTestApp();
    await t.dataSource.query(TABLES_SQL);
    // Registered before the first job is queued: the queue creates the kind's queues when it starts.
    new ImportJobScope(t.app.get(AccessService), ENTITY, 'test_contact_import');
    committer = new ContactCommitter(new ContactBook());
    engine = t.app.get(ImportEngines).create<ContactValues, ContactKey>({
      name: 'test-contact-import',
      entity: ENTITY,
      auditPrefix: 'testContactImport',
      permission: Permission.MemberImport,
      tables: {
        job: 'test_contact_import',
        row: 'test_contact_import_row',
        statusType: 'text',
        actionType: 'text',
        matchedColumn: 'matched_contact_id',
        targetColumn: 'contact_id',
      },
      columns: CONTACT_COLUMNS,
      templateSheet: '联系人',
      texts: { uploaderNotAllowed: () => ContactFailures.UPLOADER_NOT_ALLOWED(), gaveUp: (p) => ContactFailures.GAVE_UP(p) },
      startValidation: async () => contactValidation(),
      committer,
    });
    admin = callerOf((await createUser(t, { role: Role.Admin })).user);
    secretary = callerOf((await createUser(t, { role: Role.ChamberSecretary })).user);
  });
  afterAll(() => t.close());

  async function validated(path: string, caller = admin) {
    const created = await engine.create(caller, { path, fileName: path.split('/').pop() as string, size: 100 });
    await engine.runValidation(created.id);
    return engine.get(caller, created.id);
  }

  async function report(id: string): Promise<string[][]> {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await engine.writeReport(id, 'csv', out);
    return parse(Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '')) as string[][];
  }

  const contacts = async () =>
    (await t.dataSource.query(`SELECT name, phone, group_name AS "group", version FROM test_contact ORDER BY phone`)) as { name: string; phone: string; group: string | null; version: number }[];

  it('validates a zh-CN file into staged rows; every bad row gets its problems in Chinese in the report, and nothing can be committed', async () => {
    const [p1, p2] = [nextMobile(), nextMobile()];
    const path = writeCsvFile('contacts-bad.csv', [
      ['2026 年联系人名单', null, null, null],
      ['姓名*', '手机', '小组', '微信'],
      ['陈晓东', p1, '第一组', 'x1'],
      [null, p2, '第二组', null],
      ['林秀英', '123', null, null],
      ['王海燕', p1, null, null],
    ]);
    const imp = await validated(path);
    expect(imp).toMatchObject({ status: 'INVALID', totalRows: 4, errorRows: 3, matchedRows: 0, format: 'csv', ignoredColumns: ['微信'] });
    expect(imp.columns.map((c) => c.key)).toEqual(['name', 'phone', 'group']);
    expect(await report(imp.id)).toEqual([
      ['行号', '列', '内容', '错误代码', '说明'],
      ['4', '姓名*', '', 'REQUIRED', '必填项未填写'],
      ['5', '手机', '123', 'INVALID_PHONE', '不是 11 位手机号码'],
      ['6', '手机', maskPhone(p1) as string, 'DUPLICATE_IN_FILE', '与第 3 行的手机号码相同'],
    ]);
    const page = await engine.errors(imp.id, 2);
    expect(page.edges.map((e) => e.node.rowNumber)).toEqual([4, 5]);
    expect((await engine.errors(imp.id, 2, page.pageInfo.endCursor ?? undefined)).edges.map((e) => e.node.rowNumber)).toEqual([6]);
    await expect(engine.commit(admin, imp.id, 'UPDATE', imp.version)).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'IMPORT_HAS_ERRORS' } });
    expect(await contacts()).toEqual([]);
  });

  it('fails a file without a required column as a whole, in Chinese, and writes the template with the kind’s headers', async () => {
    const imp = await validated(writeCsvFile('no-phone.csv', [['姓名', '分组'], ['陈晓东', '第一组']]));
    expect(imp).toMatchObject({ status: 'FAILED', totalRows: 0, failure: { reason: 'MISSING_COLUMN' } });
    expect(imp.failure?.messageZh).toContain('手机号码');
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await engine.writeTemplate('csv', out);
    expect(Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '').trim()).toBe('姓名*,手机号码*,分组');
  });

  it('commits through the owner’s writer in batches, per mode for matched rows, and a re-run of the same file changes nothing', async () => {
    const known = nextMobile();
    await t.dataSource.query(`INSERT INTO test_contact (name, phone, group_name) VALUES ('周国平', $1, '旧组')`, [known]);
    const phones = [nextMobile(), nextMobile(), nextMobile(), nextMobile()];
    const rows = [['姓名', '手机号码', '分组'], ['周国平', known, '新组'], ...phones.map((p, i) => [`吴建国${'一二三四'[i]}`, p, null])];
    const path = writeCsvFile('contacts.csv', rows);
    const imp = await validated(path);
    expect(imp).toMatchObject({ status: 'VALIDATED', totalRows: 5, errorRows: 0, matchedRows: 1 });

    committer.batchRows = 2;
    const done: number[] = [];
    await engine.commit(admin, imp.id, 'UPDATE', imp.version);
    await engine.runCommit(imp.id, { afterBatch: (n) => void done.push(n) });
    expect(done).toEqual([2, 4, 5]);
    const after = await engine.get(admin, imp.id);
    expect(after).toMatchObject({ status: 'COMMITTED', doneRows: 5, createdCount: 4, updatedCount: 1, unchangedCount: 0, failedCount: 0, storedFile: null });
    expect((await contacts()).find((c) => c.phone === known)).toEqual({ name: '周国平', phone: known, group: '新组', version: 2 });
    const staged = (await t.dataSource.query(
      `SELECT r.row_number AS "row", r.action, c.phone FROM test_contact_import_row r JOIN test_contact c ON c.id = r.contact_id WHERE r.import_id = $1 ORDER BY r.row_number`,
      [imp.id],
    )) as { row: number; action: string; phone: string }[];
    expect(staged).toEqual([{ row: 2, action: 'UPDATED', phone: known }, ...phones.map((p, i) => ({ row: i + 3, action: 'CREATED', phone: p }))]);
    const events = (await t.dataSource.query(`SELECT operation, metadata FROM audit_event WHERE entity_id = $1 ORDER BY id`, [imp.id])) as { operation: string; metadata: Record<string, unknown> }[];
    expect(events.map((e) => e.operation)).toEqual(['testContactImport.upload', 'testContactImport.commit']);
    expect(events[1].metadata).toEqual({ mode: 'UPDATE', rows: 5 });

    const again = await validated(writeCsvFile('contacts-again.csv', rows));
    expect(again).toMatchObject({ status: 'VALIDATED', matchedRows: 5 });
    await engine.commit(admin, again.id, 'UPDATE', again.version);
    await engine.runCommit(again.id);
    expect(await engine.get(admin, again.id)).toMatchObject({ status: 'COMMITTED', createdCount: 0, updatedCount: 0, unchangedCount: 5 });
    expect((await contacts()).map((c) => c.version)).toEqual(expect.arrayContaining([1, 1, 1, 1, 2]));
    expect(await contacts()).toHaveLength(5);
  });

  it('a commit that dies part-way keeps its finished batches and resumes with the rest, never redoing one', async () => {
    const phones = Array.from({ length: 5 }, () => nextMobile());
    const imp = await validated(writeCsvFile('resume.csv', [['姓名', '手机号码'], ...phones.map((p) => ['郑丽华', p])]));
    committer.batchRows = 2;
    committer.failOnRow = 4; // the second batch (rows 4 and 5)
    await engine.commit(admin, imp.id, 'SKIP', imp.version);
    await expect(engine.runCommit(imp.id)).rejects.toThrow('the database went away');
    expect(await engine.get(admin, imp.id)).toMatchObject({ status: 'COMMITTING', doneRows: 2, createdCount: 2 });
    const stale = await engine.get(admin, imp.id);
    // Resumed by the user with the same mode (another mode is refused).
    await expect(engine.commit(admin, imp.id, 'UPDATE', stale.version)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.mode' } });
    await engine.commit(admin, imp.id, 'SKIP', stale.version);
    await engine.runCommit(imp.id);
    expect(await engine.get(admin, imp.id)).toMatchObject({ status: 'COMMITTED', doneRows: 5, createdCount: 5 });
    const count = (await t.dataSource.query(`SELECT count(*)::int AS n FROM test_contact WHERE phone = ANY($1)`, [phones])) as { n: number }[];
    expect(count[0].n).toBe(5);
  });

  it('shows an import only to its uploader and administrators, and fails a job whose uploader lost the permission in the kind’s words', async () => {
    const mine = await validated(writeCsvFile('secretary.csv', [['姓名', '手机号码'], ['黄秀英', nextMobile()]]), secretary);
    expect(mine.status).toBe('VALIDATED');
    const theirs = await validated(writeCsvFile('admin.csv', [['姓名', '手机号码'], ['黄晓东', nextMobile()]]));
    await expect(engine.get(secretary, theirs.id)).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect((await engine.list(secretary, 50)).edges.map((e) => e.node.id)).toEqual([mine.id]);
    expect((await engine.list(admin, 50)).edges.map((e) => e.node.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));

    const viewer = callerOf((await createUser(t, { role: Role.Viewer })).user);
    const refused = await validated(writeCsvFile('viewer.csv', [['姓名', '手机号码'], ['黄建国', nextMobile()]]), viewer);
    expect(refused).toMatchObject({ status: 'FAILED', failure: { reason: 'UPLOADER_NOT_ALLOWED', messageZh: '上传这份文件的账号已无权导入联系人' } });
  });

  it('exports through the shared exporter: rows in keyset batches, phones masked, one audit event before the first byte', async () => {
    const source = (masked: boolean) => ({
      label: 'contact',
      format: 'csv' as const,
      sheetName: '联系人',
      headers: ['姓名', '手机号码', '分组'],
      textColumns: [1],
      fileNames: () => ({ ascii: 'contacts.csv', zh: '联系人.csv' }),
      count: async (runner: QueryRunner) => ((await runner.query(`SELECT count(*)::int AS n FROM test_contact`)) as { n: number }[])[0].n,
      auditEvent: (rowCount: number) => ({ operation: 'testContact.export', entityType: 'TestContact', metadata: { rowCount, personalData: masked ? 'MASKED' : 'CLEAR' } }),
      fetch: async (runner: QueryRunner, after: string[] | null, limit: number) => {
        const rows = (await runner.query(`SELECT id, name, phone, group_name AS "group" FROM test_contact WHERE id > coalesce($1::uuid, '00000000-0000-0000-0000-000000000000') ORDER BY id LIMIT $2`, [
          after?.[0] ?? null,
          limit,
        ])) as { id: string; name: string; phone: string; group: string | null }[];
        return { rows: rows.map((r) => [r.name, masked ? maskPhone(r.phone) : r.phone, r.group]), last: rows.length ? [rows[rows.length - 1].id] : null };
      },
    });
    const server = express();
    server.get('/contacts.csv', (req, res, next) => {
      t.app
        .get(TableExporter)
        .export(source(req.query.clear !== '1'), res, { batchSize: 3, maxConcurrent: 2 })
        .catch(next);
    });
    const res = await request(server).get('/contacts.csv').buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''%E8%81%94%E7%B3%BB%E4%BA%BA.csv");
    const [header, ...rows] = parse(String(res.text).replace(/^\uFEFF/, '')) as string[][];
    const all = await contacts();
    expect(header).toEqual(['姓名', '手机号码', '分组']);
    expect(rows).toHaveLength(all.length);
    expect(rows.map((r) => r[1]).sort()).toEqual(all.map((c) => maskPhone(c.phone)).sort());
    const [event] = (await t.dataSource.query(`SELECT metadata FROM audit_event WHERE operation = 'testContact.export' ORDER BY id DESC LIMIT 1`)) as { metadata: Record<string, unknown> }[];
    expect(event.metadata).toEqual({ rowCount: all.length, personalData: 'MASKED' });
  });
});
