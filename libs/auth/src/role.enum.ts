import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  Admin = 'ADMIN',
  CountyOfficer = 'COUNTY_OFFICER',
  ChamberSecretary = 'CHAMBER_SECRETARY',
  PartyOfficer = 'PARTY_OFFICER',
  ProjectOfficial = 'PROJECT_OFFICIAL',
  Viewer = 'VIEWER',
}

registerEnumType(Role, {
  name: 'Role',
  description: 'What a user is; the role decides the permissions, the scope decides which rows.',
  valuesMap: {
    Admin: { description: 'Economic-cooperation office (市经合办): everything.' },
    CountyOfficer: { description: 'County office (县市区): members and projects of one county (scope.countyCode).' },
    ChamberSecretary: { description: 'Chamber secretariat (秘书处): one chamber and the chambers below it (scope.chamberId).' },
    PartyOfficer: { description: 'Party working committee (党工委) officer (scope.partyCommitteeId).' },
    ProjectOfficial: { description: 'Liaison leader or service officer of investment projects (scope.officialId).' },
    Viewer: { description: 'Read-only, personal data masked.' },
  },
});
