// Realistic Chinese names made from parts: cities, districts, towns and streets,
// schools of every kind, people. Deterministic for a given random source.
import type { SchoolKind } from '@xiaoan/domain';

export type Rng = () => number;

export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
export const between = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

const CITIES = ['南京', '无锡', '徐州', '常州', '苏州', '南通', '连云港', '淮安', '盐城', '扬州', '镇江', '泰州', '宿迁'];
const DISTRICT_A = [...'天钟新武金溧江宜梁滨锡惠吴相姑昆太常张海启如崇通泰兴靖高宝仪丹句东西南北建秦栖雨浦六溧铜贾沛睢邳丰云灌赣涟洪盱金射阜响亭大'];
const DISTRICT_B = [...'宁楼北进坛阳阴兴溪湖山中城苏仓熟门东皋川州江安平丰华和德林河台泉湖都水化容应淮鼓霞花口合港州海'];

const TOWNS = [
  '茶山', '红梅', '青龙', '雕庄', '兰陵', '郑陆', '湖塘', '牛塘', '西林', '奔牛', '邹区', '罗溪', '春江', '孟河', '新桥', '薛家',
  '河海', '三井', '丁堰', '横林', '遥观', '洛阳', '潞城', '永红', '五星', '南大街', '北港', '清潭', '花园', '天宁', '钟楼', '龙城',
  '朝阳', '金坛', '尧塘', '直溪', '薛埠', '指前', '儒林', '朱林', '上黄', '戴埠', '社渚', '竹箦', '别桥', '上兴', '南渡', '埭头',
  '东坡', '觅渡', '勤业', '怀德', '荆川', '博爱', '紫云', '翠竹', '虹景', '丽华', '北环', '凤凰', '采菱', '华润', '香溢', '天元',
];
const AREA_SUFFIX = ['街道', '镇', '片区', '学区'];

const SCHOOL_WORDS = [
  '实验', '中心', '第一', '第二', '第三', '第四', '第五', '新城', '东坡', '华润', '丽华', '青龙', '虹景', '北环', '红梅', '翠竹',
  '紫云', '清潭', '怀德', '觅渡', '局前街', '博爱', '正衡', '朝阳', '花园', '解放路', '勤业', '荆川', '市北', '雕庄', '郑陆', '兰陵',
  '明德', '育英', '启明', '阳光', '星辰', '彩虹', '蓝天', '春晖', '行知', '培英', '新桥', '滨江', '湖滨', '西郊', '东郊', '南苑',
  '北苑', '龙湖', '金色', '绿城', '书香', '经开区', '高新区', '科教城', '外国语', '师范附属', '翰林', '御城', '中天', '新北',
];

/** The mix of school kinds in a district, by share of schools. */
export const KIND_MIX: readonly [SchoolKind, number][] = [
  ['kindergarten', 0.38],
  ['primary', 0.32],
  ['middle', 0.14],
  ['high', 0.05],
  ['nine_year', 0.05],
  ['vocational', 0.03],
  ['special', 0.01],
  ['training', 0.02],
];

const KIND_SUFFIX: Record<SchoolKind, readonly string[]> = {
  kindergarten: ['幼儿园', '幼儿园', '中心幼儿园', '实验幼儿园'],
  primary: ['小学', '小学', '中心小学', '实验小学'],
  middle: ['中学', '初级中学', '实验中学'],
  high: ['高级中学', '高级中学', '高中'],
  nine_year: ['实验学校', '学校', '九年一贯制学校'],
  vocational: ['职业技术学校', '职业学校', '职业教育中心'],
  special: ['特殊教育学校', '培智学校'],
  training: ['培训中心', '艺术培训中心', '科技培训中心'],
};

/** Typical enrolment by kind, drawn uniformly between the bounds. */
export const ENROLMENT: Record<SchoolKind, readonly [number, number]> = {
  kindergarten: [120, 600],
  primary: [500, 3200],
  middle: [600, 2600],
  high: [900, 3600],
  nine_year: [800, 3000],
  vocational: [800, 4000],
  special: [60, 300],
  training: [50, 400],
};

export function pickKind(rng: Rng): SchoolKind {
  let r = rng();
  for (const [k, w] of KIND_MIX) {
    if ((r -= w) < 0) return k;
  }
  return 'primary';
}

/** `count` distinct district names, e.g. 常州市天宁区. */
export function districtNames(rng: Rng, count: number): string[] {
  const out = new Set<string>();
  while (out.size < count) {
    const a = pick(rng, DISTRICT_A);
    const b = pick(rng, DISTRICT_B);
    if (a === b) continue;
    out.add(`${pick(rng, CITIES)}市${a}${b}${rng() < 0.7 ? '区' : '县'}`);
  }
  return [...out];
}

/** `count` distinct area names inside one district (茶山街道, 郑陆镇 …). */
export function areaNames(rng: Rng, count: number): string[] {
  const out = new Set<string>();
  while (out.size < count) out.add(`${pick(rng, TOWNS)}${pick(rng, AREA_SUFFIX)}`);
  return [...out];
}

/** A school name of the given kind, unique in `taken` (the district's names). */
export function schoolName(rng: Rng, kind: SchoolKind, area: string, taken: Set<string>): string {
  const town = area.replace(/街道|镇|片区|学区$/, '');
  for (let attempt = 0; ; attempt++) {
    const head = rng() < 0.4 ? town : pick(rng, SCHOOL_WORDS);
    const mid = rng() < 0.35 ? pick(rng, SCHOOL_WORDS) : '';
    const suffix = pick(rng, KIND_SUFFIX[kind]);
    let name = `${head}${mid === head || suffix.startsWith(mid) ? '' : mid}${suffix.startsWith(head) ? suffix.slice(head.length) : suffix}`;
    if (attempt > 6) name = `${town}第${attempt}${pick(rng, KIND_SUFFIX[kind])}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉力兰玉萍红鹏宇浩凯晨欣怡婷雪琳颖俊峰波斌海燕晓东志国庆春梅佳嘉慧宁'];

export function personName(rng: Rng): string {
  const given = pick(rng, GIVEN) + (rng() < 0.65 ? pick(rng, GIVEN) : '');
  return pick(rng, SURNAMES) + given;
}

export function phone(rng: Rng): string {
  return `1${pick(rng, ['3', '5', '7', '8', '9'])}${String(Math.floor(rng() * 1e9)).padStart(9, '0')}`;
}

export const STAFF_TITLES = ['安全稳定科科长', '安全稳定科科员', '教育科科长', '发展规划与财务科（基建科）科长', '督导室主任', '学前教育管理中心主任'];
export const TEAM_NAMES = ['第一督查小组', '第二督查小组', '第三督查小组', '第四督查小组', '第五督查小组', '第六督查小组'];
