import { Type } from '@nestjs/common';
import { ArgsType, Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { MaxLength } from '@crm/shared';
import { MAX_FEED_PAGE } from '../services/change-feed.service';
import { ChangeType } from '../services/feed-registry';
import { ChangeTypeGraphQL } from './integration-enums.graphql';

@ArgsType()
export class ChangeFeedArgs {
  @Field(() => String, { nullable: true, description: 'The `endCursor` (or a change\'s `cursor`) you last processed; null for a first, full sync.' })
  @IsOptional() @IsString() @MaxLength(500)
  after?: string | null;

  @Field(() => Int, { defaultValue: 500, description: `Changes per page, 1 to ${MAX_FEED_PAGE}.` })
  @IsInt() @Min(1) @Max(MAX_FEED_PAGE)
  first: number = 500;
}

export interface ChangeNode<R> {
  cursor: string;
  change: ChangeType;
  recordId: string;
  survivorId: string | null;
  occurredAt: Date;
  record: R | null;
}

export interface ChangePageNode<R> {
  changes: ChangeNode<R>[];
  endCursor: string | null;
  hasMore: boolean;
}

/** `<Name>Change` and `<Name>ChangePage` for a feed whose records are `recordType`. */
export function ChangeFeedTypes<R>(recordType: Type<R>, name: string): { Change: Type<ChangeNode<R>>; Page: Type<ChangePageNode<R>> } {
  @ObjectType(`${name}Change`)
  class Change {
    @Field({ description: 'The position just after this change: resume here.' })
    cursor!: string;

    @Field(() => ChangeTypeGraphQL)
    change!: ChangeType;

    @Field(() => ID)
    recordId!: string;

    @Field(() => ID, { nullable: true, description: 'MERGED: the record this one was merged into.' })
    survivorId!: string | null;

    @Field(() => GraphQLISODateTime)
    occurredAt!: Date;

    @Field(() => recordType, {
      nullable: true,
      description: 'The record as it is now, as your key may see it (personal data masked unless granted); null when REMOVED.',
    })
    record!: R | null;
  }

  @ObjectType(`${name}ChangePage`)
  class Page {
    @Field(() => [Change])
    changes!: Change[];

    @Field(() => String, { nullable: true, description: 'Save this and pass it as `after` next time (unchanged when the page is empty).' })
    endCursor!: string | null;

    @Field({ description: 'More changes are readable now: ask again at once.' })
    hasMore!: boolean;
  }

  return { Change: Change as Type<ChangeNode<R>>, Page: Page as Type<ChangePageNode<R>> };
}
