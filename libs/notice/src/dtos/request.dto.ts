import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { FlowLine, FlowText } from './inputs/flow-text.rules';
import { Connection, ConnectionArgs, enumValues, MaxLength } from '@crm/shared';

export enum RequestStatus {
  Open = 'OPEN',
  Assigned = 'ASSIGNED',
  Answered = 'ANSWERED',
  Closed = 'CLOSED',
}
export const RequestStatusGraphQL = enumValues(RequestStatus);
registerEnumType(RequestStatusGraphQL, { name: 'RequestStatus', description: '待交办 → 已交办 → 已答复 → 已办结 (the opinions’ follow-up rules).' });

@ObjectType('RequestDesk', { description: 'Where requests of a category go (承办处室) and how long the desk has to answer.' })
export class RequestDeskDto {
  @Field() category!: string;
  @Field() desk!: string;
  @Field(() => Int) dueDays!: number;
}

@ObjectType('Request', { description: 'A request upward (请示/需求) from a chamber or a county office to the office.' })
export class RequestDto {
  @Field(() => ID) id!: string;
  @Field() category!: string;
  @Field() title!: string;
  @Field() text!: string;
  @Field({ description: 'CHAMBER or COUNTY.' }) raiserKind!: string;
  @Field(() => ID, { nullable: true }) chamberId!: string | null;
  @Field(() => String, { nullable: true }) countyCode!: string | null;
  @Field() desk!: string;
  @Field(() => RequestStatusGraphQL) status!: RequestStatus;
  @Field({ description: 'YYYY-MM-DD.' }) dueOn!: string;
  @Field() overdue!: boolean;
  @Field(() => Date) raisedAt!: Date;
  @Field(() => Date, { nullable: true }) firstAnsweredAt!: Date | null;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
  @Field(() => Float, { nullable: true, description: 'Hours from raising to the first answer.' }) hoursToAnswer!: number | null;
  @Field(() => Int) version!: number;
}
export const RequestConnection = Connection(RequestDto, 'Request');

@ObjectType('RequestMessage')
export class RequestMessageDto {
  @Field(() => ID) id!: string;
  @Field({ description: 'Written by the office (true) or by the raising unit.' }) fromOffice!: boolean;
  @Field() text!: string;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType('RequestEvent', { description: 'A step of the status history.' })
export class RequestEventDto {
  @Field() action!: string;
  @Field(() => RequestStatusGraphQL, { nullable: true }) fromStatus!: RequestStatus | null;
  @Field(() => RequestStatusGraphQL) toStatus!: RequestStatus;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => Date) at!: Date;
}

@ObjectType('RequestDetail', { description: 'A request with its thread, status history and attachments.' })
export class RequestDetailDto extends RequestDto {
  @Field(() => [RequestMessageDto]) messages!: RequestMessageDto[];
  @Field(() => [RequestEventDto]) history!: RequestEventDto[];
  @Field(() => [ID]) attachmentIds!: string[];
}

const CATEGORY = /^[A-Z][A-Z_]{1,39}$/;

@InputType('SetRequestDeskInput')
export class SetRequestDeskInput {
  @Field({ description: 'Upper-case code, e.g. POLICY, LAND, FINANCE, TALENT, RIGHTS, SERVICES, OTHER.' })
  @Matches(CATEGORY)
  category!: string;

  @Field()
  @FlowLine('desk', 100)
  desk!: string;

  @Field(() => Int, { defaultValue: 10 })
  @IsInt()
  @Min(1)
  @Max(365)
  dueDays: number = 10;
}

@InputType('RaiseRequestInput')
export class RaiseRequestInput {
  @Field()
  @Matches(CATEGORY)
  category!: string;

  @Field()
  @FlowLine('title', 200)
  title!: string;

  @Field()
  @FlowText('text', 20000)
  text!: string;

  @Field(() => [ID], { nullable: true, description: 'Files uploaded with POST /attachments.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  attachmentIds?: string[] | null;
}

@InputType('RequestStepInput')
export class RequestStepInput {
  @Field(() => Int, { description: 'The version read (stale: CONFLICT).' })
  @IsInt()
  version!: number;

  @Field(() => String, { nullable: true, description: 'The reply (required to answer or write in the thread); a note otherwise.' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  text?: string | null;

  @Field(() => String, { nullable: true, description: 'assign: the desk it goes to.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  desk?: string | null;
}

@InputType('RequestFilter')
export class RequestFilter {
  @Field(() => RequestStatusGraphQL, { nullable: true })
  @IsOptional()
  @IsEnum(RequestStatus)
  status?: RequestStatus | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  desk?: string | null;
}

@ArgsType()
export class RequestsArgs extends ConnectionArgs {
  @Field(() => RequestFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RequestFilter)
  filter?: RequestFilter | null;
}
