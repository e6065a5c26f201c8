import { Module } from '@nestjs/common';
import { MemberScope } from './access/member.scope';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChamberModule } from '@crm/chamber';
import { ChamberMembershipEntity } from './entities/chamber-membership.entity';
import { EnterpriseEntity } from './entities/enterprise.entity';
import { MemberEnterpriseEntity } from './entities/member-enterprise.entity';
import { MemberPoliticalRoleEntity } from './entities/member-political-role.entity';
import { MemberEntity } from './entities/member.entity';
import { EnterpriseResolver } from './resolvers/enterprise.resolver';
import { ChamberMembershipResolver, ChamberPositionMemberResolver, ChamberRollupMembersResolver, MemberCountsResolver, MemberEnterpriseResolver } from './resolvers/member-links.resolver';
import { MemberResolver } from './resolvers/member.resolver';
import { MemberDuplicatesResolver } from './resolvers/member-duplicates.resolver';
import { MemberMergeResolver } from './resolvers/member-merge.resolver';
import { EnterpriseService } from './services/enterprise.service';
import { MemberChamberMerge } from './services/member-chamber-merge';
import { MemberDuplicatesService } from './services/member-duplicates.service';
import { MemberLinksMerge } from './services/member-links-merge';
import { MemberMergeParticipants } from './services/member-merge-participant';
import { MemberMergeService } from './services/member-merge.service';
import { MemberQueryService } from './services/member-query.service';
import { MemberRollupService } from './services/member-rollup.service';
import { MemberService } from './services/member.service';
import { MemberReadModel } from './services/member-read-model';
import { MemberWriteGuards } from './services/member-write-guards';
import { MemberWriter } from './services/member-writer';
import { MemberIdentityChanges } from './services/member-identity-changes';
import { PersonalDataService } from './services/personal-data.service';

/** The member information base: members, enterprises, memberships, political roles. */
@Module({
  imports: [ChamberModule, TypeOrmModule.forFeature([MemberEntity, MemberPoliticalRoleEntity, EnterpriseEntity, MemberEnterpriseEntity, ChamberMembershipEntity])],
  providers: [
    MemberScope,
    MemberWriter,
    MemberIdentityChanges,
    MemberService, MemberQueryService, MemberReadModel, EnterpriseService, PersonalDataService, MemberRollupService, MemberChamberMerge,
    MemberResolver, EnterpriseResolver, ChamberMembershipResolver, MemberEnterpriseResolver, ChamberPositionMemberResolver, ChamberRollupMembersResolver, MemberCountsResolver,
    // Duplicates and merge (docs/member-exchange.md):
    MemberDuplicatesService, MemberMergeParticipants, MemberWriteGuards, MemberMergeService, MemberLinksMerge, MemberDuplicatesResolver, MemberMergeResolver,
  ],
  exports: [MemberWriter, MemberWriteGuards, MemberIdentityChanges, MemberService, MemberQueryService, EnterpriseService, PersonalDataService, MemberMergeParticipants, MemberDuplicatesService, MemberMergeService],
})
export class MemberModule {}
