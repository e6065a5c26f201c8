/**
 * Surnames of Wenzhou merchants with rough relative frequencies (per mille of people). 陈 leads
 * by far in Wenzhou, followed by 林, 王, 黄, 张, 郑; local surnames such as 池, 麻, 缪, 厉, 项,
 * 留 are more common than nationally. The heteronym surnames 单 (shan), 曾 (zeng), 解 (xie),
 * 仇 (qiu) and 区 (ou) and a few compound surnames appear now and then, so name pinyin, sorting
 * and search meet them at scale.
 */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['陈', 105], ['林', 52], ['王', 46], ['黄', 44], ['张', 43], ['郑', 37], ['李', 34], ['周', 29],
  ['吴', 29], ['金', 27], ['叶', 24], ['潘', 21], ['徐', 21], ['胡', 19], ['朱', 17], ['杨', 15],
  ['谢', 14], ['刘', 14], ['蔡', 13], ['董', 10], ['章', 9], ['孙', 9], ['赵', 8], ['池', 8],
  ['项', 8], ['高', 8], ['余', 8], ['施', 8], ['戴', 7], ['方', 7], ['何', 7], ['钱', 6],
  ['陆', 6], ['苏', 6], ['卢', 6], ['郭', 6], ['应', 5], ['汤', 5], ['姜', 5], ['邱', 5],
  ['夏', 5], ['许', 5], ['麻', 4], ['薛', 4], ['缪', 4], ['程', 4], ['包', 4], ['季', 4],
  ['毛', 4], ['邵', 4], ['洪', 4], ['沈', 4], ['蒋', 4], ['虞', 3], ['柯', 3], ['温', 3],
  ['詹', 3], ['厉', 3], ['杜', 3], ['彭', 3], ['阮', 3], ['孔', 3], ['倪', 3], ['尤', 3],
  ['翁', 3], ['冯', 3], ['韩', 3], ['曹', 3], ['邓', 3], ['罗', 3], ['梁', 3], ['宋', 3],
  ['唐', 3], ['姚', 3], ['傅', 3], ['谷', 2], ['留', 2], ['萧', 2], ['梅', 2], ['白', 2],
  ['袁', 2], ['贾', 2], ['魏', 2], ['任', 2], ['钟', 2], ['廖', 2], ['陶', 2], ['雷', 2],
  ['鲍', 2], ['滕', 2], ['柳', 2], ['万', 2], ['管', 2], ['瞿', 1], ['蓝', 1],
  ['曾', 2], ['单', 1], ['解', 0.5], ['仇', 0.5], ['区', 0.3],
  ['欧阳', 0.5], ['司马', 0.3], ['诸葛', 0.2], ['上官', 0.2],
];

/**
 * Characters of given names. Two-character names take a first and a second character; older
 * generations lean on the "classic" pools (建国, 海燕), younger ones on the "modern" pools
 * (浩宇, 欣怡).
 */
export const GIVEN_NAME_CHARS = {
  male: {
    classic: {
      first: '建国志永海文伟德忠明小晓新宏立金光正世炳福庆春荣克昌胜学振家成洪良有乐瑞长',
      second: '国华平明强军东林波斌勇峰辉忠荣德福生武春祥光新良龙飞云亮敏钦清安正元中益坚锦南仁义昌盛兴发旺进振洲江河剑松锋洋鸿鹏',
    },
    modern: {
      first: '浩宇子俊天一思博晨泽嘉梓文志家佳明奕睿凯皓鑫逸雨宏煜振晓铭',
      second: '宇轩杰涛磊超鹏浩然辰哲睿泽凯博航豪翔瑞昊源旭阳帆霖琦楠鑫诚彬铭瀚',
    },
  },
  female: {
    classic: {
      first: '丽秀海玉美素彩月雪春小晓爱金桂凤巧亚微丹红慧',
      second: '娟芳燕霞红英萍玲琴敏静慧梅兰月艳华珍美琳凤芬莲娥翠妹云青',
    },
    modern: {
      first: '欣雨佳梦思可诗子雅婉梓语晓一静若嘉心依',
      second: '怡涵琪萱婷颖倩洁瑶琳悦妍蕾璐露雯菲晴彤薇茜瑜莹',
    },
  },
} as const;

/** Free tags a county office or chamber puts on members (at most 20 characters each). */
export const TAGS: readonly string[] = ['侨商', '返乡创业', '重点联系', '上市企业', '党员', '退伍军人', '青商', '乡贤', '慈善', '非公经济人士', '海归', '专精特新', '招商引资', '新乡贤'];
/** Only for women. */
export const FEMALE_TAG = '女企业家';

export const MOBILE_PREFIXES: readonly string[] = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '166', '173', '175', '176', '177', '178', '180', '181', '182', '183', '184', '185', '186', '187', '188', '189', '191', '198', '199',
];

export const EMAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['qq.com', 40], ['163.com', 25], ['126.com', 10], ['sina.com', 6], ['hotmail.com', 5], ['139.com', 4], ['gmail.com', 3], ['foxmail.com', 4], ['yahoo.com', 1],
];

export const ROADS: readonly string[] = [
  '人民路', '解放路', '中山路', '建设路', '长江路', '黄河路', '新华路', '学府路', '滨江大道', '世纪大道', '工业大道', '创业路', '科技路',
  '和平路', '环城路', '文化路', '朝阳路', '南京路', '东风路', '胜利路', '光明路', '友谊路', '延安路', '迎宾大道', '金融街', '商贸路',
  '永安路', '兴业路', '开发大道', '五一路', '车站路', '北京路', '湖滨路', '梅园路', '锦绣路', '振兴路', '春晖路', '江南大道',
];
