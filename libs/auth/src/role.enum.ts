import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  Admin = 'ADMIN',
  CountyOfficer = 'COUNTY_OFFICER',
  ChamberSecretary = 'CHAMBER_SECRETARY',
  PartyOfficer = 'PARTY_OFFICER',
  ProjectOfficial = 'PROJECT_OFFICIAL',
  Viewer = 'VIEWER',
}

/**
 * The GraphQL view of Role. GraphQL names enum values after the TypeScript keys (`Admin`);
 * clients and the database use the values (`ADMIN`), so the schema is built from the values.
 */
export const RoleGraphQL = Object.fromEntries(Object.values(Role).map((v) => [v, v])) as { [K in Role]: K };

registerEnumType(RoleGraphQL, {
  name: 'Role',
  description: 'What a user is; the role decides the permissions, the scope decides which rows.',
  valuesMap: {
    ADMIN: { description: 'Economic-cooperation office (市经合办): everything.' },
    COUNTY_OFFICER: { description: 'County office (县市区): members and projects of one county (scope.countyCode).' },
    CHAMBER_SECRETARY: { description: 'Chamber secretariat (秘书处): one chamber and the chambers below it (scope.chamberId).' },
    PARTY_OFFICER: { description: 'Party working committee (党工委) officer (scope.partyCommitteeId).' },
    PROJECT_OFFICIAL: { description: 'Liaison leader or service officer of investment projects (scope.officialId).' },
    VIEWER: { description: 'Read-only, personal data masked.' },
  },
});
