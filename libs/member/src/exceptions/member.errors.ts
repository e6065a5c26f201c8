import type { ScopeRefusal } from '@crm/auth';
import { AppError, defineErrors, ErrorCode, ForbiddenError, Localized, localized } from '@crm/shared';

/** Chinese names of member-module entities, for the generic NOT_FOUND message (未找到该会员). */
const ENTITIES = { Member: '会员', ChamberMembership: '会籍', Enterprise: '企业', MemberPoliticalRole: '政治身份', MemberEnterprise: '企业任职' };

const CHAMBER_STATUS_ZH: Readonly<Record<string, string>> = { PREPARING: '筹备中', ACTIVE: '已成立', MERGED: '已合并', DISSOLVED: '已撤销' };
const GENDER_ZH: Readonly<Record<string, string>> = { MALE: '男', FEMALE: '女' };

/** A chamber status (the member module reads chambers as rows): `merged` / 已合并. */
export const memberChamberStatusText = (status: string): Localized => localized(status.toLowerCase(), CHAMBER_STATUS_ZH[status] ?? status);
export const genderText = (gender: string): Localized => localized(gender, GENDER_ZH[gender] ?? gender);

/** What parseIdNumber says is wrong (after "idNumber …"), in both languages. */
export function idNumberProblem(reason: string): Localized {
  const birth = /(\d{8}|\d{4}-\d{2}-\d{2})/.exec(reason)?.[1] ?? '';
  const zh =
    reason === 'is empty' ? '为空'
    : /must be 18 characters/.test(reason) ? '必须是 18 位（17 位数字加 1 位校验码，校验码可为 X）'
    : /may only contain digits/.test(reason) ? '只能包含数字，仅最后一位可以是 X'
    : /impossible birth date/.test(reason) ? `中的出生日期 ${birth} 不存在`
    : /before 1900/.test(reason) ? `中的出生日期早于 1900 年（${birth}）`
    : /in the future/.test(reason) ? `中的出生日期晚于今天（${birth}）`
    : /check digit/.test(reason) ? '的校验码不对，请检查是否输错'
    : '无效';
  return localized(reason, zh);
}

/** What normalizePhone says is wrong with a number, in both languages. */
export function phoneProblem(reason: string): Localized {
  const zh =
    reason === 'is empty' ? '为空'
    : /may only contain digits/.test(reason) ? '只能包含数字、空格、-、( ) 和开头的 +'
    : '不是有效的号码：应为 11 位手机号（以 1 开头）、带区号的固定电话，或以 + 开头的国际号码';
  return localized(reason, zh);
}

/** What parseCreditCode says is wrong with a unified social credit code, in both languages. */
export function creditCodeProblem(reason: string): Localized {
  const shown = /^contains (.+?);/.exec(reason)?.[1] ?? '';
  const zh =
    reason === 'is empty' ? '为空'
    : /must be 18 characters/.test(reason) ? '必须是 18 位'
    : shown ? `含有 ${shown}；只能使用数字和大写字母（不含 I、O、S、V、Z）`
    : /check character/.test(reason) ? '的校验码不对，请检查是否输错'
    : '无效';
  return localized(reason, zh);
}

/**
 * The member module's refusals: the information base (members, memberships, enterprises,
 * political roles), search and merging. Throw sites pass names and dates as they are and
 * statuses, genders and parser problems through the helpers above.
 */
export const MemberErrors = defineErrors(
  'member',
  {
    // Identity: ID number, birth date, gender, phones
    ID_NUMBER_TAKEN: {
      code: ErrorCode.Conflict,
      en: 'A member with this ID number is already registered',
      zh: '已有会员登记了这个身份证号',
    },
    LIKELY_DUPLICATE: {
      code: ErrorCode.Conflict,
      en: (p: { count: number }) =>
        `${p.count} member(s) you may read are probably the same person (same name and a phone, or same name, birth date and hometown); check extensions.candidates, or send confirmDuplicate: true to register anyway`,
      zh: (p) => `已有 ${p.count} 位会员可能与此人是同一人（姓名相同且电话相同，或姓名、出生日期、籍贯都相同）；请先核对，确认不是同一人后再确认登记`,
    },
    INVALID_ID_NUMBER: {
      code: ErrorCode.BadUserInput,
      en: (p: { problem: string }) => `idNumber ${p.problem}`,
      zh: (p) => `身份证号${p.problem}`,
    },
    BIRTH_DATE_DISAGREES: {
      code: ErrorCode.BadUserInput,
      en: (p: { birthDate: string }) => `The birth date ${p.birthDate} does not agree with the ID number`,
      zh: (p) => `出生日期 ${p.birthDate} 与身份证号不一致`,
    },
    GENDER_DISAGREES: {
      code: ErrorCode.BadUserInput,
      en: (p: { gender: string }) => `The gender ${p.gender} does not agree with the ID number`,
      zh: (p) => `性别（${p.gender}）与身份证号不一致`,
    },
    INVALID_PHONE: {
      code: ErrorCode.BadUserInput,
      en: (p: { phone: string; problem: string }) => `${p.phone} ${p.problem}`,
      zh: (p) => `电话号码 ${p.phone} ${p.problem}`,
    },
    LIST_REPEATS: {
      code: ErrorCode.BadUserInput,
      en: (p: { what: string }) => `The list names ${p.what}`,
      zh: (p) => `列表中${p.what}`,
    },
    NOT_HOME_COUNTY: {
      code: ErrorCode.BadUserInput,
      en: (p: { code: string }) => `${p.code} is not a county of the home city; 籍贯 is a county-level region of the home city`,
      zh: (p) => `${p.code} 不是家乡城市下辖的县（市、区）；籍贯须为家乡城市的县级行政区`,
    },
    NOT_A_HOME_COUNTY: {
      code: ErrorCode.BadUserInput,
      en: (p: { code: string }) => `${p.code} is not a county of the home city`,
      zh: (p) => `${p.code} 不是家乡城市下辖的县（市、区）`,
    },
    DATES_REVERSED: {
      code: ErrorCode.BadUserInput,
      en: 'The end must come after the start',
      zh: '结束日期必须晚于开始日期',
    },

    // Reaching a member: scope, merges, concurrent edits
    OUTSIDE_SCOPE: {
      code: ErrorCode.Forbidden,
      en: (p: { member: string }) => `${p.member} is outside your scope`,
      zh: (p) => `${p.member}不在您的管辖范围内`,
    },
    WOULD_LEAVE_SCOPE: {
      code: ErrorCode.Forbidden,
      en: (p: { member: string }) => `The change would take ${p.member} outside your scope`,
      zh: (p) => `这项修改会使${p.member}超出您的管辖范围`,
    },
    HOMETOWN_OUTSIDE_COUNTY: {
      code: ErrorCode.Forbidden,
      en: (p: { county: string }) => `You keep members whose hometown is your county (${p.county})`,
      zh: (p) => `您只能管理籍贯为本县（${p.county}）的会员`,
    },
    SECRETARIAT_NEEDS_MEMBERSHIP: {
      code: ErrorCode.Forbidden,
      en: 'A secretariat keeps members of its own chambers: add a membership in one of them',
      zh: '商会秘书处只能管理本商会的会员：请为其添加本商会的会籍',
    },
    ROLE_KEEPS_NO_MEMBERS: {
      code: ErrorCode.Forbidden,
      en: 'Your role keeps no members',
      zh: '您的角色不能登记或修改会员',
    },
    MERGED: {
      code: ErrorCode.Conflict,
      en: (p: { member: string }) => `${p.member} was merged into another member; change the surviving record`,
      zh: (p) => `${p.member}已合并到另一位会员；请修改合并后保留的记录`,
    },
    STALE_VERSION: {
      code: ErrorCode.Conflict,
      en: (p: { name?: string; current?: number; read?: number }) =>
        p.name ? `${p.name} was changed by someone else (version ${p.current}, you read ${p.read}); reload and try again` : 'A member was changed by someone else meanwhile; reload and try again',
      zh: (p) => (p.name ? `${p.name}已被他人修改（当前版本 ${p.current}，您读取的是版本 ${p.read}），请刷新后重试` : '有会员在此期间被他人修改，请刷新后重试'),
    },

    // Chamber memberships and positions
    UNKNOWN_CHAMBER: {
      code: ErrorCode.BadUserInput,
      en: (p: { id: string }) => `chamber ${p.id} does not exist or is outside your scope`,
      zh: (p) => `商会 ${p.id} 不存在或不在您的管辖范围内`,
    },
    CHAMBER_NOT_LIVE: {
      code: ErrorCode.BadUserInput,
      en: (p: { chamber: string; status: string }) => `${p.chamber} is ${p.status}; members join live chambers`,
      zh: (p) => `${p.chamber}当前状态为“${p.status}”；会员只能加入筹备中或已成立的商会`,
    },
    CHAMBER_OUTSIDE_SCOPE: {
      code: ErrorCode.Forbidden,
      en: 'The membership is of a chamber outside your scope',
      zh: '该会籍所属的商会不在您的管辖范围内',
    },
    ALREADY_MEMBER: {
      code: ErrorCode.Conflict,
      en: (p: { member?: string; chamber?: string }) => `${p.member ?? 'The member'} already belongs to ${p.chamber ?? 'this chamber'}`,
      zh: (p) => `${p.member ?? '该会员'}已是${p.chamber ?? '该商会'}的会员`,
    },
    SAME_MEMBER_TWICE: {
      code: ErrorCode.BadUserInput,
      en: (p: { member: string }) => `${p.member} is changed twice in one batch (two rows describe the same member)`,
      zh: (p) => `同一批中${p.member}被改动两次（两行对应同一会员）`,
    },
    PAST_MEMBERSHIP_POSITION: {
      code: ErrorCode.BadUserInput,
      en: (p: { chamber: string }) => `A membership of ${p.chamber} that has ended takes no position`,
      zh: (p) => `已结束的${p.chamber}会籍不能带职务`,
    },
    LEFT_BEFORE_JOINED: {
      code: ErrorCode.BadUserInput,
      en: (p: { leftOn?: string; joinedOn?: string }) =>
        p.leftOn && p.joinedOn ? `A member cannot leave (${p.leftOn}) before joining (${p.joinedOn})` : 'A member cannot leave before joining',
      zh: (p) => (p.leftOn && p.joinedOn ? `离会日期（${p.leftOn}）不能早于入会日期（${p.joinedOn}）` : '离会日期不能早于入会日期'),
    },
    MEMBERSHIP_CLOSED: {
      code: ErrorCode.BadUserInput,
      en: (p: { chamber: string; status: string }) => `${p.chamber} is ${p.status}; a membership of it cannot become current again`,
      zh: (p) => `${p.chamber}当前状态为“${p.status}”，其会籍不能恢复为在会`,
    },
    POSITIONS_BY_SECRETARIAT: {
      code: ErrorCode.Forbidden,
      en: (p: { chamber: string }) => `Positions of ${p.chamber} are recorded by its secretariat or an administrator`,
      zh: (p) => `${p.chamber}的职务由其秘书处或管理员登记`,
    },
    NO_RUNNING_TERM: {
      code: ErrorCode.BadUserInput,
      en: (p: { chamber: string }) => `${p.chamber} has no running term; record its term (届) first`,
      zh: (p) => `${p.chamber}尚无在任的届次，请先登记届次`,
    },
    POSITION_BEFORE_TERM: {
      code: ErrorCode.BadUserInput,
      en: (p: { number: number; chamber: string; startsOn: string }) => `第${p.number}届 of ${p.chamber} began on ${p.startsOn}; the position cannot start earlier`,
      zh: (p) => `${p.chamber}第${p.number}届开始于 ${p.startsOn}；任职不能早于届次开始`,
    },
    POSITION_TAKEN: {
      code: ErrorCode.Conflict,
      en: (p: { position: string; holder?: string }) =>
        p.holder ? `The term already has a ${p.position}: ${p.holder}; a term has one ${p.position}` : `The term already has a ${p.position}; a term has one ${p.position}`,
      zh: (p) => (p.holder ? `本届已有${p.position}：${p.holder}；一届只能有一位${p.position}` : `本届已有${p.position}；一届只能有一位${p.position}`),
    },

    // Enterprises
    UNKNOWN_ENTERPRISE: {
      code: ErrorCode.BadUserInput,
      en: (p: { id: string }) => `enterprise ${p.id} does not exist`,
      zh: (p) => `企业 ${p.id} 不存在`,
    },
    ENTERPRISE_LINK_EITHER: {
      code: ErrorCode.BadUserInput,
      en: 'Give either enterpriseId (an existing enterprise) or enterprise (a new one)',
      zh: '请二选一：enterpriseId（已有企业）或 enterprise（新企业）',
    },
    ENTERPRISE_ALREADY_LINKED: {
      code: ErrorCode.Conflict,
      en: (p: { enterprise?: string }) =>
        p.enterprise ? `Already linked to ${p.enterprise}; change the roles instead` : 'The member is already linked to this enterprise; change the roles instead',
      zh: (p) => (p.enterprise ? `已关联${p.enterprise}，请改为修改职务` : '该会员已关联这家企业，请改为修改职务'),
    },
    NO_ENTERPRISE_ROLE: {
      code: ErrorCode.BadUserInput,
      en: 'The member has no role in this enterprise',
      zh: '该会员在这家企业中没有职务',
    },
    ENTERPRISE_OUTSIDE_SCOPE: {
      code: ErrorCode.Forbidden,
      en: (p: { enterprise: string }) => `${p.enterprise} is linked only to members outside your scope`,
      zh: (p) => `${p.enterprise}只关联了您管辖范围以外的会员`,
    },
    CREDIT_CODE_TAKEN: {
      code: ErrorCode.Conflict,
      en: (p: { holder?: string }) =>
        p.holder ? `${p.holder} already has this credit code; link that enterprise instead` : 'An enterprise with this credit code is already registered',
      zh: (p) => (p.holder ? `${p.holder}已使用这个统一社会信用代码；请直接关联那家企业` : '已有企业登记了这个统一社会信用代码'),
    },
    INVALID_CREDIT_CODE: {
      code: ErrorCode.BadUserInput,
      en: (p: { problem: string }) => `creditCode ${p.problem}`,
      zh: (p) => `统一社会信用代码${p.problem}`,
    },
    UNKNOWN_INDUSTRY: {
      code: ErrorCode.BadUserInput,
      en: (p: { code: string }) => `${p.code} is not a GB/T 4754-2017 section or division`,
      zh: (p) => `${p.code} 不是国民经济行业分类（GB/T 4754-2017）的门类或大类`,
    },
    ENTERPRISE_STALE_VERSION: {
      code: ErrorCode.Conflict,
      en: (p: { enterprise: string; current: number; read: number }) =>
        `${p.enterprise} was changed by someone else (version ${p.current}, you read ${p.read}); reload and try again`,
      zh: (p) => `${p.enterprise}已被他人修改（当前版本 ${p.current}，您读取的是版本 ${p.read}），请刷新后重试`,
    },

    // Search
    PHONE_SEARCH_NEEDS_PERSONAL_DATA: {
      code: ErrorCode.Forbidden,
      en: (p: { digits: number }) => `Without the personal-data permission, search by the last ${p.digits} digits of a phone`,
      zh: (p) => `没有个人信息查看权限时，只能按手机号码的后 ${p.digits} 位查找`,
    },
    ID_SEARCH_NEEDS_PERSONAL_DATA: {
      code: ErrorCode.Forbidden,
      en: 'Searching by ID number needs the personal-data permission',
      zh: '按身份证号查找需要个人信息查看权限',
    },
    SEARCH_NEEDS_PERSONAL_DATA: {
      code: ErrorCode.Forbidden,
      en: (p: { digits: number }) => `Without the personal-data permission, search by the last ${p.digits} digits of a phone (longer endings and ID numbers need it)`,
      zh: (p) => `没有个人信息查看权限时，只能按手机号码的后 ${p.digits} 位查找（按更多位数或按身份证号查找需要该权限）`,
    },
    SEARCH_TOO_FEW_DIGITS: {
      code: ErrorCode.BadUserInput,
      en: (p: { digits: number }) => `A number is searched as the end of a phone: at least ${p.digits} digits`,
      zh: (p) => `数字按手机号码的末几位查找：至少输入 ${p.digits} 位`,
    },
    DUPLICATE_MATCH_NEEDS_PERSONAL_DATA: {
      code: ErrorCode.Forbidden,
      en: 'Matching on ID numbers and phones needs the personal-data permission',
      zh: '按身份证号和电话号码查重需要个人信息查看权限',
    },
    DUPLICATE_CHECK_ID_NUMBER: {
      code: ErrorCode.BadUserInput,
      en: (p: { problem: string }) => `The ID number ${p.problem}`,
      zh: (p) => `身份证号${p.problem}`,
    },
    DUPLICATE_CHECK_PHONE: {
      code: ErrorCode.BadUserInput,
      en: (p: { phone: string; problem: string }) => `The phone ${p.phone} ${p.problem}`,
      zh: (p) => `电话号码 ${p.phone} ${p.problem}`,
    },
    DUPLICATES_NOT_A_CURSOR: {
      code: ErrorCode.BadUserInput,
      en: 'is not a cursor returned by this list',
      zh: '不是本列表返回的游标；请不带 after 从头查询',
    },

    // Merging duplicates
    MERGE_INTO_SELF: {
      code: ErrorCode.BadUserInput,
      en: 'A member cannot be merged into itself',
      zh: '会员不能合并到自身',
    },
    MERGE_NAMED_TWICE: {
      code: ErrorCode.BadUserInput,
      en: 'The same member is named twice',
      zh: '同一位会员被列了两次',
    },
    MERGE_VALUE_CHOSEN_TWICE: {
      code: ErrorCode.BadUserInput,
      en: (p: { field: string }) => `${p.field} is chosen twice`,
      zh: (p) => `${p.field} 被选择了两次`,
    },
    MERGE_VALUE_SOURCE: {
      code: ErrorCode.BadUserInput,
      en: 'Choose the value of the survivor or of one of the merged members',
      zh: '请选择保留会员或被合并会员之一的取值',
    },
    MERGE_ALREADY_MERGED: {
      code: ErrorCode.Conflict,
      en: (p: { member: string }) => `${p.member} was already merged into another member; merge the surviving record`,
      zh: (p) => `${p.member}已合并到另一位会员；请合并那条保留的记录`,
    },
    MERGE_VALUE_DISAGREES: {
      code: ErrorCode.BadUserInput,
      en: (p: { what: string; value: string }) => `The chosen ${p.what} (${p.value}) does not agree with the surviving ID number`,
      zh: (p) => `所选的${p.what}（${p.value}）与保留的身份证号不一致`,
    },
    MERGE_ID_NUMBER_TAKEN: {
      code: ErrorCode.Conflict,
      en: 'Another member is registered with the surviving ID number',
      zh: '另一位会员登记了保留的身份证号',
    },
    MERGE_CONCURRENT: {
      code: ErrorCode.Conflict,
      en: 'Some of these members were being changed at the same time; nothing was merged, try again',
      zh: '其中有会员正被同时修改，未做任何合并，请重试',
    },
    MERGE_OUTSIDE_SCOPE: {
      code: ErrorCode.Forbidden,
      en: 'The merged member would be outside your scope',
      zh: '合并后的会员将超出您的管辖范围',
    },
  },
  { entities: ENTITIES },
);

/**
 * The FORBIDDEN error for a refusal of the member rule (MemberScope.check, through
 * AccessService.check): the rule's own catalogue reason and both of its messages, at `field`.
 */
export function memberScopeError(refusal: ScopeRefusal, field?: string): AppError {
  return new ForbiddenError(refusal.message, {
    ...(refusal.reason ? { reason: refusal.reason } : {}),
    ...(refusal.messageZh ? { messageZh: refusal.messageZh } : {}),
    ...(field !== undefined ? { field } : {}),
  });
}
