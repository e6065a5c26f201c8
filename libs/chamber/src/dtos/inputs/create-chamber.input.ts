import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { IsCalendarDate } from '@crm/shared';
import { ChamberKind, ChamberLevel, ChamberStatus } from '../../entities/chamber.enums';
import { ChamberKindGraphQL, ChamberLevelGraphQL, ChamberStatusGraphQL } from '../chamber-enums.graphql';
import { ChamberNameRules, OptionalEmail, OptionalPhone, OptionalText } from './chamber-contact.fields';

@InputType('CreateChamberInput')
export class CreateChamberInput {
  @Field({ description: 'Full name, e.g. 上海市温州商会.' })
  @ChamberNameRules('name')
  name!: string;

  @Field({ nullable: true })
  @OptionalText('shortName', 40)
  shortName?: string;

  @Field(() => ChamberLevelGraphQL)
  @IsEnum(ChamberLevel)
  level!: ChamberLevel;

  @Field(() => ChamberKindGraphQL)
  @IsEnum(ChamberKind)
  kind!: ChamberKind;

  @Field({ nullable: true, description: 'GB/T 2260 code at the level of the chamber (province, prefecture or county). Required except for the national chamber.' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'regionCode must be a 6-digit GB/T 2260 code' })
  regionCode?: string;

  @Field(() => ID, { nullable: true, description: 'The chamber above this one.' })
  @IsOptional()
  @IsUUID('all', { message: 'parentId must be an id (UUID)' })
  parentId?: string;

  @Field(() => ChamberStatusGraphQL, { defaultValue: ChamberStatus.Active, description: 'PREPARING (筹建) or ACTIVE.' })
  @IsIn([ChamberStatus.Preparing, ChamberStatus.Active], { message: 'status must be PREPARING or ACTIVE for a new chamber' })
  status: ChamberStatus = ChamberStatus.Active;

  @Field({ nullable: true, description: 'Founding date; required for an ACTIVE chamber.' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  foundedOn?: string;

  @Field({ defaultValue: false })
  @IsBoolean()
  dualBranded: boolean = false;

  @Field({ nullable: true })
  @OptionalText('address', 200)
  address?: string;

  @Field({ nullable: true })
  @OptionalPhone()
  phone?: string;

  @Field({ nullable: true })
  @OptionalEmail()
  email?: string;

  @Field({ nullable: true })
  @OptionalText('contactPerson', 50)
  contactPerson?: string;
}
