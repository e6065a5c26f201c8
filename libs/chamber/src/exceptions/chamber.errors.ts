import { ErrorCode, defineErrors, Localized, localized } from '@crm/shared';
import { ChamberKind, ChamberLevel, ChamberStatus, GuildHallStatus } from '../entities/chamber.enums';

/** Chinese names of chamber-module entities, for the generic NOT_FOUND message (未找到该商会). */
const ENTITIES = { Chamber: '商会', ChamberTerm: '届次', ChamberPosition: '职务', GuildHall: '会馆', ChamberEvent: '商会大事记' };

const STATUS_ZH: Readonly<Record<ChamberStatus, string>> = {
  [ChamberStatus.Preparing]: '筹备中',
  [ChamberStatus.Active]: '已成立',
  [ChamberStatus.Merged]: '已合并',
  [ChamberStatus.Dissolved]: '已撤销',
};
const LEVEL_ZH: Readonly<Record<ChamberLevel, string>> = {
  [ChamberLevel.National]: '全国性',
  [ChamberLevel.Provincial]: '省级',
  [ChamberLevel.Prefecture]: '地市级',
  [ChamberLevel.County]: '县级',
};
const KIND_ZH: Readonly<Record<ChamberKind, string>> = {
  [ChamberKind.Regional]: '地域',
  [ChamberKind.Industry]: '行业',
  [ChamberKind.Youth]: '青年',
};
const HALL_STATUS_ZH: Readonly<Record<GuildHallStatus, string>> = {
  [GuildHallStatus.Planned]: '规划中',
  [GuildHallStatus.UnderConstruction]: '在建',
  [GuildHallStatus.BasicallyComplete]: '基本建成',
  [GuildHallStatus.Complete]: '已建成',
};
/** GB/T 2260 tiers (region levels), by the value RegionLevel holds. */
const REGION_LEVEL_ZH: Readonly<Record<string, string>> = { PROVINCE: '省级行政区', PREFECTURE: '地级行政区', COUNTY: '县级行政区' };

/** A chamber status as the messages say it: `merged` / 已合并. */
export const chamberStatusText = (s: ChamberStatus): Localized => localized(s.toLowerCase(), STATUS_ZH[s] ?? s);
export const chamberLevelText = (l: ChamberLevel): Localized => localized(l.toLowerCase(), LEVEL_ZH[l] ?? l);
export const chamberKindText = (k: ChamberKind): Localized => localized(k.toLowerCase(), KIND_ZH[k] ?? k);
export const regionLevelText = (l: string): Localized => localized(l.toLowerCase(), REGION_LEVEL_ZH[l] ?? l);
/** A guild hall status: the English messages use the code (UNDER_CONSTRUCTION). */
export const hallStatusText = (s: GuildHallStatus): Localized => localized(s, HALL_STATUS_ZH[s] ?? s);

/** How a term is named: 第3届 (2016-05-01 – now) / 第3届（2016-05-01 至今）. */
export function termText(t: { number: number; startsOn: string; endsOn: string | null }): Localized {
  return localized(`第${t.number}届 (${t.startsOn} – ${t.endsOn ?? 'now'})`, `第${t.number}届（${t.startsOn} 至 ${t.endsOn ?? '今'}）`);
}

/**
 * The chamber module's refusals. Statuses, levels and kinds are passed with the helpers above
 * (chamberStatusText …) so each language reads its own word.
 */
export const ChamberErrors = defineErrors(
  'chamber',
  {
    // Reading and locking
    UNKNOWN: {
      code: ErrorCode.BadUserInput,
      en: (p: { id: string }) => `chamber ${p.id} does not exist`,
      zh: (p) => `商会 ${p.id} 不存在或不在您的查看范围内`,
    },
    OUTSIDE_SCOPE: {
      code: ErrorCode.Forbidden,
      en: (p: { chamber: string }) => `${p.chamber} is outside your scope`,
      zh: (p) => `${p.chamber}不在您的管辖范围内`,
    },
    CHANGED_BY_SECRETARIAT: {
      code: ErrorCode.Forbidden,
      en: 'Chambers are changed by their secretariat or an administrator',
      zh: '商会信息由其秘书处或管理员修改',
    },
    STALE_VERSION: {
      code: ErrorCode.Conflict,
      en: (p: { chamber: string; current: number; read: number }) => `${p.chamber} was changed by someone else (version ${p.current}, you read ${p.read}); reload and try again`,
      zh: (p) => `${p.chamber}已被他人修改（当前版本 ${p.current}，您读取的是版本 ${p.read}），请刷新后重试`,
    },
    CLOSED_FOR_EDITS: {
      code: ErrorCode.Conflict,
      en: (p: { chamber: string; status: string }) => `${p.chamber} is ${p.status} and can no longer be edited`,
      zh: (p) => `${p.chamber}当前状态为“${p.status}”，不能再修改`,
    },

    // Creating and placing
    CREATE_OUTSIDE_SCOPE: {
      code: ErrorCode.Forbidden,
      en: 'You may only create chambers below your own chamber',
      zh: '您只能在本商会之下创建商会',
    },
    MOVE_TO_TOP_ADMIN_ONLY: {
      code: ErrorCode.Forbidden,
      en: 'Only administrators move a chamber to the top of the network',
      zh: '只有管理员可以把商会移到网络的最顶层',
    },
    ONE_PER_LOCALITY: {
      code: ErrorCode.Conflict,
      en: (p: { place: string; holder?: string }) =>
        p.holder ? `${p.place} already has an active regional chamber: ${p.holder} (一地一会)` : `${p.place} already has an active regional chamber (一地一会)`,
      zh: (p) => (p.holder ? `${p.place}已有已成立的地域商会：${p.holder}（一地一会）` : `${p.place}已有已成立的地域商会（一地一会）`),
    },
    ONE_NATIONAL: {
      code: ErrorCode.Conflict,
      en: (p: { holder?: string }) => (p.holder ? `There is already an active national chamber: ${p.holder}` : 'There is already an active national chamber'),
      zh: (p) => (p.holder ? `已有已成立的全国性地域商会：${p.holder}；全国性地域商会只能有一个` : '已有已成立的全国性地域商会；全国性地域商会只能有一个'),
    },
    NAME_TAKEN: {
      code: ErrorCode.Conflict,
      en: (p: { name: string }) => `A preparing or active chamber is already named ${p.name}`,
      zh: (p) => `已有筹备中或已成立的商会名为“${p.name}”`,
    },
    UNKNOWN_PARENT: {
      code: ErrorCode.BadUserInput,
      en: 'The parent chamber does not exist',
      zh: '上级商会不存在',
    },
    PARENT_CYCLE: {
      code: ErrorCode.BadUserInput,
      en: 'The chamber cannot be placed under itself or one of its own sub-chambers',
      zh: '商会不能隶属于自身或自己的下级商会',
    },
    PARENT_LEVEL: {
      code: ErrorCode.BadUserInput,
      en: 'A parent chamber must sit above its child in level (an industry or youth branch may share its level)',
      zh: '上级商会的级别须高于下级（行业分会、青年分会可与上级同级）',
    },
    UNKNOWN_REGION: {
      code: ErrorCode.BadUserInput,
      en: (p: { code: string }) => `${p.code} is not a GB/T 2260 region code`,
      zh: (p) => `${p.code} 不是有效的行政区划代码（GB/T 2260）`,
    },
    PARENT_NOT_LIVE: {
      code: ErrorCode.BadUserInput,
      en: (p: { parent: string; status: string }) => `${p.parent} is ${p.status}; choose a live parent`,
      zh: (p) => `${p.parent}当前状态为“${p.status}”，请选择筹备中或已成立的上级商会`,
    },
    LEVEL_NOT_BELOW_PARENT: {
      code: ErrorCode.BadUserInput,
      en: (p: { level: string; kind: string; parent: string; parentLevel: string }) =>
        `A ${p.level} ${p.kind} chamber cannot sit below ${p.parent} (${p.parentLevel})`,
      zh: (p) => `${p.level}${p.kind}商会不能隶属于${p.parent}（${p.parentLevel}）：上级商会的级别须高于下级`,
    },
    REGION_OUTSIDE_PARENT: {
      code: ErrorCode.BadUserInput,
      en: (p: { what: string; parent: string; parentRegion: string }) => `${p.what} must lie within the region of ${p.parent} (${p.parentRegion})`,
      zh: (p) => `${p.what}所在地区须位于${p.parent}的地区（${p.parentRegion}）之内`,
    },
    NATIONAL_HAS_NO_REGION: {
      code: ErrorCode.BadUserInput,
      en: 'A national chamber has no region',
      zh: '全国性商会不设所在地区',
    },
    REGION_REQUIRED: {
      code: ErrorCode.BadUserInput,
      en: (p: { level: string; tier: string }) => `A ${p.level} chamber needs a region (${p.tier} level)`,
      zh: (p) => `${p.level}商会需要填写所在地区（${p.tier}）`,
    },
    REGION_WRONG_TIER: {
      code: ErrorCode.BadUserInput,
      en: (p: { region: string; code: string; regionLevel: string; level: string; tier: string }) =>
        `${p.region} (${p.code}) is a ${p.regionLevel}; a ${p.level} chamber needs a ${p.tier}`,
      zh: (p) => `${p.region}（${p.code}）是${p.regionLevel}；${p.level}商会需要${p.tier}`,
    },
    FOUNDING_DATE_REQUIRED: {
      code: ErrorCode.BadUserInput,
      en: 'An active chamber needs its founding date',
      zh: '已成立的商会需要填写成立日期',
    },
    FOUNDING_DATE_PREMATURE: {
      code: ErrorCode.BadUserInput,
      en: 'A chamber in preparation has no founding date yet; found it when it is founded',
      zh: '筹备中的商会还没有成立日期；请在商会成立时办理“成立”',
    },

    // Lifecycle
    NOT_PREPARING: {
      code: ErrorCode.Conflict,
      en: (p: { chamber: string; status: string }) => `${p.chamber} is ${p.status}; only a chamber in preparation can be founded`,
      zh: (p) => `${p.chamber}当前状态为“${p.status}”；只有筹备中的商会才能成立`,
    },
    HISTORY_CLOSED: {
      code: ErrorCode.Conflict,
      en: (p: { chamber: string; status: string }) => `${p.chamber} is ${p.status}; its history is closed`,
      zh: (p) => `${p.chamber}当前状态为“${p.status}”，其沿革已经结束，不能再变更`,
    },
    BEFORE_FOUNDING: {
      code: ErrorCode.BadUserInput,
      en: (p: { chamber: string; foundedOn: string }) => `${p.chamber} was founded on ${p.foundedOn}; this cannot have happened earlier`,
      zh: (p) => `${p.chamber}成立于 ${p.foundedOn}；此事的日期不能早于成立日期`,
    },
    NOTHING_TO_CONVERT: {
      code: ErrorCode.BadUserInput,
      en: 'Nothing to convert: give a name, kind, level or region different from the current one',
      zh: '没有需要转换的内容：请给出与当前不同的名称、类型、级别或地区',
    },
    MERGE_INTO_SELF: {
      code: ErrorCode.BadUserInput,
      en: 'A chamber cannot be merged into itself',
      zh: '商会不能合并到自身',
    },
    MERGE_TARGET_NOT_LIVE: {
      code: ErrorCode.BadUserInput,
      en: (p: { chamber: string; status: string }) => `${p.chamber} is ${p.status}; a chamber can only be merged into a live one`,
      zh: (p) => `${p.chamber}当前状态为“${p.status}”；商会只能合并到筹备中或已成立的商会`,
    },
    MERGE_INTO_DESCENDANT: {
      code: ErrorCode.BadUserInput,
      en: (p: { survivor: string; merged: string }) => `${p.survivor} is below ${p.merged}; a chamber cannot be merged into one of its own sub-chambers`,
      zh: (p) => `${p.survivor}是${p.merged}的下级商会；商会不能合并到自己的下级商会`,
    },
    MERGE_CHILD_MISFIT: {
      code: ErrorCode.BadUserInput,
      en: (p: { child: string; merged: string; survivor: string }) =>
        `${p.child} (below ${p.merged}) cannot move below ${p.survivor}: a parent must sit above its child in level`,
      zh: (p) => `${p.child}（${p.merged}的下级商会）不能移到${p.survivor}之下：上级商会的级别须高于下级`,
    },
    ALLY_WITH_SELF: {
      code: ErrorCode.BadUserInput,
      en: 'A chamber cannot ally with itself',
      zh: '商会不能与自身联合',
    },
    ALLY_NOT_LIVE: {
      code: ErrorCode.BadUserInput,
      en: (p: { chamber: string; status: string }) => `${p.chamber} is ${p.status}; only live chambers ally`,
      zh: (p) => `${p.chamber}当前状态为“${p.status}”；只有筹备中或已成立的商会才能联合`,
    },
    ALREADY_DUAL_BRANDED: {
      code: ErrorCode.Conflict,
      en: (p: { chamber: string }) => `${p.chamber} already carries the home city's name (增挂牌子)`,
      zh: (p) => `${p.chamber}已增挂家乡城市的牌子（增挂牌子）`,
    },
    HAS_LIVE_CHILDREN: {
      code: ErrorCode.Conflict,
      en: (p: { chamber: string; count: number; names: string }) =>
        `${p.chamber} still has ${p.count} chamber(s) in preparation or active below it (${p.names}); dissolve, merge or move them first`,
      zh: (p) => `${p.chamber}下仍有 ${p.count} 个筹备中或已成立的商会（${p.names}）；请先撤销、合并或移走它们`,
    },

    // Leadership: terms (届) and positions
    TERM_END_BEFORE_START: {
      code: ErrorCode.BadUserInput,
      en: 'The end of a term must come after its start',
      zh: '届次的结束日期必须晚于开始日期',
    },
    RUNNING_TERM_NEEDS_LIVE_CHAMBER: {
      code: ErrorCode.BadUserInput,
      en: (p: { chamber: string; status: string }) => `${p.chamber} is ${p.status}; only a past term (with its end) can be recorded`,
      zh: (p) => `${p.chamber}当前状态为“${p.status}”；只能登记已结束的届次（须填写结束日期）`,
    },
    TERM_BEFORE_FOUNDING: {
      code: ErrorCode.BadUserInput,
      en: (p: { chamber: string; foundedOn: string }) => `${p.chamber} was founded on ${p.foundedOn}; a term cannot start earlier`,
      zh: (p) => `${p.chamber}成立于 ${p.foundedOn}；届次不能早于成立日期开始`,
    },
    TERM_AFTER_DISSOLUTION: {
      code: ErrorCode.BadUserInput,
      en: (p: { chamber: string; dissolvedOn: string }) => `${p.chamber} was dissolved on ${p.dissolvedOn}; a term cannot run past it`,
      zh: (p) => `${p.chamber}已于 ${p.dissolvedOn} 撤销；届次不能延续到撤销之后`,
    },
    DUPLICATE_SINGLE_POSITION: {
      code: ErrorCode.Conflict,
      en: (p: { position: string }) => `A term has one ${p.position}; the list names two`,
      zh: (p) => `一届只能有一位${p.position}，名单中有两位`,
    },
    ELECTION_NEEDS_ACTIVE: {
      code: ErrorCode.Conflict,
      en: (p: { chamber: string; status: string }) => `${p.chamber} is ${p.status}; only an active chamber holds elections`,
      zh: (p) => `${p.chamber}当前状态为“${p.status}”；只有已成立的商会才能换届`,
    },
    ELECTION_BEFORE_FOUNDING: {
      code: ErrorCode.BadUserInput,
      en: (p: { chamber: string; foundedOn: string }) => `${p.chamber} was founded on ${p.foundedOn}; the election cannot be earlier`,
      zh: (p) => `${p.chamber}成立于 ${p.foundedOn}；换届日期不能早于成立日期`,
    },
    TERM_OVERLAP: {
      code: ErrorCode.BadUserInput,
      en: (p: { on: string; term: string }) => `A new term from ${p.on} would overlap ${p.term}`,
      zh: (p) => `从 ${p.on} 开始的新一届会与${p.term}重叠`,
    },
    TERMS_OVERLAP: {
      code: ErrorCode.BadUserInput,
      en: (p: { term?: string }) => (p.term ? `The dates overlap ${p.term}; terms of a chamber cannot overlap` : 'The dates overlap another term of the chamber'),
      zh: (p) => (p.term ? `日期与${p.term}重叠；同一商会的届次不能重叠` : '日期与该商会的另一届重叠；同一商会的届次不能重叠'),
    },
    TERM_NUMBER_INVALID: {
      code: ErrorCode.BadUserInput,
      en: 'A term number starts at 1',
      zh: '届次从 1 开始编号',
    },
    DATES_REVERSED: {
      code: ErrorCode.BadUserInput,
      en: 'The end must come after the start',
      zh: '结束日期必须晚于开始日期',
    },
    TERM_NUMBER_TAKEN: {
      code: ErrorCode.Conflict,
      en: (p: { number: number; chamber: string }) => `第${p.number}届 is already recorded for ${p.chamber}`,
      zh: (p) => `${p.chamber}已登记过第${p.number}届`,
    },
    TERM_CANNOT_END: {
      code: ErrorCode.BadUserInput,
      en: (p: { term: string; startsOn: string; on: string }) => `${p.term} began on ${p.startsOn}; it cannot end on ${p.on}`,
      zh: (p) => `${p.term}开始于 ${p.startsOn}，不能在 ${p.on} 结束`,
    },
    POSITION_OUTLASTS_TERM: {
      code: ErrorCode.BadUserInput,
      en: (p: { position: string; holder: string; term: string; on: string }) => `${p.position} ${p.holder} of ${p.term} has dates after ${p.on}; correct them first`,
      zh: (p) => `${p.term}的${p.position}${p.holder}有晚于 ${p.on} 的任职日期；请先更正`,
    },
    POSITION_TAKEN: {
      code: ErrorCode.Conflict,
      en: (p: { position: string; holder?: string }) =>
        p.holder ? `The term already has a ${p.position}: ${p.holder}; a term has one ${p.position}` : `The term already has a ${p.position}; a term has one ${p.position}`,
      zh: (p) => (p.holder ? `本届已有${p.position}：${p.holder}；一届只能有一位${p.position}` : `本届已有${p.position}；一届只能有一位${p.position}`),
    },
    UNKNOWN_MEMBER: {
      code: ErrorCode.BadUserInput,
      en: 'No such member in the information base',
      zh: '信息库中没有这位会员（或不在您的查看范围内）',
    },
    POST_ALREADY_HELD: {
      code: ErrorCode.Conflict,
      en: (p: { position: string }) => `The member already holds this post (${p.position}) in this term`,
      zh: (p) => `该会员在本届已担任此职务（${p.position}）`,
    },
    HOLDER_NAME_IS_MEMBERS: {
      code: ErrorCode.BadUserInput,
      en: (p: { member: string }) => `A holder linked to the information base goes by the member's name (${p.member}); correct the member, or unlink it`,
      zh: (p) => `关联到信息库的任职人以会员姓名为准（${p.member}）；请修改会员信息，或取消关联`,
    },
    HOLDER_STARTS_BEFORE_TERM: {
      code: ErrorCode.BadUserInput,
      en: (p: { date: string }) => `The term began on ${p.date}; a holder cannot start earlier`,
      zh: (p) => `该届开始于 ${p.date}；任职不能早于届次开始`,
    },
    HOLDER_STARTS_AFTER_TERM: {
      code: ErrorCode.BadUserInput,
      en: (p: { date: string }) => `The term ended on ${p.date}; a holder cannot start after`,
      zh: (p) => `该届已于 ${p.date} 结束；任职不能在届次结束后开始`,
    },
    HOLDER_END_BEFORE_START: {
      code: ErrorCode.BadUserInput,
      en: 'The end must come after the start',
      zh: '结束日期必须晚于开始日期',
    },
    HOLDER_LEAVES_BEFORE_TERM: {
      code: ErrorCode.BadUserInput,
      en: (p: { date: string }) => `The term began on ${p.date}; a holder cannot leave before`,
      zh: (p) => `该届开始于 ${p.date}；离任日期不能早于届次开始`,
    },
    HOLDER_STAYS_AFTER_TERM: {
      code: ErrorCode.BadUserInput,
      en: (p: { date: string }) => `The term ended on ${p.date}; a holder cannot stay later`,
      zh: (p) => `该届已于 ${p.date} 结束；任职不能延续到届次结束之后`,
    },

    // Guild halls (会馆)
    HALL_MILESTONE_REQUIRED: {
      code: ErrorCode.BadUserInput,
      en: (p: { status: string; milestone: string }) => `A hall with status ${p.status} needs the date of ${p.milestone}`,
      zh: (p) => `状态为“${p.status}”的会馆需要填写${p.milestone}日期`,
    },
    HALL_MILESTONE_NOT_REACHED: {
      code: ErrorCode.BadUserInput,
      en: (p: { status: string; milestone: string; field: string }) => `A hall with status ${p.status} has not reached ${p.milestone}; leave ${p.field} empty`,
      zh: (p) => `状态为“${p.status}”的会馆尚未到${p.milestone}阶段，${p.field} 应留空`,
    },
    HALL_DATES_OUT_OF_ORDER: {
      code: ErrorCode.BadUserInput,
      en: (p: { milestone: string; previous: string; date: string }) => `The date of ${p.milestone} cannot come before the date of ${p.previous} (${p.date})`,
      zh: (p) => `${p.milestone}日期不能早于${p.previous}日期（${p.date}）`,
    },
    HALL_EXISTS: {
      code: ErrorCode.Conflict,
      en: (p: { chamber: string; version: number }) => `${p.chamber} already has a guild hall (version ${p.version}); pass the version you read to change it`,
      zh: (p) => `${p.chamber}已有会馆记录（版本 ${p.version}）；修改时请传入您读取的版本号`,
    },
    HALL_STALE_VERSION: {
      code: ErrorCode.Conflict,
      en: (p: { chamber: string; current: number; read: number }) =>
        `The guild hall of ${p.chamber} was changed by someone else (version ${p.current}, you read ${p.read}); reload and try again`,
      zh: (p) => `${p.chamber}的会馆已被他人修改（当前版本 ${p.current}，您读取的是版本 ${p.read}），请刷新后重试`,
    },
    HALL_MISSING: {
      code: ErrorCode.BadUserInput,
      en: (p: { chamber: string }) => `${p.chamber} has no guild hall yet; omit the version to create it`,
      zh: (p) => `${p.chamber}还没有会馆记录；新建时请不要传入版本号`,
    },
  },
  { entities: ENTITIES },
);
