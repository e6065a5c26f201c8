import { registerEnumType } from '@nestjs/graphql';
import { enumValues } from '@crm/shared';
import { HonorAwardStatus, HonorBenefitKind, HonorBenefitStatus, HonorLevel, HonorNominationStatus, HonorRoundStatus, HonorSubjectKind } from '../entities/honor.enums';

export const HonorSubjectKindGraphQL = enumValues(HonorSubjectKind);
export const HonorLevelGraphQL = enumValues(HonorLevel);
export const HonorBenefitKindGraphQL = enumValues(HonorBenefitKind);
export const HonorRoundStatusGraphQL = enumValues(HonorRoundStatus);
export const HonorNominationStatusGraphQL = enumValues(HonorNominationStatus);
export const HonorAwardStatusGraphQL = enumValues(HonorAwardStatus);
export const HonorBenefitStatusGraphQL = enumValues(HonorBenefitStatus);

registerEnumType(HonorSubjectKindGraphQL, { name: 'HonorSubjectKind', description: '会员, 商会, 企业.' });
registerEnumType(HonorLevelGraphQL, { name: 'HonorLevel', description: 'Level of the awarding body: 国家级, 省级, 市级, 县级.' });
registerEnumType(HonorBenefitKindGraphQL, { name: 'HonorBenefitKind', description: '政治待遇, 经济实惠, 社会待遇.' });
registerEnumType(HonorRoundStatusGraphQL, { name: 'HonorRoundStatus', description: '推荐中 → 公示中 → 已确认.' });
registerEnumType(HonorNominationStatusGraphQL, { name: 'HonorNominationStatus', description: '已推荐, 已入围, 已通过, 未通过, 已撤回, 已授予.' });
registerEnumType(HonorAwardStatusGraphQL, { name: 'HonorAwardStatus', description: '有效, 已撤销 (history kept).' });
registerEnumType(HonorBenefitStatusGraphQL, { name: 'HonorBenefitStatus', description: '待落实, 已落实, 本人谢绝, 已失效 (award revoked).' });
