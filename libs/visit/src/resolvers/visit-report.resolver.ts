import { Args, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessService, Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ChamberDto, ChamberRollupDto, ChamberService } from '@crm/chamber';
import { OfficialDto, OfficialService } from '@crm/official';
import { GqlRequest, IsCalendarDate } from '@crm/shared';
import { ArgsType, Field } from '@nestjs/graphql';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ContactEventDto, FeedbackReportDto, VisitChamberCountDto, VisitCountsDto, VisitOfficialCountDto, VisitReportDto } from '../dtos/visit-report.dto';
import { VisitReportService } from '../services/visit-report.service';

@ArgsType()
export class PeriodArgs {
  @Field({ nullable: true, description: 'From this day (inclusive).' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @Field({ nullable: true, description: 'To this day (inclusive).' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

@ArgsType()
export class ContactHistoryArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'memberId must be an id (UUID)' })
  memberId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'chamberId must be an id (UUID)' })
  chamberId?: string;

  @Field(() => Int, { defaultValue: 50, description: 'The latest entries, 1 to 200.' })
  @IsInt()
  @Min(1)
  @Max(200)
  first: number = 50;
}

@Resolver()
export class VisitReportResolver {
  constructor(private readonly reports: VisitReportService) {}

  @Query(() => VisitReportDto, { nullable: true, description: 'Visits in a period by kind, month, official and chamber (within your scope).' })
  @RequirePermission(Permission.VisitRead)
  visitReport(@CurrentUser() caller: Caller, @Args() period: PeriodArgs): Promise<VisitReportDto> {
    return this.reports.visits(caller, period);
  }

  @Query(() => FeedbackReportDto, { nullable: true, description: 'Opinions raised in a period by category and status, median days to the first answer, overdue (within your scope).' })
  @RequirePermission(Permission.FeedbackRead)
  feedbackReport(@CurrentUser() caller: Caller, @Args() period: PeriodArgs): Promise<FeedbackReportDto> {
    return this.reports.feedback(caller, period);
  }

  @Query(() => [ContactEventDto], { nullable: true, description: 'A member\'s or a chamber\'s contact history: visits, opinions and answers, newest first (one statement).' })
  @RequirePermission(Permission.VisitRead)
  contactHistory(@CurrentUser() caller: Caller, @Args() args: ContactHistoryArgs): Promise<ContactEventDto[]> {
    return this.reports.contactHistory(caller, args, args.first);
  }
}

@Resolver(() => ChamberRollupDto)
export class ChamberRollupVisitsResolver {
  constructor(private readonly reports: VisitReportService) {}

  @ResolveField(() => VisitCountsDto, { description: 'Visits to the chamber and the chambers below it (each visit once).' })
  @RequirePermission(Permission.VisitRead)
  visits(@Parent() rollup: ChamberRollupDto, @GqlRequest() req: object): Promise<VisitCountsDto> {
    return this.reports.rollup(req, rollup.chamberId);
  }
}

@Resolver(() => VisitOfficialCountDto)
export class VisitOfficialCountResolver {
  constructor(private readonly officials: OfficialService) {}

  @ResolveField(() => OfficialDto)
  @RequirePermission(Permission.VisitRead)
  async official(@Parent() row: VisitOfficialCountDto, @GqlRequest() req: object): Promise<OfficialDto> {
    const official = await this.officials.load(req, row.officialId);
    if (!official) throw new Error(`Official ${row.officialId} is missing`);
    return OfficialDto.from(official);
  }
}

@Resolver(() => VisitChamberCountDto)
export class VisitChamberCountResolver {
  constructor(
    private readonly chambers: ChamberService,
    private readonly access: AccessService,
  ) {}

  @ResolveField(() => ChamberDto, { nullable: true, description: 'Null when outside your scope.' })
  @RequirePermission(Permission.VisitRead)
  async chamber(@CurrentUser() caller: Caller, @Parent() row: VisitChamberCountDto, @GqlRequest() req: object): Promise<ChamberDto | null> {
    const chamber = await this.chambers.load(req, row.chamberId);
    return chamber && this.access.admits('Chamber', 'read', caller, chamber) ? ChamberDto.from(chamber) : null;
  }
}
