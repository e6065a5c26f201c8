import { registerEnumType } from '@nestjs/graphql';
import { enumValues } from '@crm/shared';
import {
  EnterpriseRole,
  EnterpriseSize,
  Gender,
  MemberDesignation,
  MemberQualityItem,
  MemberSource,
  MemberStatus,
  PoliticalLevel,
  PoliticalRoleKind,
} from '../entities/member.enums';

export const GenderGraphQL = enumValues(Gender);
export const MemberStatusGraphQL = enumValues(MemberStatus);
export const MemberDesignationGraphQL = enumValues(MemberDesignation);
export const MemberSourceGraphQL = enumValues(MemberSource);
export const PoliticalRoleKindGraphQL = enumValues(PoliticalRoleKind);
export const PoliticalLevelGraphQL = enumValues(PoliticalLevel);
export const EnterpriseRoleGraphQL = enumValues(EnterpriseRole);
export const EnterpriseSizeGraphQL = enumValues(EnterpriseSize);
export const MemberQualityItemGraphQL = enumValues(MemberQualityItem);

export enum MemberSort {
  Name = 'NAME',
  RegisteredAt = 'REGISTERED_AT',
  Completeness = 'COMPLETENESS',
}
export const MemberSortGraphQL = enumValues(MemberSort);

registerEnumType(GenderGraphQL, { name: 'Gender', description: '男, 女.' });
registerEnumType(MemberStatusGraphQL, { name: 'MemberStatus', description: '正常, 不再联系, 已故, 已合并 (a duplicate merged into another member).' });
registerEnumType(MemberDesignationGraphQL, { name: 'MemberDesignation', description: '新生代, 领头雁.' });
registerEnumType(MemberSourceGraphQL, { name: 'MemberSource', description: 'Where a record came from: 手工录入, 表格导入, 县市区报送, 商会报送, 系统对接.' });
registerEnumType(PoliticalRoleKindGraphQL, { name: 'PoliticalRoleKind', description: '人大代表, 政协委员.' });
registerEnumType(PoliticalLevelGraphQL, { name: 'PoliticalLevel', description: '全国, 省, 市, 县 (区).' });
registerEnumType(EnterpriseRoleGraphQL, { name: 'EnterpriseRole', description: '法定代表人, 董事长, 总经理, 股东.' });
registerEnumType(EnterpriseSizeGraphQL, { name: 'EnterpriseSize', description: '大型, 中型, 小型, 微型.' });
registerEnumType(MemberQualityItemGraphQL, { name: 'MemberQualityItem', description: 'An item of the completeness score, each worth 10 points.' });
registerEnumType(MemberSortGraphQL, {
  name: 'MemberSort',
  description: 'NAME: pinyin order. REGISTERED_AT: newest first. COMPLETENESS: least complete first.',
});
