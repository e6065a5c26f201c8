import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { JobQueue } from '@crm/jobs';
import { AppConfig } from '@crm/shared';
import { FlowEvent, FlowEvents } from './flow-events';

export const NOTICE_MAIL_JOB = 'notice-mail';

interface NoticeMailJob {
  noticeId: string;
  /** sent: every recipient; reminded: those that have not acknowledged. */
  kind: 'sent' | 'reminded';
}

/** Addresses per message (Bcc): recipients never see each other's. */
const BCC_BATCH = 50;

/**
 * Optional e-mail of notices and reminders: when SMTP_URL is set, each new notice and each
 * reminder queues a job (pg-boss, so a down mail server delays mail and never a send), which
 * mails the active accounts of the recipient units (chamber secretariats, county offices).
 * Without SMTP_URL nothing is queued.
 */
@Injectable()
export class NoticeMailer implements OnModuleInit {
  private readonly logger = new Logger(NoticeMailer.name);
  private transport: Transporter | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly events: FlowEvents,
  ) {}

  onModuleInit(): void {
    if (!this.config.SMTP_URL) return;
    this.jobs.register<NoticeMailJob>({ name: NOTICE_MAIL_JOB, handle: (data) => this.mail(data), retryLimit: 5 });
    this.events.subscribe((e) => this.queue(e));
  }

  private async queue(e: FlowEvent): Promise<void> {
    if (e.type !== 'notice.sent' && e.type !== 'notice.reminded') return;
    await this.jobs.send(NOTICE_MAIL_JOB, { noticeId: e.subjectId, kind: e.type === 'notice.sent' ? 'sent' : 'reminded' }).catch((error: unknown) => {
      this.logger.error(`Queueing the mail of notice ${e.subjectId} failed: ${String(error)}`);
    });
  }

  async mail(job: NoticeMailJob): Promise<void> {
    const [notice] = (await this.dataSource.query(`SELECT title, body, deadline FROM notice WHERE id = $1`, [job.noticeId])) as { title: string; body: string; deadline: Date | null }[];
    if (!notice) return;
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT u.email FROM notice_recipient r
         JOIN app_user u ON u.active AND ((r.chamber_id IS NOT NULL AND u.chamber_id = r.chamber_id AND u.role = 'CHAMBER_SECRETARY')
                                      OR (r.county_code IS NOT NULL AND u.county_code = r.county_code AND u.role = 'COUNTY_OFFICER'))
        WHERE r.notice_id = $1 ${job.kind === 'reminded' ? 'AND r.acknowledged_at IS NULL' : ''} ORDER BY u.email`,
      [job.noticeId],
    )) as { email: string }[];
    if (!rows.length) return;
    this.transport ??= createTransport(this.config.SMTP_URL as string);
    const deadline = notice.deadline ? `\n\n截止时间：${new Date(notice.deadline).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}` : '';
    const subject = `${job.kind === 'reminded' ? '【催办】' : '【通知】'}${notice.title}`;
    const text = `${notice.body}${deadline}\n\n请登录系统查看并签收。`;
    for (let i = 0; i < rows.length; i += BCC_BATCH) {
      await this.transport.sendMail({
        from: this.config.SMTP_FROM ?? 'noreply@localhost',
        to: this.config.SMTP_FROM ?? 'noreply@localhost',
        bcc: rows.slice(i, i + BCC_BATCH).map((r) => r.email),
        subject,
        text,
      });
    }
  }
}
