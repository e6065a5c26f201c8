import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuditService } from '@crm/audit';
import { Caller } from '@crm/auth';
import { attachmentDisposition, exportStamp } from '@crm/exchange';
import { createTableWriter } from '@crm/spreadsheet';
import { MeetingService } from './meeting.service';

export type MeetingList = 'delegates' | 'sign-in';

const STATUS_ZH: Readonly<Record<string, string>> = { REGISTERED: '已报名', WAITLISTED: '候补', CANCELLED: '已取消' };

/**
 * A meeting's delegate list (every registration with its status, role, arrival and check-in)
 * and its sign-in sheet (registered delegates with an empty column to sign), as .xlsx. Names
 * only: no ID numbers or phones. Audited before the first byte.
 */
@Injectable()
export class MeetingExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly meetings: MeetingService,
  ) {}

  async export(caller: Caller, meetingId: string, list: MeetingList, res: Response): Promise<void> {
    const meeting = await this.meetings.get(caller, meetingId);
    const rows = (await this.dataSource.query(
      `SELECT i.label AS unit, mb.name, r.role, r.arrival, r.status, r.checked_in_at AS "checkedInAt"
         FROM meeting_registration r JOIN meeting_invitee i ON i.id = r.invitee_id JOIN member mb ON mb.id = r.member_id
        WHERE r.meeting_id = $1 ${list === 'sign-in' ? `AND r.status = 'REGISTERED'` : ''}
        ORDER BY i.label, r.status, r.queued_at, r.id`,
      [meetingId],
    )) as { unit: string; name: string; role: string | null; arrival: string | null; status: string; checkedInAt: Date | null }[];
    await this.audit.recordAlone({ operation: 'meeting.export', entityType: 'Meeting', entityId: meetingId, metadata: { list, rows: rows.length } });
    const at = new Date();
    const zh = list === 'sign-in' ? '签到表' : '代表名单';
    res.status(200);
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('content-disposition', attachmentDisposition(`meeting-${list}-${exportStamp(at)}.xlsx`, `${meeting.title.slice(0, 60)}-${zh}-${exportStamp(at)}.xlsx`));
    res.setHeader('cache-control', 'no-store');
    const headers = list === 'sign-in' ? ['序号', '单位', '姓名', '职务', '签名'] : ['序号', '单位', '姓名', '职务', '报名状态', '抵达信息', '签到时间'];
    const writer = createTableWriter('xlsx', res, { sheetName: zh, headers });
    try {
      let n = 0;
      for (const r of rows) {
        n += 1;
        await writer.writeRow(
          list === 'sign-in'
            ? [n, r.unit, r.name, r.role, null]
            : [n, r.unit, r.name, r.role, STATUS_ZH[r.status] ?? r.status, r.arrival, r.checkedInAt ? new Date(r.checkedInAt).toISOString().slice(0, 16).replace('T', ' ') : null],
        );
      }
      await writer.finish();
    } catch (error) {
      writer.abort(error as Error);
      throw error;
    }
  }
}
