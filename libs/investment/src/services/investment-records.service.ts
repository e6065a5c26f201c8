import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller, Role } from '@crm/auth';
import { OfficialService } from '@crm/official';
import { fromCents, localized, NotFoundError, today, toCents } from '@crm/shared';
import { AssignOfficialInput, CorrectFundingInput, EndOfficialInput, RecordFundingInput } from '../dtos/inputs/project.inputs';
import { AddNoteInput, ComplaintStepInput, RaiseIssueInput, RecordComplaintInput, ResolveIssueInput } from '../dtos/inputs/progress.inputs';
import {
  FundingRecordEntity,
  ProjectIssueEntity,
  ProjectNoteEntity,
  ProjectOfficialEntity,
  ServiceComplaintEntity,
} from '../entities/investment-records.entity';
import { ComplaintStatus, ProjectIssueStatus } from '../entities/investment.enums';
import { InvestmentErrors } from '../exceptions/investment.errors';
import { pgError } from '../utils/investment-db';
import { InvestmentProjectService } from './investment-project.service';

/**
 * What hangs off a project: funds in place (append-only), assigned officials, progress notes,
 * problems and service complaints. Each change locks its project through the project's scope
 * (NOT_FOUND outside the read scope, FORBIDDEN outside the write scope) and is audited.
 */
@Injectable()
export class InvestmentRecordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projects: InvestmentProjectService,
    private readonly access: AccessService,
    private readonly officials: OfficialService,
    private readonly audit: AuditService,
  ) {}

  /** Funds in place: an amount above zero, on or after the signing date. */
  async recordFunding(caller: Caller, input: RecordFundingInput): Promise<FundingRecordEntity> {
    if (toCents(input.amount) <= 0n) throw InvestmentErrors.NEGATIVE_AMOUNT({}, { field: 'input.amount' });
    return this.dataSource.transaction(async (em) => {
      const project = await this.projects.lockForWrite(em, caller, input.projectId);
      if (!project.signedOn) throw InvestmentErrors.NOT_SIGNED({}, { field: 'input.receivedOn' });
      if (input.receivedOn < project.signedOn) throw InvestmentErrors.FUNDS_BEFORE_SIGNING({ date: input.receivedOn, signed: project.signedOn }, { field: 'input.receivedOn' });
      return this.insertFunding(em, caller, { projectId: project.id, receivedOn: input.receivedOn, amount: input.amount, source: input.source, note: input.note ?? '', correctsId: null }, 'funding.record');
    });
  }

  /** A correction: a new record with the difference, referring to the original; the original plus its corrections never go below zero. */
  async correctFunding(caller: Caller, input: CorrectFundingInput): Promise<FundingRecordEntity> {
    if (toCents(input.amount) === 0n) throw InvestmentErrors.ZERO_CORRECTION({}, { field: 'input.amount' });
    return this.dataSource.transaction(async (em) => {
      const found = await em.findOneBy(FundingRecordEntity, { id: input.fundingId });
      if (!found || !(await this.access.passes(em, 'InvestmentProject', 'read', caller, found.projectId))) throw InvestmentErrors.FUNDING_UNKNOWN({}, { field: 'input.fundingId' });
      const project = await this.projects.lockForWrite(em, caller, found.projectId);
      const originalId = found.correctsId ?? found.id;
      const original = found.correctsId ? await em.findOneByOrFail(FundingRecordEntity, { id: originalId }) : found;
      const [{ total }] = (await em.query('SELECT coalesce(sum(amount), 0)::text AS total FROM funding_record WHERE id = $1 OR corrects_id = $1', [originalId])) as { total: string }[];
      const left = toCents(total) + toCents(input.amount);
      if (left < 0n) throw InvestmentErrors.CORRECTION_BELOW_ZERO({ left: fromCents(left) }, { field: 'input.amount' });
      const receivedOn = input.receivedOn ?? original.receivedOn;
      if (!project.signedOn || receivedOn < project.signedOn) {
        throw InvestmentErrors.FUNDS_BEFORE_SIGNING({ date: receivedOn, signed: project.signedOn ?? '-' }, { field: 'input.receivedOn' });
      }
      return this.insertFunding(em, caller, { projectId: project.id, receivedOn, amount: input.amount, source: original.source, note: input.note, correctsId: originalId }, 'funding.correct');
    });
  }

  private async insertFunding(em: EntityManager, caller: Caller, row: Omit<FundingRecordEntity, 'id' | 'createdAt' | 'recordedBy'>, operation: 'funding.record' | 'funding.correct'): Promise<FundingRecordEntity> {
    let id: string;
    try {
      id = ((await em.insert(FundingRecordEntity, { ...row, recordedBy: caller.id })).identifiers[0] as { id: string }).id;
    } catch (error) {
      if (pgError(error).constraint === 'ck_funding_after_signing') throw InvestmentErrors.NOT_SIGNED({}, { field: 'input.receivedOn' });
      throw error;
    }
    const saved = await em.findOneByOrFail(FundingRecordEntity, { id });
    await this.audit.record(em, {
      operation,
      entityType: 'FundingRecord',
      entityId: id,
      after: { projectId: saved.projectId, receivedOn: saved.receivedOn, amount: saved.amount, source: saved.source, note: saved.note, correctsId: saved.correctsId },
    });
    await this.touch(em, saved.projectId);
    return saved;
  }

  /** Progress clears the stalled-risk flag at once (the daily check would only catch up tomorrow). */
  private async touch(em: EntityManager, projectId: string): Promise<void> {
    await em.query('UPDATE investment_project SET stall_risk = false, stall_risk_since = NULL WHERE id = $1 AND stall_risk', [projectId]);
  }

  async assignOfficial(caller: Caller, input: AssignOfficialInput): Promise<ProjectOfficialEntity> {
    return this.dataSource.transaction(async (em) => {
      await this.projects.lockForWrite(em, caller, input.projectId);
      await this.officials.requireMany(em, [input.officialId], 'input.officialId');
      let id: string;
      try {
        id = ((await em.insert(ProjectOfficialEntity, { projectId: input.projectId, officialId: input.officialId, role: input.role, validFrom: input.validFrom, validTo: null })).identifiers[0] as { id: string }).id;
      } catch (error) {
        const { constraint } = pgError(error);
        if (constraint === 'ex_project_service_officer' || constraint === 'uq_project_current_service_officer') throw InvestmentErrors.SERVICE_OFFICER_TAKEN({}, { field: 'input.role' });
        if (constraint === 'ex_project_official_once') throw InvestmentErrors.OFFICIAL_ALREADY_ASSIGNED({}, { field: 'input.officialId' });
        throw error;
      }
      await this.audit.record(em, { operation: 'projectOfficial.assign', entityType: 'InvestmentProject', entityId: input.projectId, after: { officialId: input.officialId, role: input.role, validFrom: input.validFrom } });
      return em.findOneByOrFail(ProjectOfficialEntity, { id });
    });
  }

  async endOfficial(caller: Caller, assignmentId: string, input: EndOfficialInput): Promise<ProjectOfficialEntity> {
    return this.dataSource.transaction(async (em) => {
      const row = await em.findOneBy(ProjectOfficialEntity, { id: assignmentId });
      if (!row || !(await this.access.passes(em, 'InvestmentProject', 'read', caller, row.projectId))) throw InvestmentErrors.ASSIGNMENT_UNKNOWN({}, { field: 'id' });
      await this.projects.lockForWrite(em, caller, row.projectId);
      if (row.validTo !== null) throw InvestmentErrors.ASSIGNMENT_ENDED({}, { field: 'id' });
      if (input.validTo < row.validFrom) throw InvestmentErrors.DATE_ORDER({ date: input.validTo, earliest: row.validFrom }, { field: 'input.validTo' });
      await em.update(ProjectOfficialEntity, { id: assignmentId }, { validTo: input.validTo });
      await this.audit.record(em, { operation: 'projectOfficial.end', entityType: 'InvestmentProject', entityId: row.projectId, before: { officialId: row.officialId, role: row.role, validTo: null }, after: { validTo: input.validTo } });
      return em.findOneByOrFail(ProjectOfficialEntity, { id: assignmentId });
    });
  }

  /** A progress note; a project official posts on the projects assigned to them. */
  async addNote(caller: Caller, input: AddNoteInput): Promise<ProjectNoteEntity> {
    return this.dataSource.transaction(async (em) => {
      await this.projects.lockForWrite(em, caller, input.projectId);
      const id = ((await em.insert(ProjectNoteEntity, {
        projectId: input.projectId,
        writtenOn: input.writtenOn ?? today(),
        text: input.text,
        authorId: caller.id,
        officialId: caller.role === Role.ProjectOfficial ? caller.officialId : null,
      })).identifiers[0] as { id: string }).id;
      await this.audit.record(em, { operation: 'projectNote.create', entityType: 'InvestmentProject', entityId: input.projectId, after: { noteId: id, text: input.text } });
      await this.touch(em, input.projectId);
      return em.findOneByOrFail(ProjectNoteEntity, { id });
    });
  }

  async raiseIssue(caller: Caller, input: RaiseIssueInput): Promise<ProjectIssueEntity> {
    return this.dataSource.transaction(async (em) => {
      await this.projects.lockForWrite(em, caller, input.projectId);
      const id = ((await em.insert(ProjectIssueEntity, { ...input, raisedBy: caller.id })).identifiers[0] as { id: string }).id;
      const issue = await em.findOneByOrFail(ProjectIssueEntity, { id });
      await this.audit.record(em, { operation: 'projectIssue.raise', entityType: 'ProjectIssue', entityId: id, after: { projectId: input.projectId, category: input.category, unit: input.unit, raisedOn: input.raisedOn } });
      return issue;
    });
  }

  async resolveIssue(caller: Caller, id: string, input: ResolveIssueInput): Promise<ProjectIssueEntity> {
    return this.dataSource.transaction(async (em) => {
      const issue = await em.findOne(ProjectIssueEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!issue || !(await this.access.passes(em, 'InvestmentProject', 'read', caller, issue.projectId))) throw new NotFoundError('ProjectIssue', id);
      await this.projects.lockForWrite(em, caller, issue.projectId);
      this.checkVersion(issue.version, input.version, localized('problem', '项目问题'));
      if (issue.status !== ProjectIssueStatus.Open) throw InvestmentErrors.WRONG_STATUS({ status: issue.status }, { field: 'id' });
      if (input.resolvedOn < issue.raisedOn) throw InvestmentErrors.DATE_ORDER({ date: input.resolvedOn, earliest: issue.raisedOn }, { field: 'input.resolvedOn' });
      await em.update(ProjectIssueEntity, { id }, { status: ProjectIssueStatus.Resolved, resolvedOn: input.resolvedOn, resolution: input.resolution, version: issue.version + 1 });
      await this.audit.record(em, { operation: 'projectIssue.resolve', entityType: 'ProjectIssue', entityId: id, before: { status: issue.status }, after: { status: 'RESOLVED', resolvedOn: input.resolvedOn, resolution: input.resolution } });
      return em.findOneByOrFail(ProjectIssueEntity, { id });
    });
  }

  async recordComplaint(caller: Caller, input: RecordComplaintInput): Promise<ServiceComplaintEntity> {
    return this.dataSource.transaction(async (em) => {
      await this.projects.lockForWrite(em, caller, input.projectId);
      const id = ((await em.insert(ServiceComplaintEntity, { ...input })).identifiers[0] as { id: string }).id;
      await this.audit.record(em, { operation: 'serviceComplaint.record', entityType: 'ServiceComplaint', entityId: id, after: { projectId: input.projectId, complainant: input.complainant, receivedOn: input.receivedOn } });
      return em.findOneByOrFail(ServiceComplaintEntity, { id });
    });
  }

  /** RECORDED → ASSIGNED (unit) → HANDLED (text, on) → CLOSED (text: the result, on). */
  async complaintStep(caller: Caller, id: string, step: 'assign' | 'handle' | 'close', input: ComplaintStepInput): Promise<ServiceComplaintEntity> {
    return this.dataSource.transaction(async (em) => {
      const c = await em.findOne(ServiceComplaintEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!c || !(await this.access.passes(em, 'InvestmentProject', 'read', caller, c.projectId))) throw new NotFoundError('ServiceComplaint', id);
      await this.projects.lockForWrite(em, caller, c.projectId);
      this.checkVersion(c.version, input.version, localized('complaint', '效能投诉'));
      const from: Record<typeof step, ComplaintStatus[]> = {
        assign: [ComplaintStatus.Recorded, ComplaintStatus.Assigned],
        handle: [ComplaintStatus.Assigned],
        close: [ComplaintStatus.Handled],
      };
      if (!from[step].includes(c.status)) throw InvestmentErrors.WRONG_STATUS({ status: c.status }, { field: 'id' });
      const on = input.on ?? today();
      const change: Partial<ServiceComplaintEntity> = { version: c.version + 1 };
      if (step === 'assign') {
        if (!input.unit) throw InvestmentErrors.REASON_REQUIRED({}, { field: 'input.unit' });
        Object.assign(change, { status: ComplaintStatus.Assigned, assignedUnit: input.unit });
      } else {
        if (!input.text) throw InvestmentErrors.REASON_REQUIRED({}, { field: 'input.text' });
        const earliest = step === 'handle' ? c.receivedOn : (c.handledOn as string);
        if (on < earliest) throw InvestmentErrors.DATE_ORDER({ date: on, earliest }, { field: 'input.on' });
        Object.assign(change, step === 'handle' ? { status: ComplaintStatus.Handled, handling: input.text, handledOn: on } : { status: ComplaintStatus.Closed, result: input.text, closedOn: on });
      }
      await em.update(ServiceComplaintEntity, { id }, change);
      const operation = step === 'assign' ? 'serviceComplaint.assign' : step === 'handle' ? 'serviceComplaint.handle' : 'serviceComplaint.close';
      await this.audit.record(em, { operation, entityType: 'ServiceComplaint', entityId: id, before: { status: c.status }, after: { ...change } as Record<string, unknown> });
      return em.findOneByOrFail(ServiceComplaintEntity, { id });
    });
  }

  private checkVersion(current: number, read: number, what: ReturnType<typeof localized>): void {
    if (current !== read) throw InvestmentErrors.STALE_VERSION({ what, current, read }, { field: 'input.version', extensions: { currentVersion: current } });
  }

}
