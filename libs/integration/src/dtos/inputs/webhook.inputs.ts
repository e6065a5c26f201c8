import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsString, Matches } from 'class-validator';
import { MaxLength } from '@crm/shared';

@InputType()
export class CreateWebhookSubscriptionInput {
  @Field({ description: 'An http(s) URL; loopback and private addresses are refused unless the server allows them.' })
  @IsString() @MaxLength(2000)
  url!: string;

  @Field(() => [String], { description: 'Event types: `<feed>.<change>` (member.updated), `<feed>.*`, or a published event (notice.published).' })
  @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @Matches(/^[a-zA-Z]+\.(\*|[a-z_]+)$/, { each: true })
  eventTypes!: string[];
}
