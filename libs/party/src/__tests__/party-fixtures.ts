import { ChamberEntity, ChamberLevel } from '@crm/chamber';
import { createChamber, expectData, nextIdNumber, TestApp } from '@crm/testing';

/** Party data through the API as an administrator would enter it (test setup for the party specs). */
export class PartyFixtures {
  private seq = 0;

  constructor(
    private readonly t: TestApp,
    private readonly admin: string,
  ) {}

  /** A provincial chamber in a province without one yet, e.g. 32 (江苏). */
  provincialChamber(provinceCode: string): Promise<ChamberEntity> {
    return createChamber(this.t, { level: ChamberLevel.Provincial, regionCode: `${provinceCode}0000` });
  }

  async committee(hostChamberId: string, name?: string): Promise<{ id: string; name: string; provinceCode: string; version: number }> {
    this.seq += 1;
    const res = await this.t.gql<{ createPartyCommittee: { id: string; name: string; provinceCode: string; version: number } }>(
      `mutation($input: CreatePartyCommitteeInput!) { createPartyCommittee(input: $input) { id name provinceCode version } }`,
      { input: { name: name ?? `中共温州商会工作委员会${this.seq}`, hostChamberId, foundedOn: '2012-07-01' } },
      this.admin,
    );
    return expectData(res).createPartyCommittee;
  }

  async unit(input: { kind: string; committeeId?: string; parentId?: string; chamberIds?: string[]; name?: string }, token = this.admin): Promise<{ id: string; name: string; version: number; rootCommitteeId: string }> {
    this.seq += 1;
    const res = await this.t.gql<{ createPartyOrganization: { id: string; name: string; version: number; rootCommitteeId: string } }>(
      `mutation($input: CreatePartyOrganizationInput!) { createPartyOrganization(input: $input) { id name version rootCommitteeId } }`,
      { input: { name: input.name ?? `温州商会党组织${this.seq}`, kind: input.kind, committeeId: input.committeeId, parentId: input.parentId, chamberIds: input.chamberIds ?? [], foundedOn: '2013-03-01' } },
      token,
    );
    return expectData(res).createPartyOrganization;
  }

  async partyMember(input: Record<string, unknown> = {}, token = this.admin): Promise<{ id: string; name: string; version: number; idNumber: string }> {
    this.seq += 1;
    const idNumber = (input.idNumber as string | undefined) ?? nextIdNumber({ regionCode: '330302' });
    const res = await this.t.gql<{ createPartyMember: { id: string; name: string; version: number } }>(
      `mutation($input: CreatePartyMemberInput!) { createPartyMember(input: $input) { id name version } }`,
      { input: { name: `党员${'甲乙丙丁戊己庚辛'[this.seq % 8]}${this.seq}`, idNumber, phones: ['13912345678'], joinedOn: '2001-07-01', relationCountyCode: '330302', ...input } },
      token,
    );
    return { ...expectData(res).createPartyMember, idNumber };
  }
}
