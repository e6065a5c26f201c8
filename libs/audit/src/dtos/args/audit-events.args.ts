import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, Matches, MaxDate, MinDate, ValidateNested } from 'class-validator';
import { Connection, ConnectionArgs, HasNoControlCharacters, MaxLength } from '@crm/shared';
import { AuditEventDto } from '../audit-event.dto';

/**
 * The shape of every operation name the system writes: two or more dot-separated segments, each
 * a camelCase word (`user.update`, `auth.loginFailed`, `memberImport.upload`,
 * `member.import.create`), at most the 64 characters the column holds.
 */
export const AUDIT_OPERATION_PATTERN = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/;

const EARLIEST = new Date('1900-01-01T00:00:00Z');
const LATEST = new Date('9999-12-31T23:59:59Z');

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
  @IsOptional() @MaxLength(64)
  @Matches(AUDIT_OPERATION_PATTERN, { message: 'operation must look like entity.verb or entity.part.verb (e.g. member.import.create)' })
  operation?: string;

  @Field({ nullable: true, description: 'Events at or after this time.' })
  @IsOptional() @IsDate() @MinDate(EARLIEST, { message: 'from must be in 1900 or later' }) @MaxDate(LATEST, { message: 'from must be before 10000' })
  from?: Date;

  @Field({ nullable: true, description: 'Events before this time.' })
  @IsOptional() @IsDate() @MinDate(EARLIEST, { message: 'to must be in 1900 or later' }) @MaxDate(LATEST, { message: 'to must be before 10000' })
  to?: Date;
}

@ArgsType()
export class AuditEventsArgs extends ConnectionArgs {
  @Field(() => AuditEventFilterInput, { nullable: true })
  @IsOptional() @ValidateNested() @Type(() => AuditEventFilterInput)
  filter?: AuditEventFilterInput;
}

export const AuditEventConnection = Connection(AuditEventDto, 'AuditEvent');
