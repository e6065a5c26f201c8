import { registerEnumType } from '@nestjs/graphql';
import { enumValues } from '@crm/shared';
import {
  PartyAttendance,
  PartyCommitteeStatus,
  PartyEvaluationGrade,
  PartyLeaderRole,
  PartyManagerKind,
  PartyMeetingKind,
  PartyMeetingMode,
  PartyMeetingStatus,
  PartyMemberStanding,
  PartyMemberStatus,
  PartyOrgKind,
  PartyOrgStatus,
  PartyTransferDirection,
} from '../entities/party.enums';

export const PartyCommitteeStatusGraphQL = enumValues(PartyCommitteeStatus);
export const PartyLeaderRoleGraphQL = enumValues(PartyLeaderRole);
export const PartyOrgKindGraphQL = enumValues(PartyOrgKind);
export const PartyOrgStatusGraphQL = enumValues(PartyOrgStatus);
export const PartyManagerKindGraphQL = enumValues(PartyManagerKind);
export const PartyMemberStandingGraphQL = enumValues(PartyMemberStanding);
export const PartyMemberStatusGraphQL = enumValues(PartyMemberStatus);
export const PartyTransferDirectionGraphQL = enumValues(PartyTransferDirection);
export const PartyMeetingKindGraphQL = enumValues(PartyMeetingKind);
export const PartyMeetingModeGraphQL = enumValues(PartyMeetingMode);
export const PartyMeetingStatusGraphQL = enumValues(PartyMeetingStatus);
export const PartyAttendanceGraphQL = enumValues(PartyAttendance);
export const PartyEvaluationGradeGraphQL = enumValues(PartyEvaluationGrade);

registerEnumType(PartyCommitteeStatusGraphQL, { name: 'PartyCommitteeStatus', description: '运行中, 已撤销.' });
registerEnumType(PartyLeaderRoleGraphQL, { name: 'PartyLeaderRole', description: '书记, 副书记, 委员.' });
registerEnumType(PartyOrgKindGraphQL, { name: 'PartyOrgKind', description: '党委, 党总支, 党支部, 联合党支部, 拓展型党支部.' });
registerEnumType(PartyOrgStatusGraphQL, { name: 'PartyOrgStatus', description: '正常, 已撤销, 已合并.' });
registerEnumType(PartyManagerKindGraphQL, { name: 'PartyManagerKind', description: '多方管理: 依托商会, 所在地党委, 户籍地组织部, 党工委, 其他.' });
registerEnumType(PartyMemberStandingGraphQL, { name: 'PartyMemberStanding', description: '预备党员, 正式党员.' });
registerEnumType(PartyMemberStatusGraphQL, { name: 'PartyMemberStatus', description: '正常, 已转出, 已故, 已除名.' });
registerEnumType(PartyTransferDirectionGraphQL, { name: 'PartyTransferDirection', description: '转入, 转出.' });
registerEnumType(PartyMeetingKindGraphQL, { name: 'PartyMeetingKind', description: '支部党员大会, 支委会, 党小组会, 党课, 主题党日, 组织生活会, 民主评议.' });
registerEnumType(PartyMeetingModeGraphQL, { name: 'PartyMeetingMode', description: '线下, 线上.' });
registerEnumType(PartyMeetingStatusGraphQL, { name: 'PartyMeetingStatus', description: '计划, 已召开.' });
registerEnumType(PartyAttendanceGraphQL, { name: 'PartyAttendance', description: '出席, 请假, 缺席.' });
registerEnumType(PartyEvaluationGradeGraphQL, { name: 'PartyEvaluationGrade', description: '优秀, 合格, 基本合格, 不合格.' });
