import { registerEnumType } from '@nestjs/graphql';
import { enumValues } from '@crm/shared';
import { FeedbackCategory, FeedbackStatus, VisitDirection, VisitKind } from '../entities/visit.enums';

export const VisitKindGraphQL = enumValues(VisitKind);
export const VisitDirectionGraphQL = enumValues(VisitDirection);
export const FeedbackCategoryGraphQL = enumValues(FeedbackCategory);
export const FeedbackStatusGraphQL = enumValues(FeedbackStatus);

registerEnumType(VisitKindGraphQL, {
  name: 'VisitKind',
  description: '走商会送服务 (SERVICE), 慰问 (CONDOLENCE), 座谈会 (SEMINAR), 推介会 (PROMOTION), 回乡投资考察 (HOME_INSPECTION), 引荐考察 (INTRODUCED_DELEGATION).',
});
registerEnumType(VisitDirectionGraphQL, { name: 'VisitDirection', description: 'OUTBOUND: officials go to the chambers; INBOUND: merchants or delegations come to the home city.' });
registerEnumType(FeedbackCategoryGraphQL, { name: 'FeedbackCategory', description: '政策, 用地, 融资, 人才, 维权/纠纷 (RIGHTS), 服务, 其他.' });
registerEnumType(FeedbackStatusGraphQL, { name: 'FeedbackStatus', description: '待交办 OPEN → 已交办 ASSIGNED → 已答复 ANSWERED → 已办结 CLOSED (reopened to ASSIGNED or OPEN).' });
