import { Injectable } from '@nestjs/common';
import { Caller, Role } from '@crm/auth';
import { PersonalDataService } from '@crm/member';
import { PartyMemberDto } from '../dtos/party-member.dto';

/**
 * Party members' ID numbers and phones go out through the members' PersonalDataService (same
 * masks, same audited clear reads, audited as `partyMember.personalDataRead`). One rule of its
 * own: a chamber secretariat sees party members masked even though it may see its members'
 * data in clear (issue 12: secretariats read the units of their chambers, masked).
 */
@Injectable()
export class PartyPersonalData {
  constructor(private readonly personal: PersonalDataService) {}

  masked(caller: Caller): boolean {
    return caller.role === Role.ChamberSecretary || this.personal.masked(caller);
  }

  idNumber(req: object, caller: Caller, pm: PartyMemberDto): Promise<string | null> {
    return this.personal.idNumberOf(req, caller, { entityType: 'PartyMember', id: pm.id }, pm.personal.idNumber, this.masked(caller));
  }

  phones(req: object, caller: Caller, pm: PartyMemberDto): Promise<string[]> {
    return this.personal.phonesOf(req, caller, { entityType: 'PartyMember', id: pm.id }, pm.personal.phones, this.masked(caller));
  }
}
