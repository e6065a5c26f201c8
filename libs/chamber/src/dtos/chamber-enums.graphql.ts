import { registerEnumType } from '@nestjs/graphql';
import { enumValues } from '@crm/shared';
import { ChamberEventType, ChamberKind, ChamberLevel, ChamberStatus, GuildHallStatus, PositionType } from '../entities/chamber.enums';

export const ChamberLevelGraphQL = enumValues(ChamberLevel);
export const ChamberKindGraphQL = enumValues(ChamberKind);
export const ChamberStatusGraphQL = enumValues(ChamberStatus);
export const ChamberEventTypeGraphQL = enumValues(ChamberEventType);
export const PositionTypeGraphQL = enumValues(PositionType);
export const GuildHallStatusGraphQL = enumValues(GuildHallStatus);

registerEnumType(ChamberLevelGraphQL, { name: 'ChamberLevel', description: '全国总会, 省级, 地市级, 县级.' });
registerEnumType(ChamberKindGraphQL, { name: 'ChamberKind', description: 'Regional (地域), industry branch (行业分会) or youth (青年).' });
registerEnumType(ChamberStatusGraphQL, { name: 'ChamberStatus', description: '筹建, 正常, 已合并, 已撤销.' });
registerEnumType(ChamberEventTypeGraphQL, { name: 'ChamberEventType', description: '成立, 转, 并入, 吸收, 联, 增挂牌子, 换届, 撤销.' });
registerEnumType(PositionTypeGraphQL, { name: 'PositionType', description: '名誉会长, 会长, 常务副会长, 副会长, 秘书长, 副秘书长, 监事长, 监事, 理事.' });
registerEnumType(GuildHallStatusGraphQL, { name: 'GuildHallStatus', description: '规划, 在建, 基本建成, 建成.' });
