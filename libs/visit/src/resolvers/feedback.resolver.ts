import { Args, ID, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { AccessService, Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ChamberDto, ChamberService } from '@crm/chamber';
import { MemberDto, MemberQueryService } from '@crm/member';
import { OfficialDto, OfficialService } from '@crm/official';
import { ConnectionResult, GqlRequest, ParseIdPipe, selectionAt } from '@crm/shared';
import { FeedbackArgs, FeedbackConnection } from '../dtos/args/visit.args';
import { FeedbackAnswerDto, FeedbackDto, FeedbackEventDto } from '../dtos/feedback.dto';
import {
  AnswerFeedbackInput,
  AssignFeedbackInput,
  CloseFeedbackInput,
  RaiseFeedbackInput,
  RateFeedbackInput,
  ReopenFeedbackInput,
} from '../dtos/inputs/feedback.inputs';
import { VisitDto } from '../dtos/visit.dto';
import { FeedbackService } from '../services/feedback.service';
import { VisitService } from '../services/visit.service';

type Id = string;

@Resolver(() => FeedbackDto)
export class FeedbackResolver {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly visits: VisitService,
    private readonly officials: OfficialService,
    private readonly chambers: ChamberService,
    private readonly members: MemberQueryService,
    private readonly access: AccessService,
  ) {}

  @Query(() => FeedbackDto, { nullable: true, description: 'One opinion or request (NOT_FOUND outside your scope).' })
  @RequirePermission(Permission.FeedbackRead)
  async opinion(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: Id): Promise<FeedbackDto> {
    return FeedbackDto.from(await this.feedback.visible(caller, id));
  }

  @Query(() => FeedbackConnection, { nullable: true, description: 'Opinions and requests in your scope, newest first; filters by status, category, overdue, visit, assignee, county.' })
  @RequirePermission(Permission.FeedbackRead)
  opinions(@CurrentUser() caller: Caller, @Args() args: FeedbackArgs, @Info() info: GraphQLResolveInfo): Promise<ConnectionResult<FeedbackDto>> {
    return this.feedback.list(caller, args, selectionAt(info, 'edges', 'node'));
  }

  @Mutation(() => FeedbackDto, { description: 'Raise an opinion in a visit, or on behalf of a member or chamber in your scope. Starts OPEN.' })
  @RequirePermission(Permission.FeedbackRaise)
  async raiseOpinion(@CurrentUser() caller: Caller, @Args('input') input: RaiseFeedbackInput): Promise<FeedbackDto> {
    return FeedbackDto.from(await this.feedback.raise(caller, input));
  }

  @Mutation(() => FeedbackDto, { description: 'Assign (or re-assign) to a unit or an official: OPEN/ASSIGNED → ASSIGNED.' })
  @RequirePermission(Permission.FeedbackHandle)
  async assignOpinion(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: Id, @Args('input') input: AssignFeedbackInput): Promise<FeedbackDto> {
    return FeedbackDto.from(await this.feedback.assign(caller, id, input));
  }

  @Mutation(() => FeedbackDto, { description: 'Record an answer (author, date): → ANSWERED. A closed opinion answers CONFLICT (reopen it first).' })
  @RequirePermission(Permission.FeedbackHandle)
  async answerOpinion(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: Id, @Args('input') input: AnswerFeedbackInput): Promise<FeedbackDto> {
    return FeedbackDto.from(await this.feedback.answer(caller, id, input));
  }

  @Mutation(() => FeedbackDto, { description: 'Close an answered opinion, with the raiser\'s satisfaction (1–5) if known: ANSWERED → CLOSED.' })
  @RequirePermission(Permission.FeedbackHandle)
  async closeOpinion(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: Id, @Args('input') input: CloseFeedbackInput): Promise<FeedbackDto> {
    return FeedbackDto.from(await this.feedback.close(caller, id, input));
  }

  @Mutation(() => FeedbackDto, { description: 'Record or correct the satisfaction of a closed opinion.' })
  @RequirePermission(Permission.FeedbackHandle)
  async rateOpinion(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: Id, @Args('input') input: RateFeedbackInput): Promise<FeedbackDto> {
    return FeedbackDto.from(await this.feedback.rate(caller, id, input));
  }

  @Mutation(() => FeedbackDto, { description: 'Reopen a closed opinion (to ASSIGNED, or OPEN when nobody was assigned); the satisfaction is cleared.' })
  @RequirePermission(Permission.FeedbackHandle)
  async reopenOpinion(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: Id, @Args('input') input: ReopenFeedbackInput): Promise<FeedbackDto> {
    return FeedbackDto.from(await this.feedback.reopen(caller, id, input));
  }

  @ResolveField(() => VisitDto, { nullable: true, description: 'The visit it was raised in; null when none or outside your scope.' })
  @RequirePermission(Permission.FeedbackRead)
  async visit(@CurrentUser() caller: Caller, @Parent() f: FeedbackDto, @GqlRequest() req: object): Promise<VisitDto | null> {
    if (!f.visitId) return null;
    const visit = await this.visits.loadVisible(req, caller, f.visitId);
    return visit ? VisitDto.from(visit) : null;
  }

  @ResolveField(() => MemberDto, { nullable: true, description: 'The member who raised it; null when none or outside your scope.' })
  @RequirePermission(Permission.FeedbackRead)
  async raisedByMember(@CurrentUser() caller: Caller, @Parent() f: FeedbackDto, @GqlRequest() req: object): Promise<MemberDto | null> {
    if (!f.raisedByMemberId) return null;
    const member = await this.members.loadVisible(req, caller, f.raisedByMemberId);
    return member ? MemberDto.from(member) : null;
  }

  @ResolveField(() => ChamberDto, { nullable: true, description: 'The chamber that raised it; null when none or outside your scope.' })
  @RequirePermission(Permission.FeedbackRead)
  async raisedByChamber(@CurrentUser() caller: Caller, @Parent() f: FeedbackDto, @GqlRequest() req: object): Promise<ChamberDto | null> {
    if (!f.raisedByChamberId) return null;
    const chamber = await this.chambers.load(req, f.raisedByChamberId);
    return chamber && this.access.admits('Chamber', 'read', caller, chamber) ? ChamberDto.from(chamber) : null;
  }

  @ResolveField(() => OfficialDto, { nullable: true, description: 'The official it is assigned to.' })
  @RequirePermission(Permission.FeedbackRead)
  async assigneeOfficial(@Parent() f: FeedbackDto, @GqlRequest() req: object): Promise<OfficialDto | null> {
    if (!f.assigneeOfficialId) return null;
    const official = await this.officials.load(req, f.assigneeOfficialId);
    return official ? OfficialDto.from(official) : null;
  }

  @ResolveField(() => [FeedbackAnswerDto], { description: 'The answers, oldest first.' })
  @RequirePermission(Permission.FeedbackRead)
  async answers(@Parent() f: FeedbackDto, @GqlRequest() req: object): Promise<FeedbackAnswerDto[]> {
    return (await this.feedback.answersOf(req, f.id)).map(FeedbackAnswerDto.from);
  }

  @ResolveField(() => [FeedbackEventDto], { description: 'Every state change, oldest first.' })
  @RequirePermission(Permission.FeedbackRead)
  async history(@Parent() f: FeedbackDto, @GqlRequest() req: object): Promise<FeedbackEventDto[]> {
    return (await this.feedback.historyOf(req, f.id)).map(FeedbackEventDto.from);
  }
}
