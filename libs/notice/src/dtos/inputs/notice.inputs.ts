import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ConnectionArgs, MaxLength as MaxLen } from '@crm/shared';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDate, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, ValidateNested } from 'class-validator';
import { FlowLine, FlowText } from './flow-text.rules';
import { FlowTargetInput } from '../flow-target.input';
import { NoticePriority, NoticePriorityGraphQL, ReturnFieldType, ReturnFieldTypeGraphQL } from '../notice.dto';

@InputType('ReturnFieldInput')
export class ReturnFieldInput {
  @Field({ description: 'Letters, digits and _ (starts with a letter).' })
  @Matches(/^[A-Za-z][A-Za-z0-9_]{0,39}$/)
  key!: string;

  @Field()
  @FlowLine('label', 60)
  label!: string;

  @Field(() => ReturnFieldTypeGraphQL)
  @IsEnum(ReturnFieldType)
  type!: ReturnFieldType;

  @Field({ defaultValue: false })
  @IsBoolean()
  required: boolean = false;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  options?: string[] | null;
}

@InputType('SendNoticeInput')
export class SendNoticeInput {
  @Field()
  @FlowLine('title', 200)
  title!: string;

  @Field({ description: 'Plain text; paragraphs separated by blank lines.' })
  @FlowText('body', 20000)
  body!: string;

  @Field(() => NoticePriorityGraphQL, { defaultValue: NoticePriority.Normal })
  @IsEnum(NoticePriority)
  priority: NoticePriority = NoticePriority.Normal;

  @Field(() => Date, { nullable: true, description: 'Acknowledge (and return) by then.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  deadline?: Date | null;

  @Field(() => FlowTargetInput)
  @ValidateNested()
  @Type(() => FlowTargetInput)
  target!: FlowTargetInput;

  @Field(() => [ReturnFieldInput], { nullable: true, description: 'Ask each recipient for a return with these fields.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => ReturnFieldInput)
  returnForm?: ReturnFieldInput[] | null;

  @Field(() => [ID], { nullable: true, description: 'Files uploaded with POST /attachments.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  attachmentIds?: string[] | null;
}

@InputType('ReturnAnswerInput')
export class ReturnAnswerInput {
  @Field()
  @IsString()
  @MaxLen(40)
  key!: string;

  @Field(() => String, { nullable: true, description: 'TEXT, NUMBER (decimal), DATE (YYYY-MM-DD) or CHOICE.' })
  @IsOptional()
  @IsString()
  @MaxLen(5000)
  value?: string | null;

  @Field(() => [ID], { nullable: true, description: 'MEMBERS: members of the recipient unit.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  memberIds?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'FILE: a file uploaded with POST /attachments.' })
  @IsOptional()
  @IsUUID()
  fileId?: string | null;
}

@InputType('SubmitReturnInput')
export class SubmitReturnInput {
  @Field(() => [ReturnAnswerInput])
  @IsArray()
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => ReturnAnswerInput)
  answers!: ReturnAnswerInput[];

  @Field(() => Int, { nullable: true, description: 'The version read when correcting a return; absent for the first submission.' })
  @IsOptional()
  @IsInt()
  version?: number | null;
}

@InputType('NoticeRecipientFilter')
export class NoticeRecipientFilter {
  @Field(() => String, { nullable: true, description: 'UNREAD, READ or ACKNOWLEDGED.' })
  @IsOptional()
  @Matches(/^(UNREAD|READ|ACKNOWLEDGED)$/)
  state?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only recipients without a return (true) or with one (false).' })
  @IsOptional()
  @IsBoolean()
  missingReturn?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Only the caller's own unit's row (its receipt), wherever it falls in the receipt table." })
  @IsOptional()
  @IsBoolean()
  mine?: boolean | null;
}


@ArgsType()
export class NoticeRecipientsArgs extends ConnectionArgs {
  @Field(() => ID)
  @IsUUID()
  noticeId!: string;

  @Field(() => NoticeRecipientFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => NoticeRecipientFilter)
  filter?: NoticeRecipientFilter | null;
}
