import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { OfficialService } from '@crm/official';
import { RegionService } from '@crm/region';
import { ConnectionResult, declarePreloadable, FieldSelection, FollowUpStatus, FollowUpStep, followUpNext, followUpOverdueSql, groupByKeys, keysetPage, localized, Localized, NotFoundError, requestLoader, today, withPreloaded } from '@crm/shared';
import { ChamberDto, ChamberService } from '@crm/chamber';
import { MemberDto, MemberQueryService } from '@crm/member';
import { OfficialDto } from '@crm/official';
import { VisitDto } from '../dtos/visit.dto';
import { FeedbackArgs } from '../dtos/args/visit.args';
import { FeedbackDto } from '../dtos/feedback.dto';
import {
  AnswerFeedbackInput,
  AssignFeedbackInput,
  CloseFeedbackInput,
  RaiseFeedbackInput,
  RateFeedbackInput,
  ReopenFeedbackInput,
} from '../dtos/inputs/feedback.inputs';
import { FeedbackAnswerEntity, FeedbackEntity, FeedbackEventEntity } from '../entities/feedback.entity';
import { VisitEntity } from '../entities/visit.entity';
import { FeedbackStatus } from '../entities/visit.enums';
import { feedbackStatusText, VisitErrors } from '../exceptions/visit.errors';
import { idsInScope } from '../utils/visit-db';

const ENTITY = 'Feedback';
/** The author of an answer given by no named official or unit: the office's staff. */
const ANSWERED_BY_OFFICE = '办公室工作人员';

// A page of opinions hands out the visit, raiser and assignee it read with the page (one
// statement per kind of row) instead of a resolver call per opinion and field.
declarePreloadable('Feedback', 'visit', 'raisedByMember', 'raisedByChamber', 'assigneeOfficial');

function snapshot(f: FeedbackEntity): Record<string, unknown> {
  return {
    status: f.status,
    category: f.category,
    text: f.text,
    assigneeUnit: f.assigneeUnit,
    assigneeOfficialId: f.assigneeOfficialId,
    countyCode: f.countyCode,
    dueOn: f.dueOn,
    satisfaction: f.satisfaction,
  };
}

/**
 * Opinions and requests (意见建议) followed to a response: the only writer of feedback,
 * feedback_answer and feedback_event. Each change locks the opinion, checks the version read and
 * the state machine (the database trigger checks it again), and writes the change, its history
 * step and its audit event in one transaction.
 */
@Injectable()
export class FeedbackService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly officials: OfficialService,
    private readonly audit: AuditService,
    private readonly members: MemberQueryService,
    private readonly chambers: ChamberService,
    private readonly regions: RegionService,
  ) {}

  async raise(caller: Caller, input: RaiseFeedbackInput): Promise<FeedbackEntity> {
    if (!input.visitId && !input.raisedByMemberId && !input.raisedByChamberId) throw VisitErrors.NO_RAISER({}, { field: 'input.visitId' });
    return this.dataSource.transaction(async (em) => {
      let visit: VisitEntity | null = null;
      if (input.visitId) {
        const visible = await idsInScope(em, this.access, 'Visit', 'read', caller, [input.visitId]);
        visit = visible.size ? await em.findOneBy(VisitEntity, { id: input.visitId }) : null;
        if (!visit) throw VisitErrors.VISIT_UNKNOWN({ id: input.visitId }, { field: 'input.visitId' });
      }
      if (input.raisedByMemberId && !(await idsInScope(em, this.access, 'Member', 'read', caller, [input.raisedByMemberId])).size) {
        throw VisitErrors.MEMBER_OUTSIDE_SCOPE({ id: input.raisedByMemberId }, { field: 'input.raisedByMemberId' });
      }
      if (input.raisedByChamberId && !(await idsInScope(em, this.access, 'Chamber', 'read', caller, [input.raisedByChamberId])).size) {
        throw VisitErrors.CHAMBER_OUTSIDE_SCOPE({ id: input.raisedByChamberId }, { field: 'input.raisedByChamberId' });
      }
      const raisedOn = input.raisedOn ?? visit?.visitedOn ?? today();
      if (input.dueOn) this.checkDue(input.dueOn, raisedOn);
      const result = await em.insert(FeedbackEntity, {
        visitId: input.visitId ?? null,
        raisedByMemberId: input.raisedByMemberId ?? null,
        raisedByChamberId: input.raisedByChamberId ?? null,
        raisedOn,
        category: input.category,
        text: input.text,
        dueOn: input.dueOn ?? null,
        createdBy: caller.id,
      });
      const id = (result.identifiers[0] as { id: string }).id;
      const feedback = await em.findOneByOrFail(FeedbackEntity, { id });
      await this.step(em, caller, feedback, 'RAISED', null, FeedbackStatus.Open, null);
      await this.audit.record(em, { operation: 'feedback.raise', entityType: ENTITY, entityId: id, after: snapshot(feedback), metadata: { visitId: feedback.visitId } });
      return feedback;
    });
  }

  assign(caller: Caller, id: string, input: AssignFeedbackInput): Promise<FeedbackEntity> {
    return this.change(caller, id, input.version, 'assign', async (em, f) => {
      this.follow(f, 'assign', localized('assigned', '再交办'));
      if (!input.assigneeUnit && !input.assigneeOfficialId) throw VisitErrors.ASSIGNEE_REQUIRED({}, { field: 'input.assigneeUnit' });
      if (input.countyCode && !(await this.regions.isHomeCounty(input.countyCode))) throw VisitErrors.NOT_HOME_COUNTY({ code: input.countyCode }, { field: 'input.countyCode' });
      if (input.dueOn) this.checkDue(input.dueOn, f.raisedOn);
      let countyCode = input.countyCode ?? null;
      if (input.assigneeOfficialId) {
        const official = (await this.officials.requireMany(em, [input.assigneeOfficialId], 'input.assigneeOfficialId')).get(input.assigneeOfficialId);
        countyCode = input.countyCode ?? official?.countyCode ?? null;
      }
      return {
        values: {
          status: FeedbackStatus.Assigned,
          assigneeUnit: input.assigneeUnit ?? null,
          assigneeOfficialId: input.assigneeOfficialId ?? null,
          countyCode,
          dueOn: input.dueOn ?? f.dueOn,
        },
        action: 'ASSIGNED',
      };
    });
  }

  answer(caller: Caller, id: string, input: AnswerFeedbackInput): Promise<FeedbackEntity> {
    return this.change(caller, id, input.version, 'answer', async (em, f) => {
      this.follow(f, 'answer', localized('answered', '答复'));
      const answeredOn = input.answeredOn ?? today();
      if (answeredOn < f.raisedOn) throw VisitErrors.ANSWER_BEFORE_RAISED({ answeredOn, raisedOn: f.raisedOn }, { field: 'input.answeredOn' });
      const authorOfficialId = input.authorOfficialId ?? caller.officialId ?? null;
      // Who answered as readers see it; never the account's e-mail (secretariats and viewers read
      // answers). The account itself is kept in created_by and the audit event.
      let authorName = input.authorName ?? f.assigneeUnit ?? ANSWERED_BY_OFFICE;
      if (authorOfficialId) {
        const official = (await this.officials.requireMany(em, [authorOfficialId], 'input.authorOfficialId', { allowInactive: true })).get(authorOfficialId);
        authorName = input.authorName ?? official?.name ?? authorName;
      }
      await em.insert(FeedbackAnswerEntity, {
        feedbackId: f.id,
        text: input.text,
        answeredOn,
        authorOfficialId,
        authorName,
        createdBy: caller.id,
      });
      // Answered without being assigned: whoever answered is the one who handled it.
      const assignee = f.assigneeUnit || f.assigneeOfficialId ? {} : authorOfficialId ? { assigneeOfficialId: authorOfficialId } : { assigneeUnit: authorName };
      return { values: { status: FeedbackStatus.Answered, firstAnsweredAt: f.firstAnsweredAt ?? new Date(), ...assignee }, action: 'ANSWERED', note: input.text };
    });
  }

  close(caller: Caller, id: string, input: CloseFeedbackInput): Promise<FeedbackEntity> {
    return this.change(caller, id, input.version, 'close', async (_em, f) => {
      this.follow(f, 'close', localized('closed before it is answered', '在答复前办结'));
      return { values: { status: FeedbackStatus.Closed, closedAt: new Date(), satisfaction: input.satisfaction ?? null }, action: 'CLOSED', note: input.note ?? null };
    });
  }

  rate(caller: Caller, id: string, input: RateFeedbackInput): Promise<FeedbackEntity> {
    return this.change(caller, id, input.version, 'rate', async (_em, f) => {
      if (f.status !== FeedbackStatus.Closed) throw VisitErrors.SATISFACTION_NOT_CLOSED({ status: feedbackStatusText(f.status) }, { field: 'input.satisfaction' });
      return { values: { satisfaction: input.satisfaction }, action: 'RATED', note: String(input.satisfaction) };
    });
  }

  reopen(caller: Caller, id: string, input: ReopenFeedbackInput): Promise<FeedbackEntity> {
    return this.change(caller, id, input.version, 'reopen', async (_em, f) => {
      const to = this.follow(f, 'reopen', localized('reopened', '重新打开'), !!(f.assigneeUnit || f.assigneeOfficialId));
      return { values: { status: to, closedAt: null, satisfaction: null }, action: 'REOPENED', note: input.note };
    });
  }

  /** An opinion is not due before the day it was raised. */
  private checkDue(dueOn: string, raisedOn: string): void {
    if (dueOn < raisedOn) throw VisitErrors.DUE_BEFORE_RAISED({ dueOn, raisedOn }, { field: 'input.dueOn' });
  }

  /** The shared follow-up rule (@crm/shared followUpNext), its refusals as this module's errors. */
  private follow(f: FeedbackEntity, step: FollowUpStep, action: Localized, hasAssignee = false): FeedbackStatus {
    const next = followUpNext(f.status as FollowUpStatus, step, hasAssignee);
    if (next.refused === 'CLOSED') throw VisitErrors.CLOSED({}, { field: 'id' });
    if (next.refused) throw this.wrongStatus(f, action);
    return next.to as FeedbackStatus;
  }

  private wrongStatus(f: FeedbackEntity, action: Localized) {
    return VisitErrors.WRONG_STATUS({ status: feedbackStatusText(f.status), action }, { field: 'id', extensions: { status: f.status } });
  }

  /**
   * One change: lock the opinion (NOT_FOUND outside the read scope, FORBIDDEN outside the
   * handling scope, CONFLICT on a stale version), apply, write history and audit.
   */
  private async change(
    caller: Caller,
    id: string,
    version: number,
    verb: string,
    apply: (em: EntityManager, f: FeedbackEntity) => Promise<{ values: Partial<FeedbackEntity>; action: string; note?: string | null }>,
  ): Promise<FeedbackEntity> {
    return this.dataSource.transaction(async (em) => {
      const f = await em.getRepository(FeedbackEntity).createQueryBuilder('f').where('f.id = :id', { id }).setLock('pessimistic_write').getOne();
      if (!f || !(await this.access.passes(em, 'Feedback', 'read', caller, id))) throw new NotFoundError(ENTITY, id);
      if (!(await this.access.passes(em, 'Feedback', 'write', caller, id))) {
        throw VisitErrors.CHANGE_OUTSIDE_SCOPE({ what: localized('opinion', '意见建议') }, { field: 'id' });
      }
      if (f.version !== version) {
        throw VisitErrors.STALE_VERSION({ what: localized('opinion', '意见建议'), current: f.version, read: version }, { field: 'input.version', extensions: { currentVersion: f.version } });
      }
      const before = snapshot(f);
      const { values, action, note } = await apply(em, f);
      await em.update(FeedbackEntity, { id }, { ...values, version: f.version + 1 });
      const after = await em.findOneByOrFail(FeedbackEntity, { id });
      await this.step(em, caller, after, action, f.status, after.status, note ?? null);
      await this.audit.record(em, { operation: `feedback.${verb}`, entityType: ENTITY, entityId: id, before, after: snapshot(after) });
      return after;
    });
  }

  private async step(em: EntityManager, caller: Caller, f: FeedbackEntity, action: string, from: FeedbackStatus | null, to: FeedbackStatus, note: string | null): Promise<void> {
    await em.insert(FeedbackEventEntity, { feedbackId: f.id, action, fromStatus: from, toStatus: to, actorId: caller.id, note });
  }

  async visible(caller: Caller, id: string): Promise<FeedbackEntity> {
    const filter = this.access.read('Feedback', caller, 'f');
    const f = await this.dataSource.getRepository(FeedbackEntity).createQueryBuilder('f').where('f.id = :id', { id }).andWhere(filter.sql, filter.params).getOne();
    if (!f) throw new NotFoundError(ENTITY, id);
    return f;
  }

  /**
   * Opinions newest first, keyset-paginated on (created_at, id): ix_feedback_status for a status,
   * ix_feedback_category for a category, ix_feedback_overdue for overdue ones.
   */
  async list(caller: Caller, args: FeedbackArgs, selection?: FieldSelection): Promise<ConnectionResult<FeedbackDto>> {
    const qb = this.dataSource.getRepository(FeedbackEntity).createQueryBuilder('f');
    const scope = this.access.read('Feedback', caller, 'f');
    qb.where(scope.sql, scope.params);
    const filter = args.filter;
    if (filter?.status) qb.andWhere('f.status = :status', { status: filter.status });
    if (filter?.category) qb.andWhere('f.category = :category', { category: filter.category });
    if (filter?.overdue === true) qb.andWhere(followUpOverdueSql('f'));
    if (filter?.overdue === false) qb.andWhere(`NOT coalesce(${followUpOverdueSql('f')}, false)`);
    if (filter?.visitId) qb.andWhere('f.visit_id = :visitId', { visitId: filter.visitId });
    if (filter?.assigneeOfficialId) qb.andWhere('f.assignee_official_id = :assigneeOfficialId', { assigneeOfficialId: filter.assigneeOfficialId });
    if (filter?.countyCode) qb.andWhere('f.county_code = :countyCode', { countyCode: filter.countyCode });
    const page = await keysetPage(qb, { keys: ['f.created_at', 'f.id'], direction: 'DESC', first: args.first, after: args.after }, FeedbackDto.from);
    if (selection) await this.preload(caller, page.edges.map((e) => e.node), selection);
    return page;
  }

  /**
   * The relations a page's query selects, each kind in one statement, under the same rules the
   * field resolvers apply (a visit, member or chamber outside the caller's scope is null).
   */
  private async preload(caller: Caller, nodes: FeedbackDto[], selection: FieldSelection): Promise<void> {
    if (!nodes.length) return;
    const ids = (key: 'visitId' | 'raisedByMemberId' | 'raisedByChamberId' | 'assigneeOfficialId') => [...new Set(nodes.flatMap((n) => (n[key] ? [n[key] as string] : [])))];
    // A loader key of its own: the batch is this page's, whatever else the request loads.
    const batch = {};
    const [visits, members, chambers, officials] = await Promise.all([
      selection.has('visit') ? this.visibleVisits(caller, ids('visitId')) : undefined,
      selection.has('raisedByMember') ? Promise.all(ids('raisedByMemberId').map((id) => this.members.loadVisible(batch, caller, id))) : undefined,
      selection.has('raisedByChamber') ? Promise.all(ids('raisedByChamberId').map((id) => this.chambers.load(batch, id))) : undefined,
      selection.has('assigneeOfficial') ? this.officials.many(ids('assigneeOfficialId')) : undefined,
    ]);
    const memberById = new Map((members ?? []).flatMap((m) => (m ? [[m.id, m] as const] : [])));
    const chamberById = new Map((chambers ?? []).flatMap((c) => (c && this.access.admits('Chamber', 'read', caller, c) ? [[c.id, c] as const] : [])));
    for (const n of nodes) {
      const values: Record<string, unknown> = {};
      if (visits) values.visit = n.visitId && visits.has(n.visitId) ? VisitDto.from(visits.get(n.visitId) as VisitEntity) : null;
      if (members) values.raisedByMember = n.raisedByMemberId && memberById.has(n.raisedByMemberId) ? MemberDto.from(memberById.get(n.raisedByMemberId) as never) : null;
      if (chambers) values.raisedByChamber = n.raisedByChamberId && chamberById.has(n.raisedByChamberId) ? ChamberDto.from(chamberById.get(n.raisedByChamberId) as never) : null;
      if (officials) values.assigneeOfficial = n.assigneeOfficialId && officials.has(n.assigneeOfficialId) ? OfficialDto.from(officials.get(n.assigneeOfficialId) as never) : null;
      withPreloaded(n, values);
    }
  }

  private async visibleVisits(caller: Caller, ids: string[]): Promise<Map<string, VisitEntity>> {
    if (!ids.length) return new Map();
    const filter = this.access.read('Visit', caller, 'v');
    const rows = await this.dataSource.getRepository(VisitEntity).createQueryBuilder('v').where('v.id = ANY(:ids::uuid[])', { ids }).andWhere(filter.sql, filter.params).getMany();
    return new Map(rows.map((v) => [v.id, v]));
  }

  /** The opinions of a page of visits the caller may read: one statement. */
  ofVisit(req: object, caller: Caller, visitId: string): Promise<FeedbackEntity[]> {
    return requestLoader<string, FeedbackEntity[]>(req, 'feedback.ofVisit', async (ids) => {
      const filter = this.access.read('Feedback', caller, 'f');
      const rows = await this.dataSource
        .getRepository(FeedbackEntity)
        .createQueryBuilder('f')
        .where('f.visit_id = ANY(:ids::uuid[])', { ids: [...ids] })
        .andWhere(filter.sql, filter.params)
        .orderBy('f.created_at')
        .getMany();
      return groupByKeys(ids, rows, (f) => f.visitId as string);
    }).load(visitId);
  }

  answersOf(req: object, feedbackId: string): Promise<FeedbackAnswerEntity[]> {
    return requestLoader<string, FeedbackAnswerEntity[]>(req, 'feedback.answers', async (ids) => {
      const rows = await this.dataSource.getRepository(FeedbackAnswerEntity).createQueryBuilder('a').where('a.feedback_id = ANY(:ids::uuid[])', { ids: [...ids] }).orderBy('a.created_at').getMany();
      return groupByKeys(ids, rows, (a) => a.feedbackId);
    }).load(feedbackId);
  }

  historyOf(req: object, feedbackId: string): Promise<FeedbackEventEntity[]> {
    return requestLoader<string, FeedbackEventEntity[]>(req, 'feedback.history', async (ids) => {
      const rows = await this.dataSource.getRepository(FeedbackEventEntity).createQueryBuilder('e').where('e.feedback_id = ANY(:ids::uuid[])', { ids: [...ids] }).orderBy('e.id').getMany();
      return groupByKeys(ids, rows, (e) => e.feedbackId);
    }).load(feedbackId);
  }
}
