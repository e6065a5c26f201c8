import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { BadInputError, ParseIdPipe } from '@crm/shared';
import { HonorRoundDto } from '../dtos/honor-round.dto';
import { HonorTypeDto } from '../dtos/honor-type.dto';
import { CreateHonorTypeInput, UpdateHonorTypeInput } from '../dtos/inputs/honor-catalogue.inputs';
import { ConfirmHonorRoundInput, CreateHonorRoundInput, PublishHonorRoundInput } from '../dtos/inputs/honor-round.inputs';
import { HonorAwardService } from '../services/honor-award.service';
import { HonorCatalogueService } from '../services/honor-catalogue.service';
import { HonorRoundService } from '../services/honor-round.service';

@Resolver(() => HonorTypeDto)
export class HonorCatalogueResolver {
  constructor(
    private readonly catalogue: HonorCatalogueService,
    private readonly rounds: HonorRoundService,
    private readonly awards: HonorAwardService,
  ) {}

  @Query(() => [HonorTypeDto], { nullable: true, description: 'The honour catalogue (荣誉类型), active types first.' })
  @RequirePermission(Permission.HonorRead)
  honorTypes(@Args('includeRetired', { defaultValue: false }) includeRetired: boolean): Promise<HonorTypeDto[]> {
    return this.catalogue.list(includeRetired);
  }

  @Mutation(() => HonorTypeDto, { description: 'Add an honour type to the catalogue (the office).' })
  @RequirePermission(Permission.HonorManage)
  createHonorType(@CurrentUser() caller: Caller, @Args('input') input: CreateHonorTypeInput): Promise<HonorTypeDto> {
    return this.catalogue.create(caller, input);
  }

  @Mutation(() => HonorTypeDto, { description: 'Edit an honour type; carries the version read (stale: CONFLICT).' })
  @RequirePermission(Permission.HonorManage)
  updateHonorType(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: UpdateHonorTypeInput): Promise<HonorTypeDto> {
    return this.catalogue.update(caller, id, input);
  }

  @Query(() => [HonorRoundDto], { nullable: true, description: 'Rounds (评选批次), latest first, with their honour types and quotas.' })
  @RequirePermission(Permission.HonorRead)
  honorRounds(): Promise<HonorRoundDto[]> {
    return this.rounds.list();
  }

  @Query(() => HonorRoundDto, { nullable: true, description: 'One round.' })
  @RequirePermission(Permission.HonorRead)
  honorRound(@Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<HonorRoundDto> {
    return this.rounds.get(id);
  }

  @Mutation(() => HonorRoundDto, { description: 'Open a round for nominations with its honour types and quotas (the office).' })
  @RequirePermission(Permission.HonorManage)
  createHonorRound(@CurrentUser() caller: Caller, @Args('input') input: CreateHonorRoundInput): Promise<HonorRoundDto> {
    return this.rounds.create(caller, input);
  }

  @Mutation(() => HonorRoundDto, { description: '公示: publish the approved nominations for public notice (every nomination decided first).' })
  @RequirePermission(Permission.HonorManage)
  publishHonorRound(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: PublishHonorRoundInput): Promise<HonorRoundDto> {
    return this.rounds.publish(caller, id, input);
  }

  @Mutation(() => HonorRoundDto, { description: 'After the notice period: the approved nominations become awards with their certificates.' })
  @RequirePermission(Permission.HonorManage)
  confirmHonorRound(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: ConfirmHonorRoundInput): Promise<HonorRoundDto> {
    return this.rounds.confirm(caller, id, input);
  }

  @Mutation(() => Int, { description: "Add this year's records of the yearly benefits (e.g. the 两会 invitation) for every active award; returns how many were added." })
  @RequirePermission(Permission.HonorManage)
  addYearlyHonorBenefits(@CurrentUser() caller: Caller, @Args('year', { type: () => Int }) year: number): Promise<number> {
    if (!Number.isInteger(year) || year < 1949 || year > 2100) throw BadInputError.field('year', 'year must be between 1949 and 2100');
    return this.awards.addYearlyBenefits(caller, year);
  }
}
