import { ColumnCatalogue, ImportFileError } from '@crm/exchange';

// Header mapping as every kind gets it: the campaign assignment import (several required
// columns) and the party member import (synonyms, export-only columns) rely on these rules.

const catalogue = new ColumnCatalogue<'group' | 'name' | 'phone' | 'note'>(
  [
    { key: 'group', header: '小组', synonyms: ['慰问组', '分组'], required: true, help: '组名' },
    { key: 'name', header: '姓名', synonyms: ['走访对象'], required: true, help: '2–30 个字' },
    { key: 'phone', header: '手机号码', synonyms: ['联系电话'], text: true, help: '11 位' },
    { key: 'note', header: '备注', synonyms: [], help: '' },
  ],
  [{ key: 'id', header: '编号', synonyms: [], help: '导出时写入，导入时忽略' }],
);
const row = (cells: string[], rowNumber = 1) => ({ rowNumber, cells, formulaColumns: [] });

describe('ColumnCatalogue', () => {
  it('maps headers by name or synonym, ignoring spaces, full-width brackets and the required mark; export-only columns are recognised and not read', () => {
    const map = catalogue.mapHeader(row(['编号', ' 慰问 组* ', '走访对象', '（联系电话）', '微信', '']));
    expect(map?.columns).toEqual([
      { index: 0, header: '编号', key: 'id' },
      { index: 1, header: '慰问 组*', key: 'group' },
      { index: 2, header: '走访对象', key: 'name' },
      { index: 3, header: '（联系电话）', key: 'phone' },
    ]);
    expect([...(map?.byIndex ?? [])]).toEqual([
      [1, 'group'],
      [2, 'name'],
      [3, 'phone'],
    ]);
    expect(map?.headers).toEqual({ group: '慰问 组*', name: '走访对象', phone: '（联系电话）' });
    expect(map?.ignored).toEqual(['微信']);
  });

  it('takes a row naming none of the required columns for a title row (null), and fails a header that lacks one of them', () => {
    expect(catalogue.mapHeader(row(['2014 年温商之春慰问名单']))).toBeNull();
    expect(() => catalogue.mapHeader(row(['姓名', '手机号码'], 2))).toThrow(ImportFileError);
    expect(() => catalogue.mapHeader(row(['姓名', '手机号码'], 2))).toThrow(
      expect.objectContaining({ reason: 'MISSING_COLUMN', messageZh: '前 2 行中没有包含必填列“小组”的表头行；请使用模板中的列名' }),
    );
  });

  it('refuses the same column twice, naming both headers', () => {
    expect(() => catalogue.mapHeader(row(['小组', '姓名', '分组']))).toThrow(expect.objectContaining({ reason: 'DUPLICATE_COLUMN', messageZh: '“小组”和“分组”是同一列；请只保留一列' }));
  });

  it('names the required columns when no header row is found', () => {
    expect(catalogue.missingColumns(5)).toMatchObject({ reason: 'MISSING_COLUMN', messageZh: '前 5 行中没有包含必填列“小组, 姓名”的表头行；请使用模板中的列名' });
  });
});
