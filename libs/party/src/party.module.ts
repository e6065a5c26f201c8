import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChamberModule } from '@crm/chamber';
import { MemberModule } from '@crm/member';
import { PartyCommitteeScope } from './access/party-committee.scope';
import { PartyMeetingScope } from './access/party-meeting.scope';
import { PartyMemberScope } from './access/party-member.scope';
import { PartyOrganizationScope } from './access/party-organization.scope';
import { PartyCommitteeEntity } from './entities/party-committee.entity';
import { PartyMeetingEntity } from './entities/party-meeting.entity';
import { PartyMemberEntity } from './entities/party-member.entity';
import { PartyOrganizationEntity } from './entities/party-organization.entity';
import { PartyCommitteeResolver } from './resolvers/party-committee.resolver';
import { ChamberRollupPartyResolver, PartyCoverageResolver, PartyMeetingResolver } from './resolvers/party-life.resolver';
import { PartyMemberResolver } from './resolvers/party-member.resolver';
import { PartyOrganizationResolver } from './resolvers/party-organization.resolver';
import { PartyCommitteeService } from './services/party-committee.service';
import { PartyCoverageService } from './services/party-coverage.service';
import { PartyLifeService } from './services/party-life.service';
import { PartyMemberService } from './services/party-member.service';
import { PartyChamberMerge, PartyMemberMerge } from './services/party-merge-participants';
import { PartyOrganizationService } from './services/party-organization.service';
import { PartyPersonalData } from './services/party-personal-data';

/** Party work (党建): working committees, party organisations, party members, organisation life, coverage. */
@Module({
  imports: [ChamberModule, MemberModule, TypeOrmModule.forFeature([PartyCommitteeEntity, PartyOrganizationEntity, PartyMemberEntity, PartyMeetingEntity])],
  providers: [
    // Scopes register with the access service (the order matters: member and meeting rules use the unit rule at query time only).
    PartyCommitteeScope, PartyOrganizationScope, PartyMemberScope, PartyMeetingScope,
    PartyCommitteeService, PartyOrganizationService, PartyMemberService, PartyLifeService, PartyCoverageService, PartyPersonalData,
    PartyChamberMerge, PartyMemberMerge,
    PartyCommitteeResolver, PartyOrganizationResolver, PartyMemberResolver, PartyMeetingResolver, PartyCoverageResolver, ChamberRollupPartyResolver,
  ],
  exports: [PartyPersonalData, PartyCommitteeService, PartyOrganizationService, PartyMemberService, PartyLifeService, PartyCoverageService],
})
export class PartyModule {}
