import { RegionLevel } from '../entities/region.entity';
import { toInitials, toPinyin } from '../utils/pinyin';
import { readRegionsFromPackage } from '../utils/region-source';

describe('regions from the GB/T 2260 package', () => {
  const { rows } = readRegionsFromPackage();
  const byCode = new Map(rows.map((r) => [r.code, r]));

  it('has the provinces, prefectures and counties, without placeholders', () => {
    expect(rows.filter((r) => r.level === RegionLevel.Province)).toHaveLength(34);
    expect(rows.filter((r) => r.level === RegionLevel.Prefecture).length).toBeGreaterThan(330);
    expect(rows.filter((r) => r.level === RegionLevel.County).length).toBeGreaterThan(2800);
    expect(rows.some((r) => r.name === '市辖区' || r.name === '县')).toBe(false);
  });

  it('links Wenzhou and its counties', () => {
    expect(byCode.get('330300')).toMatchObject({ name: '温州市', level: 'PREFECTURE', parentCode: '330000', provinceCode: '33' });
    expect(byCode.get('330381')).toMatchObject({ name: '瑞安市', level: 'COUNTY', parentCode: '330300', namePinyin: 'ruianshi', nameInitials: 'ras' });
    const wenzhouCounties = rows.filter((r) => r.parentCode === '330300').map((r) => r.name);
    expect(wenzhouCounties).toEqual(expect.arrayContaining(['鹿城区', '龙湾区', '瓯海区', '洞头区', '永嘉县', '平阳县', '苍南县', '文成县', '泰顺县', '瑞安市', '乐清市', '龙港市']));
  });

  it('leaves out functional zones that are not GB/T 2260 divisions', () => {
    expect(byCode.has('330371')).toBe(false); // 温州经济技术开发区
    expect(rows.some((r) => /开发区|保税区/.test(r.name))).toBe(false);
    expect(byCode.get('310115')).toMatchObject({ name: '浦东新区', level: 'COUNTY' });
  });

  it('hangs municipal districts under their municipality', () => {
    expect(byCode.get('110105')).toMatchObject({ name: '朝阳区', level: 'COUNTY', parentCode: '110000' });
  });

  it('every parent exists', () => {
    expect(rows.filter((r) => r.parentCode && !byCode.has(r.parentCode))).toEqual([]);
  });

  it('reads pinyin of place names', () => {
    expect(toPinyin('重庆市')).toBe('chongqingshi');
    expect(toInitials('上海市温州商会')).toBe('shswzsh');
  });
});
