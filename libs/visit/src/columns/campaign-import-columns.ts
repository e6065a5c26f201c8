import { ColumnCatalogue } from '@crm/exchange';

export type CampaignColumnKey = 'group' | 'kind' | 'name' | 'idNumber' | 'phone' | 'chamber' | 'note';

/**
 * The columns of a campaign list (活动走访名单): one row per person or chamber a group visits.
 * The same catalogue makes the template and reads the upload.
 */
export const CAMPAIGN_CATALOGUE = new ColumnCatalogue<CampaignColumnKey>([
  { key: 'group', header: '组别', synonyms: ['小组', '慰问组', '分组', '组名'], required: true, help: '本活动中已建的小组名称，如“第12慰问组”' },
  { key: 'kind', header: '对象类型', synonyms: ['类型', '走访对象类型'], required: true, help: '会员、商会或亲属（亲属及其他不在信息库中的人员按姓名登记）' },
  { key: 'name', header: '姓名', synonyms: ['会员姓名', '对象姓名'], help: '会员或亲属的姓名；商会可不填' },
  { key: 'idNumber', header: '身份证号', synonyms: ['身份证号码', '证件号码'], text: true, help: '会员：身份证号，或不填而填姓名和手机' },
  { key: 'phone', header: '手机', synonyms: ['手机号码', '联系电话'], text: true, help: '会员：与姓名一起用于查找会员' },
  { key: 'chamber', header: '商会', synonyms: ['商会名称'], help: '对象类型为商会时必填：商会全称' },
  { key: 'note', header: '备注', synonyms: ['说明'], help: '如“功勋人物家属”，最多 200 字' },
]);
