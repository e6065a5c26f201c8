import { defineErrors, ErrorCode, Localized, localized } from '@crm/shared';
import { PartyOrgKind } from '../entities/party.enums';

/** Chinese names of the party entities, for the generic NOT_FOUND message. */
const ENTITIES = {
  PartyWorkingCommittee: '党工委',
  PartyOrganization: '党组织',
  PartyMember: '党员',
  PartyMeeting: '组织生活记录',
};

const KIND_ZH: Readonly<Record<PartyOrgKind, string>> = {
  [PartyOrgKind.Committee]: '党委',
  [PartyOrgKind.GeneralBranch]: '党总支',
  [PartyOrgKind.Branch]: '党支部',
  [PartyOrgKind.JointBranch]: '联合党支部',
  [PartyOrgKind.ExpandedBranch]: '拓展型党支部',
};

export const partyOrgKindText = (k: PartyOrgKind): Localized => localized(k.toLowerCase().replace(/_/g, ' '), KIND_ZH[k] ?? k);

/** The party module's refusals. */
export const PartyErrors = defineErrors(
  'party',
  {
    UNKNOWN_COMMITTEE: {
      code: ErrorCode.BadUserInput,
      en: (p: { id: string }) => `party working committee ${p.id} does not exist or is outside your scope`,
      zh: (p) => `党工委 ${p.id} 不存在或不在您的权限范围内`,
    },
    UNKNOWN_ORGANIZATION: {
      code: ErrorCode.BadUserInput,
      en: (p: { id: string }) => `party organization ${p.id} does not exist or is outside your scope`,
      zh: (p) => `党组织 ${p.id} 不存在或不在您的权限范围内`,
    },
    UNKNOWN_CHAMBER: {
      code: ErrorCode.BadUserInput,
      en: (p: { id: string }) => `chamber ${p.id} does not exist`,
      zh: (p) => `商会 ${p.id} 不存在`,
    },
    UNKNOWN_PARTY_MEMBER: {
      code: ErrorCode.BadUserInput,
      en: (p: { id: string }) => `party member ${p.id} does not exist or is outside your scope`,
      zh: (p) => `党员 ${p.id} 不存在或不在您的权限范围内`,
    },
    UNKNOWN_MEMBER: {
      code: ErrorCode.BadUserInput,
      en: (p: { id: string }) => `member ${p.id} does not exist in the information base`,
      zh: (p) => `会员 ${p.id} 在信息库中不存在`,
    },
    OUTSIDE_SCOPE: {
      code: ErrorCode.Forbidden,
      en: (p: { what: string }) => `${p.what} is outside your scope`,
      zh: (p) => `${p.what}不在您的管辖范围内`,
    },
    STALE_VERSION: {
      code: ErrorCode.Conflict,
      en: (p: { what: string; current: number; read: number }) => `${p.what} was changed by someone else (version ${p.current}, you read ${p.read}); reload and try again`,
      zh: (p) => `${p.what}已被他人修改（当前版本 ${p.current}，您读取的是版本 ${p.read}），请刷新后重试`,
    },
    HOST_NOT_PROVINCIAL: {
      code: ErrorCode.BadUserInput,
      en: (p: { chamber: string }) => `${p.chamber} is neither a provincial chamber nor a chamber of a provincial capital; a working committee is hosted by one`,
      zh: (p) => `${p.chamber}既不是省级商会，也不是省会城市商会；党工委须依托省级或省会城市商会设立`,
    },
    HOST_NOT_ACTIVE: {
      code: ErrorCode.BadUserInput,
      en: (p: { chamber: string }) => `${p.chamber} is not an active chamber`,
      zh: (p) => `${p.chamber}不是正常运行的商会`,
    },
    ONE_COMMITTEE_PER_PROVINCE: {
      code: ErrorCode.Conflict,
      en: (p: { province: string; holder: string }) => `${p.province} already has an active party working committee: ${p.holder}`,
      zh: (p) => `${p.province}已有在运行的党工委：${p.holder}`,
    },
    SECRETARY_TAKEN: {
      code: ErrorCode.Conflict,
      en: (p: { unit: string }) => `${p.unit} already has a secretary (书记) for part of that period`,
      zh: (p) => `${p.unit}在该期间已有书记`,
    },
    TERM_DATES: {
      code: ErrorCode.BadUserInput,
      en: 'The end of a term must come after its start',
      zh: '任期结束日期须晚于开始日期',
    },
    ONE_PARENT: {
      code: ErrorCode.BadUserInput,
      en: 'A party organization belongs to exactly one body: a working committee or a higher party organization, not both and not neither',
      zh: '党组织须且只能隶属于一个上级：党工委或上级党组织，二者选一（一方隶属）',
    },
    CYCLE: {
      code: ErrorCode.BadUserInput,
      en: 'A party organization cannot be placed under itself or one of its own sub-units',
      zh: '党组织不能隶属于自身或其下级组织',
    },
    BRANCH_HAS_NO_SUBUNITS: {
      code: ErrorCode.BadUserInput,
      en: (p: { parent: string; kind: string }) => `${p.parent} is a ${p.kind}; a branch has no sub-units`,
      zh: (p) => `${p.parent}是${p.kind}，党支部下不能再设下级组织`,
    },
    JOINT_NEEDS_CHAMBERS: {
      code: ErrorCode.BadUserInput,
      en: 'A joint branch (联合党支部) is set up across at least two chambers',
      zh: '联合党支部须依托至少两个商会设立',
    },
    ONE_CHAMBER_ONLY: {
      code: ErrorCode.BadUserInput,
      en: (p: { kind: string }) => `A ${p.kind} is attached to at most one chamber; only a joint branch spans several`,
      zh: (p) => `${p.kind}最多依托一个商会；只有联合党支部可依托多个商会`,
    },
    ORGANIZATION_NOT_ACTIVE: {
      code: ErrorCode.Conflict,
      en: (p: { unit: string }) => `${p.unit} is no longer active`,
      zh: (p) => `${p.unit}已撤销或合并，不能再使用`,
    },
    MEMBERS_ATTEND_BRANCHES: {
      code: ErrorCode.BadUserInput,
      en: (p: { unit: string }) => `${p.unit} is not a branch; party members attend a branch (党支部)`,
      zh: (p) => `${p.unit}不是党支部；党员须编入党支部`,
    },
    INVALID_ID_NUMBER: {
      code: ErrorCode.BadUserInput,
      en: (p: { reason: string }) => `The ID number ${p.reason}`,
      zh: (p) => `身份证号码有误：${p.reason}`,
    },
    NAME_REQUIRED: {
      code: ErrorCode.BadUserInput,
      en: 'The name is required (it comes from the linked member only when you may read that member)',
      zh: '须填写姓名（仅当您可查看所关联会员时才自动取其姓名）',
    },
    ID_NUMBER_REQUIRED: {
      code: ErrorCode.BadUserInput,
      en: 'The ID number is required (it comes from the linked member only when you may read that member and it has one)',
      zh: '须填写身份证号码（仅当您可查看所关联会员且其有身份证号码时才自动取用）',
    },
    INVALID_PHONE: {
      code: ErrorCode.BadUserInput,
      en: (p: { reason: string }) => `The phone number ${p.reason}`,
      zh: (p) => `电话号码有误：${p.reason}`,
    },
    DUPLICATE_ID_NUMBER: {
      code: ErrorCode.Conflict,
      en: 'A party member with this ID number is already registered (one record per person)',
      zh: '该身份证号码的党员已登记（每人仅一条记录）',
    },
    MEMBER_ALREADY_LINKED: {
      code: ErrorCode.Conflict,
      en: 'This member of the information base is already linked to a party member record',
      zh: '该会员已关联党员记录',
    },
    ID_NUMBER_DIFFERS_FROM_MEMBER: {
      code: ErrorCode.BadUserInput,
      en: 'The ID number differs from the linked member\'s; a party member is the same person as the member it links',
      zh: '身份证号码与所关联会员的不一致；党员须与所关联会员为同一人',
    },
    MOBILE_NEEDS_DETAILS: {
      code: ErrorCode.BadUserInput,
      en: 'A mobile party member (流动党员) needs where they went and since when',
      zh: '流动党员须填写流入地和流出时间',
    },
    NOT_IN_UNIT: {
      code: ErrorCode.BadUserInput,
      en: (p: { name: string; unit: string }) => `${p.name} does not attend ${p.unit}; attendance is recorded for the unit's own members`,
      zh: (p) => `${p.name}不是${p.unit}的党员，不能登记其出席情况`,
    },
    HELD_IN_FUTURE: {
      code: ErrorCode.BadUserInput,
      en: (p: { date: string }) => `A meeting on ${p.date} is in the future and cannot be marked as held`,
      zh: (p) => `${p.date}的会议尚未到来，不能标记为已召开`,
    },
    DUPLICATE_ATTENDANCE: {
      code: ErrorCode.BadUserInput,
      en: 'A party member is listed twice in the attendance',
      zh: '出席名单中同一党员出现了两次',
    },
    EVALUATION_YEAR: {
      code: ErrorCode.BadUserInput,
      en: (p: { year: number; from: number; to: number }) => `An evaluation for ${p.year} is outside the years this member can be evaluated (${p.from}–${p.to})`,
      zh: (p) => `${p.year}年不在该党员可评议的年度范围内（${p.from}–${p.to}）`,
    },
    EVALUATION_EXISTS: {
      code: ErrorCode.Conflict,
      en: (p: { year: number }) => `This party member already has an evaluation for ${p.year}`,
      zh: (p) => `该党员${p.year}年度已有民主评议结果`,
    },
    MERGE_BOTH_PARTY_MEMBERS: {
      code: ErrorCode.Conflict,
      en: 'More than one of these members has a party member record; reconcile the party records before merging',
      zh: '待合并的会员中有多人已关联党员记录，请先处理党员记录再合并',
    },
    DUPLICATE_MANAGER: {
      code: ErrorCode.BadUserInput,
      en: (p: { body: string }) => `${p.body} is listed twice among the managing bodies`,
      zh: (p) => `管理单位“${p.body}”重复填写`,
    },
    UNKNOWN_REGION: {
      code: ErrorCode.BadUserInput,
      en: (p: { code: string }) => `${p.code} is not a GB/T 2260 region code`,
      zh: (p) => `${p.code} 不是有效的行政区划代码`,
    },
    DISSOLVED_NEEDS_DATE: {
      code: ErrorCode.BadUserInput,
      en: 'A dissolution needs its date (dissolvedOn)',
      zh: '撤销须填写撤销日期',
    },
    MERGED_NEEDS_TARGET: {
      code: ErrorCode.BadUserInput,
      en: 'A merged unit needs the unit it was merged into (mergedIntoId), another unit',
      zh: '合并须填写并入的党组织（且不能是自身）',
    },
  },
  { entities: ENTITIES },
);
