import { Field, ObjectType } from '@nestjs/graphql';
import { RegisteredReason } from '@crm/shared';

@ObjectType('ErrorReason', { description: 'A refusal reason the API may answer with, from the catalogue of the library that declares it.' })
export class ErrorReasonDto {
  @Field({ description: 'Stable reason, as in `extensions.reason` of an error (CHAMBER_NO_RUNNING_TERM).' })
  reason!: string;

  @Field({ description: 'The error code that goes with it (`extensions.code`: BAD_USER_INPUT, CONFLICT …).' })
  code!: string;

  @Field({ description: 'The library that declares it (chamber, member, user …).' })
  library!: string;

  @Field({ description: 'The English message (the error\'s `message`), with {placeholders} for the values of the case.' })
  messageEn!: string;

  @Field({ description: 'The Chinese message (`extensions.messageZh`), with the same {placeholders}.' })
  messageZh!: string;

  static from(r: RegisteredReason): ErrorReasonDto {
    return { reason: r.reason, code: r.code, library: r.library, messageEn: r.messageEn, messageZh: r.messageZh };
  }
}
