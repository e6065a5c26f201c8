import { randomInt } from 'node:crypto';
import { Gender, makeCreditCode, makeIdNumber, MemberDesignation, MemberEntity, MemberStatus, toNameInitials, toNamePinyin } from '@crm/member';
import { TestApp } from './test-app';

let memberSequence = 0;
// Different test files share no database, but a random base keeps numbers apart anyway.
const creditBase = randomInt(1, 100_000_000);
const phoneBase = randomInt(0, 50_000_000);

/**
 * A valid ID number no other call of this file returns: the birth date walks one day per call
 * from `from` (default 1960-01-01), the region is 330302 (鹿城区) unless given.
 */
export function nextIdNumber(opts: { gender?: 'MALE' | 'FEMALE'; regionCode?: string; birthDate?: string } = {}): string {
  memberSequence += 1;
  const birthDate = opts.birthDate ?? new Date(Date.UTC(1960, 0, 1) + memberSequence * 86_400_000).toISOString().slice(0, 10);
  return makeIdNumber(opts.regionCode ?? '330302', birthDate, (memberSequence * 7) % 1000, opts.gender ?? 'MALE');
}

/** A valid unified social credit code no other call returns. */
export function nextCreditCode(): string {
  memberSequence += 1;
  return makeCreditCode(creditBase + memberSequence);
}

/** A mainland mobile (11 digits, 139…) no other call returns. */
export function nextMobile(): string {
  memberSequence += 1;
  return `139${String(phoneBase + memberSequence).padStart(8, '0')}`;
}

export interface MemberOverrides {
  name?: string;
  gender?: Gender | null;
  birthDate?: string | null;
  idNumber?: string | null;
  phones?: string[];
  wechat?: string | null;
  address?: string | null;
  hometownCode?: string | null;
  currentRegionCode?: string | null;
  designations?: MemberDesignation[];
  tags?: string[];
  status?: MemberStatus;
}

/**
 * Inserts a member straight into the test database (setup: no audit event), with completeness
 * computed by the database function as the application does. By default a 鹿城区 (330302)
 * merchant with a fresh ID number (gender and birth date from it) and a fresh mobile.
 */
export async function createMember(t: TestApp, overrides: MemberOverrides = {}): Promise<MemberEntity> {
  const idNumber = overrides.idNumber !== undefined ? overrides.idNumber : nextIdNumber();
  const fromId = idNumber
    ? { birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`, gender: Number(idNumber[16]) % 2 === 1 ? Gender.Male : Gender.Female }
    : { birthDate: null, gender: null };
  memberSequence += 1;
  const name = overrides.name ?? `${['王', '李', '陈', '林', '郑'][memberSequence % 5]}测${'甲乙丙丁戊己庚辛壬癸'[memberSequence % 10]}${memberSequence}`;
  const repo = t.dataSource.getRepository(MemberEntity);
  const result = await repo.insert({
    name,
    namePinyin: toNamePinyin(name),
    nameInitials: toNameInitials(name),
    gender: overrides.gender !== undefined ? overrides.gender : fromId.gender,
    birthDate: overrides.birthDate !== undefined ? overrides.birthDate : fromId.birthDate,
    idNumber,
    phones: overrides.phones ?? [nextMobile()],
    wechat: overrides.wechat ?? null,
    address: overrides.address ?? null,
    hometownCode: overrides.hometownCode !== undefined ? overrides.hometownCode : '330302',
    currentRegionCode: overrides.currentRegionCode ?? null,
    designations: overrides.designations ?? [],
    tags: overrides.tags ?? [],
    status: overrides.status ?? MemberStatus.Active,
  });
  const id = (result.identifiers[0] as { id: string }).id;
  await t.dataSource.query('SELECT refresh_member_quality($1::uuid[])', [[id]]);
  return repo.findOneByOrFail({ id });
}

/** Inserts a membership (current unless `leftOn`), and refreshes the member's completeness. */
export async function addMembership(t: TestApp, memberId: string, chamberId: string, dates: { joinedOn?: string | null; leftOn?: string | null } = {}): Promise<string> {
  const [row] = (await t.dataSource.query(`INSERT INTO chamber_membership (member_id, chamber_id, joined_on, left_on) VALUES ($1, $2, $3, $4) RETURNING id`, [
    memberId,
    chamberId,
    dates.joinedOn ?? null,
    dates.leftOn ?? null,
  ])) as { id: string }[];
  await t.dataSource.query('SELECT refresh_member_quality($1::uuid[])', [[memberId]]);
  return row.id;
}
