import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { ChamberEntity } from '@crm/chamber';
import { EnterpriseEntity, MemberEntity } from '@crm/member';
import { maskIdNumber, maskPhone } from '@crm/shared';
import { createTableWriter } from '@crm/spreadsheet';
import { In } from 'typeorm';
import { HonorRoundStatus } from '../entities/honor.enums';
import { HonorErrors, roundStatusText } from '../exceptions/honor.errors';

export type HonorExportList = 'published' | 'certificates';

const KIND_ZH: Record<string, string> = { MEMBER: '会员', CHAMBER: '商会', ENTERPRISE: '企业' };

interface ExportRow {
  typeName: string;
  subjectKind: string;
  subjectId: string;
  countyCode: string | null;
  reason: string | null;
  certificateNo: string | null;
  citation: string | null;
  status: string | null;
  awardedOn: string | null;
}

/**
 * A round's published list (公示名单: the approved nominations) or its certificates list (证书
 *名单: the awards) as .xlsx, through the spreadsheet library; zh-CN headers. Rows are the ones
 * the caller may read (the nomination or award scope); ID numbers and phones are masked unless
 * the caller may see personal data. Every export is audited (who, which list, how many rows,
 * whether personal data left in clear).
 */
@Injectable()
export class HonorExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async export(caller: Caller, roundId: string, list: HonorExportList, res: Response): Promise<void> {
    const [round] = (await this.dataSource.query(`SELECT id, name, year, status FROM honor_round WHERE id = $1`, [roundId])) as {
      id: string;
      name: string;
      year: number;
      status: HonorRoundStatus;
    }[];
    if (!round) throw HonorErrors.UNKNOWN_ROUND({ id: roundId }, { field: 'roundId' });
    const wanted = list === 'published' ? [HonorRoundStatus.Published, HonorRoundStatus.Confirmed] : [HonorRoundStatus.Confirmed];
    if (!wanted.includes(round.status)) throw HonorErrors.ROUND_STATUS({ round: round.name, status: roundStatusText(round.status) }, { field: 'roundId' });
    const rows = list === 'published' ? await this.publishedRows(caller, roundId) : await this.certificateRows(caller, roundId);
    const clear = this.access.seesPersonalData(caller);
    const ids = (kind: string) => rows.filter((r) => r.subjectKind === kind).map((r) => r.subjectId);
    const members = new Map((await this.dataSource.getRepository(MemberEntity).findBy({ id: In(ids('MEMBER')) })).map((m) => [m.id, m]));
    const chambers = new Map((await this.dataSource.getRepository(ChamberEntity).findBy({ id: In(ids('CHAMBER')) })).map((c) => [c.id, c]));
    // Personal data in clear only for members the caller may read now (the member library's rule):
    // an honour row in scope does not open a member who has since left the caller's scope.
    const memberScope = this.access.read('Member', caller, 'm');
    const readable = new Set(
      clear && members.size
        ? ((await this.dataSource
            .createQueryBuilder()
            .select('m.id', 'id')
            .from('member', 'm')
            .where('m.id IN (:...ids)', { ids: [...members.keys()] })
            .andWhere(memberScope.sql, memberScope.params)
            .getRawMany()) as { id: string }[]).map((r) => r.id)
        : [],
    );
    const enterprises = new Map((await this.dataSource.getRepository(EnterpriseEntity).findBy({ id: In(ids('ENTERPRISE')) })).map((e) => [e.id, e]));

    await this.audit.recordAlone({
      operation: 'honorRound.export',
      entityType: 'HonorRound',
      entityId: roundId,
      metadata: { list, rows: rows.length, personalDataInClear: readable.size > 0, membersInClear: [...readable] },
    });

    const stamp = new Date().toISOString().slice(0, 10);
    const fileZh = `${round.name}-${list === 'published' ? '公示名单' : '证书名单'}-${stamp}.xlsx`;
    res.status(200);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="honours-${list}-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(fileZh)}`);
    res.setHeader('Cache-Control', 'no-store');
    const headers =
      list === 'published'
        ? ['序号', '荣誉名称', '对象类型', '姓名/名称', '籍贯（县市区代码）', '身份证号码', '联系电话', '推荐理由']
        : ['序号', '证书编号', '荣誉名称', '对象类型', '姓名/名称', '身份证号码', '联系电话', '授予日期', '状态', '颁奖词'];
    const writer = createTableWriter('xlsx', res, { sheetName: list === 'published' ? '公示名单' : '证书名单', headers, textColumns: [1, 5, 6] });
    try {
      let n = 0;
      for (const r of rows) {
        n += 1;
        const m = members.get(r.subjectId);
        const name = m?.name ?? chambers.get(r.subjectId)?.name ?? enterprises.get(r.subjectId)?.name ?? '';
        const inClear = !!m && readable.has(m.id);
        const id = m ? (inClear ? m.idNumber : maskIdNumber(m.idNumber)) : null;
        const phone = m?.phones?.[0] ? (inClear ? m.phones[0] : maskPhone(m.phones[0])) : null;
        await writer.writeRow(
          list === 'published'
            ? [n, r.typeName, KIND_ZH[r.subjectKind], name, r.countyCode, id, phone, r.reason]
            : [n, r.certificateNo, r.typeName, KIND_ZH[r.subjectKind], name, id, phone, r.awardedOn, r.status === 'REVOKED' ? '已撤销' : '有效', r.citation],
        );
      }
      await writer.finish();
    } catch (error) {
      writer.abort(error as Error);
      throw error;
    }
  }

  private async publishedRows(caller: Caller, roundId: string): Promise<ExportRow[]> {
    const scope = this.access.read('HonorNomination', caller, 'n');
    return (await this.dataSource
      .createQueryBuilder()
      .select('t.name', 'typeName')
      .addSelect('n.subject_kind', 'subjectKind')
      .addSelect('n.subject_id', 'subjectId')
      .addSelect('n.county_code', 'countyCode')
      .addSelect('n.reason', 'reason')
      .from('honor_nomination', 'n')
      .innerJoin('honor_type', 't', 't.id = n.honor_type_id')
      .where('n.round_id = :roundId', { roundId })
      .andWhere(`n.status IN ('APPROVED', 'AWARDED')`)
      .andWhere(scope.sql, scope.params)
      .orderBy('t.name')
      .addOrderBy('n.nominated_at')
      .addOrderBy('n.id')
      .getRawMany()) as ExportRow[];
  }

  private async certificateRows(caller: Caller, roundId: string): Promise<ExportRow[]> {
    const scope = this.access.read('HonorAward', caller, 'a');
    return (await this.dataSource
      .createQueryBuilder()
      .select('t.name', 'typeName')
      .addSelect('a.subject_kind', 'subjectKind')
      .addSelect('a.subject_id', 'subjectId')
      .addSelect('a.certificate_no', 'certificateNo')
      .addSelect('a.citation', 'citation')
      .addSelect('a.status', 'status')
      .addSelect('a.awarded_on::text', 'awardedOn')
      .from('honor_award', 'a')
      .innerJoin('honor_type', 't', 't.id = a.honor_type_id')
      .where('a.round_id = :roundId', { roundId })
      .andWhere(scope.sql, scope.params)
      .orderBy('t.name')
      .addOrderBy('a.certificate_no')
      .getRawMany()) as ExportRow[];
  }
}
