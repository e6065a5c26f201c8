import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Connection, ConnectionArgs, HasNoControlCharacters } from '@crm/shared';
import { AuditEventDto } from '../audit-event.dto';

@InputType('AuditEventFilter')
export class AuditEventFilterInput {
  @Field({ nullable: true, description: 'e.g. `User`.' })
  @IsOptional() @IsString() @MaxLength(64) @HasNoControlCharacters('entityType')
  entityType?: string;

  @Field({ nullable: true })
  @IsOptional() @IsString() @MaxLength(64) @HasNoControlCharacters('entityId')
  entityId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional() @IsUUID()
  actorId?: string;

  @Field({ nullable: true, description: 'e.g. `user.update`.' })
  @IsOptional() @Matches(/^[a-zA-Z]+\.[a-zA-Z]+$/, { message: 'operation must look like entity.verb' })
  operation?: string;

  @Field({ nullable: true, description: 'Events at or after this time.' })
  @IsOptional() @IsDate()
  from?: Date;

  @Field({ nullable: true, description: 'Events before this time.' })
  @IsOptional() @IsDate()
  to?: Date;
}

@ArgsType()
export class AuditEventsArgs extends ConnectionArgs {
  @Field(() => AuditEventFilterInput, { nullable: true })
  @IsOptional() @ValidateNested() @Type(() => AuditEventFilterInput)
  filter?: AuditEventFilterInput;
}

export const AuditEventConnection = Connection(AuditEventDto, 'AuditEvent');
