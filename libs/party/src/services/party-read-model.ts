import type { RowFilter } from '@crm/auth';
import { declarePreloadable, FieldSelection, leanJson, ReadModel } from '@crm/shared';
import { PartyMemberEntity } from '../entities/party-member.entity';
import { PartyOrganizationRow } from '../dtos/party-organization.dto';

/** party_organization for lean reads; dates as text, the attached chambers as an array. */
export const PARTY_ORG_READ_MODEL: ReadModel<PartyOrganizationRow> = {
  typeName: 'PartyOrganization',
  columns: {
    id: '{a}.id',
    name: '{a}.name',
    kind: '{a}.kind',
    committeeId: '{a}.committee_id',
    parentId: '{a}.parent_id',
    rootCommitteeId: '{a}.root_committee_id',
    ancestorIds: '{a}.ancestor_ids',
    chamberIds: 'ARRAY(SELECT __oc.chamber_id FROM party_organization_chamber __oc WHERE __oc.organization_id = {a}.id ORDER BY __oc.chamber_id)',
    status: '{a}.status',
    mergedIntoId: '{a}.merged_into_id',
    foundedOn: '{a}.founded_on::text',
    dissolvedOn: '{a}.dissolved_on::text',
    version: '{a}.version',
    createdAt: '{a}.created_at',
    updatedAt: '{a}.updated_at',
  },
  always: ['id'],
  reads: { committee: ['committeeId'], parent: ['parentId'], chambers: ['chamberIds'], managers: [], leaders: [] },
  timestamps: ['createdAt', 'updatedAt'],
};

/** party_member for lean reads. */
export const PARTY_MEMBER_READ_MODEL: ReadModel<PartyMemberEntity> = {
  typeName: 'PartyMember',
  columns: {
    id: '{a}.id',
    name: '{a}.name',
    namePinyin: '{a}.name_pinyin',
    gender: '{a}.gender',
    idNumber: '{a}.id_number',
    phones: '{a}.phones',
    memberId: '{a}.member_id',
    joinedOn: '{a}.joined_on::text',
    standing: '{a}.standing',
    relationCountyCode: '{a}.relation_county_code',
    relationOrganizationId: '{a}.relation_organization_id',
    organizationId: '{a}.organization_id',
    mobile: '{a}.mobile',
    mobileDestination: '{a}.mobile_destination',
    mobileSince: '{a}.mobile_since::text',
    status: '{a}.status',
    version: '{a}.version',
    createdAt: '{a}.created_at',
    updatedAt: '{a}.updated_at',
  },
  always: ['id'],
  reads: {
    idNumber: ['idNumber'],
    phones: ['phones'],
    personalDataMasked: [],
    member: ['memberId'],
    organization: ['organizationId'],
    relationOrganization: ['relationOrganizationId'],
    transfers: [],
    evaluations: [],
  },
};

declarePreloadable('PartyMember', 'organization');

/**
 * The unit a party member attends, as a JSON sub-query of the member's own statement, under the
 * unit read rule `scope` (written over the alias `__u`): a unit outside it is NULL, as the
 * `organization` field resolver answers.
 */
export function unitJson(selection: FieldSelection, idExpr: string, scope: RowFilter): string {
  const json = leanJson(PARTY_ORG_READ_MODEL, '__u', selection);
  const value = scope.sql === 'TRUE' ? json : `CASE WHEN ${scope.sql} THEN ${json} END`;
  return `(SELECT ${value} FROM party_organization __u WHERE __u.id = ${idExpr})`;
}
