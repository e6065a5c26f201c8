import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { attachmentDisposition, exportStamp } from '@crm/exchange';
import { createTableWriter } from '@crm/spreadsheet';
import { ReturnFieldType } from '../dtos/notice.dto';
import { NoticeErrors } from '../exceptions/notice.errors';
import { StoredAnswer } from '../utils/return-form';
import { NoticeService } from './notice.service';

const STATE_ZH: Readonly<Record<string, string>> = { UNREAD: '未读', READ: '已读', ACKNOWLEDGED: '已签收' };

/**
 * A notice's returns as one .xlsx table for its sender: a row per recipient (missing returns
 * included, marked), the form's labels as headers. Members listed by name only (no personal data).
 * Audited before the first byte.
 */
@Injectable()
export class NoticeExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly notices: NoticeService,
  ) {}

  async exportReturns(caller: Caller, noticeId: string, res: Response): Promise<void> {
    const notice = await this.notices.get(caller, noticeId);
    if (!(await this.access.passes(this.dataSource.manager, 'Notice', 'write', caller, noticeId))) throw NoticeErrors.TARGET_OUTSIDE_SCOPE({ kind: '该通知' }, { field: 'id' });
    if (!notice.returnForm) throw NoticeErrors.NO_RETURN_ASKED({}, { field: 'id' });
    const form = notice.returnForm;
    const rows = (await this.dataSource.query(
      `SELECT r.label, r.county_code AS "countyCode", CASE WHEN r.acknowledged_at IS NOT NULL THEN 'ACKNOWLEDGED' WHEN r.read_at IS NOT NULL THEN 'READ' ELSE 'UNREAD' END AS state,
              t.answers, t.late, t.updated_at AS "updatedAt",
              (SELECT json_object_agg(m.id, m.name) FROM member m WHERE m.id = ANY(t.member_ids)) AS names
         FROM notice_recipient r LEFT JOIN notice_return t ON t.recipient_id = r.id
        WHERE r.notice_id = $1 ORDER BY r.label, r.id`,
      [noticeId],
    )) as { label: string; state: string; answers: StoredAnswer[] | null; late: boolean | null; updatedAt: Date | null; names: Record<string, string> | null }[];
    await this.audit.recordAlone({ operation: 'noticeReturn.export', entityType: 'Notice', entityId: noticeId, metadata: { rows: rows.length } });
    const at = new Date();
    res.status(200);
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('content-disposition', attachmentDisposition(`notice-returns-${exportStamp(at)}.xlsx`, `${notice.title.slice(0, 60)}-报送汇总-${exportStamp(at)}.xlsx`));
    res.setHeader('cache-control', 'no-store');
    const headers = ['序号', '报送单位', '签收状态', '报送状态', '报送时间', ...form.map((f) => f.label)];
    const writer = createTableWriter('xlsx', res, { sheetName: '报送汇总', headers });
    try {
      let n = 0;
      for (const r of rows) {
        n += 1;
        const byKey = new Map((r.answers ?? []).map((a) => [a.key, a]));
        const cells = form.map((f) => {
          const a = byKey.get(f.key);
          if (!a) return null;
          if (f.type === ReturnFieldType.Members) return (a.memberIds ?? []).map((id) => r.names?.[id] ?? '—').join('、') || null;
          if (f.type === ReturnFieldType.File) return a.fileId ? `/attachments/${a.fileId}` : null;
          if (f.type === ReturnFieldType.Number && a.value !== null) return Number(a.value);
          return a.value;
        });
        const status = !r.answers ? '未报送' : r.late ? '催报后报送' : '已报送';
        await writer.writeRow([n, r.label, STATE_ZH[r.state] ?? r.state, status, r.updatedAt ? new Date(r.updatedAt).toISOString().slice(0, 16).replace('T', ' ') : null, ...cells]);
      }
      await writer.finish();
    } catch (error) {
      writer.abort(error as Error);
      throw error;
    }
  }
}
