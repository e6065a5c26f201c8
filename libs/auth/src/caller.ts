import { Role } from './role.enum';

/** The authenticated user of a request, as the access rules see it. */
export interface Caller {
  id: string;
  email: string;
  role: Role;
  countyCode: string | null;
  chamberId: string | null;
  partyCommitteeId: string | null;
  officialId: string | null;
}
