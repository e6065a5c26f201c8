import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ConnectionResult, ParseIdPipe } from '@crm/shared';
import {
  RaiseRequestInput,
  RequestConnection,
  RequestDeskDto,
  RequestDetailDto,
  RequestDto,
  RequestsArgs,
  RequestStepInput,
  SetRequestDeskInput,
} from '../dtos/request.dto';
import { RequestService } from '../services/request.service';

@Resolver(() => RequestDto)
export class RequestResolver {
  constructor(private readonly service: RequestService) {}

  @Query(() => [RequestDeskDto], { nullable: true, description: 'The routing table: category → desk (承办处室) and days to answer.' })
  @RequirePermission(Permission.RequestRead)
  requestDesks(): Promise<RequestDeskDto[]> {
    return this.service.desks();
  }

  @Mutation(() => RequestDeskDto, { description: 'Route a category to a desk (the office).' })
  @RequirePermission(Permission.RequestHandle)
  setRequestDesk(@CurrentUser() caller: Caller, @Args('input') input: SetRequestDeskInput): Promise<RequestDeskDto> {
    return this.service.setDesk(caller, input);
  }

  @Query(() => RequestConnection, { nullable: true, description: 'Requests in your scope, newest first.' })
  @RequirePermission(Permission.RequestRead)
  requests(@CurrentUser() caller: Caller, @Args() args: RequestsArgs): Promise<ConnectionResult<RequestDto>> {
    return this.service.list(caller, args);
  }

  @Query(() => RequestDetailDto, { nullable: true, description: 'One request with its thread and status history.' })
  @RequirePermission(Permission.RequestRead)
  request(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<RequestDetailDto> {
    return this.service.get(caller, id);
  }

  @Mutation(() => RequestDetailDto, { description: 'Raise a request upward for your chamber or county; routed by its category.' })
  @RequirePermission(Permission.RequestRaise)
  raiseRequest(@CurrentUser() caller: Caller, @Args('input') input: RaiseRequestInput): Promise<RequestDetailDto> {
    return this.service.raise(caller, input);
  }

  @Mutation(() => RequestDetailDto, { description: '交办: route the request to a desk (the office).' })
  @RequirePermission(Permission.RequestHandle)
  assignRequest(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: RequestStepInput): Promise<RequestDetailDto> {
    return this.service.assign(caller, id, input);
  }

  @Mutation(() => RequestDetailDto, { description: 'Write in the thread: the office’s reply answers the request; the raiser’s adds to it. Refused once closed.' })
  @RequirePermission(Permission.RequestRead)
  replyToRequest(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: RequestStepInput): Promise<RequestDetailDto> {
    return this.service.reply(caller, id, input);
  }

  @Mutation(() => RequestDetailDto, { description: '办结: close an answered request (the office).' })
  @RequirePermission(Permission.RequestHandle)
  closeRequest(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: RequestStepInput): Promise<RequestDetailDto> {
    return this.service.close(caller, id, input);
  }

  @Mutation(() => RequestDetailDto, { description: 'Reopen a closed request (its raiser or the office).' })
  @RequirePermission(Permission.RequestRead)
  reopenRequest(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: RequestStepInput): Promise<RequestDetailDto> {
    return this.service.reopen(caller, id, input);
  }
}
