import { toNameInitials, toNamePinyin } from '@crm/member';
import { OfficialEntity, OfficialLevel } from '@crm/official';
import { TestApp } from './test-app';

export interface OfficialOverrides {
  id?: string;
  name?: string;
  title?: string;
  unit?: string;
  level?: OfficialLevel;
  countyCode?: string | null;
  phone?: string | null;
  active?: boolean;
}

let sequence = 0;
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨帆', '赵磊', '黄敏'];

/** Inserts an official straight into the test database (test setup, no audit event). */
export async function createOfficial(t: TestApp, overrides: OfficialOverrides = {}): Promise<OfficialEntity> {
  sequence += 1;
  const level = overrides.level ?? (overrides.countyCode ? OfficialLevel.County : OfficialLevel.City);
  const name = overrides.name ?? `${NAMES[sequence % NAMES.length]}${sequence}`;
  const repo = t.dataSource.getRepository(OfficialEntity);
  const result = await repo.insert({
    ...(overrides.id ? { id: overrides.id } : {}),
    name,
    namePinyin: toNamePinyin(name),
    nameInitials: toNameInitials(name),
    title: overrides.title ?? '副县长',
    unit: overrides.unit ?? (level === OfficialLevel.City ? '温州市人民政府' : '县人民政府'),
    level,
    countyCode: level === OfficialLevel.County ? (overrides.countyCode ?? '330381') : null,
    phone: overrides.phone !== undefined ? overrides.phone : '13805770000',
    active: overrides.active ?? true,
  });
  return repo.findOneByOrFail({ id: (result.identifiers[0] as { id: string }).id });
}
