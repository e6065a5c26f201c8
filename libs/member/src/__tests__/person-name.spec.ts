import { normalizePersonName } from '../utils/person-name';

describe('normalizePersonName: one form for every path that stores or matches a name', () => {
  it.each([
    ['张 三', '张三'],
    ['  张\u3000三 ', '张三'],
    ['王\u200b建军', '王建军'],
    ['\u200b\u200b', ''],
    ['Wang   Jianguo', 'Wang Jianguo'],
    ['Ｗａｎｇ　Ｊｉａｎｇｕｏ', 'Wang Jianguo'],
    ['车 子丑', '车子丑'],
    ['阿卜杜 Ali', '阿卜杜 Ali'],
  ])('%j → %j', (raw, stored) => {
    expect(normalizePersonName(raw)).toBe(stored);
  });
});
