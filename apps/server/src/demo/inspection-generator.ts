/**
 * The generated side of 排查 for the demo district and the benchmark: which inspection
 * points (点位) a school of a given kind has, which built-in checklists each point uses, and
 * the answers of one self-check at a point. Pure functions of a seeded PRNG, so the demo and
 * the benchmark are the same every time for the same seed.
 */
import {
  addDays,
  itemApplies,
  tally,
  type AnswerInput,
  type Answer,
  type ChecklistItem,
  type Frequency,
  type PointType,
  type SchoolKind,
  type Tally,
} from '@xiaoan/domain';
import type { Rng } from './hazard-generator.js';

export type PlannedPoint = {
  readonly name: string;
  readonly pointType: PointType;
  readonly frequency: Frequency;
  readonly location: string;
  /** Codes of built-in checklists (BUILTIN_CHECKLISTS), in the order they are shown. */
  readonly checklistCodes: readonly string[];
};

/** A checklist version as the generator needs it. */
export type GenChecklist = { readonly code: string; readonly versionId: string; readonly items: readonly ChecklistItem[] };

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const between = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

const SECONDARY: readonly (SchoolKind | null)[] = ['middle', 'high', 'nine_year', 'vocational'];
const BOARDING: readonly (SchoolKind | null)[] = ['middle', 'high', 'vocational'];
const NUMERALS = ['一', '二', '三', '四', '五'];

export const MIN_POINTS = 10;
export const MAX_POINTS = 20;

/**
 * The points of one school, by its kind: the essentials first (gates, teaching blocks,
 * canteen, dormitories for boarding schools, labs for secondary schools), then the
 * facilities checked weekly and monthly. Always 10–20 points, names unique in the school.
 */
export function planSchoolPoints(rng: Rng, kind: SchoolKind | null): PlannedPoint[] {
  const k = kind ?? 'primary';
  const kg = k === 'kindergarten' || k === 'training';
  const out: PlannedPoint[] = [];
  const add = (name: string, pointType: PointType, frequency: Frequency, location: string, checklistCodes: string[]) => {
    if (!out.some((p) => p.name === name)) out.push({ name, pointType, frequency, location, checklistCodes });
  };

  // 校门: the main gate daily; most schools a second one.
  const gates = ['东校门', '南校门', '北校门', '西校门'];
  const main = pick(rng, gates);
  add(main, 'gate', 'daily', `${main}及门卫室`, ['security-perimeter', 'fire-daily']);
  if (!kg && rng() < 0.6) {
    const second = pick(rng, gates.filter((g) => g !== main));
    add(second, 'gate', 'daily', `${second}（上下学时段开放）`, ['security-perimeter']);
  }
  // 食堂 daily.
  add(kg ? '幼儿园食堂' : '第一食堂', 'canteen', 'daily', kg ? '后勤楼一楼' : '生活区', ['canteen-food']);
  if ((k === 'high' || k === 'vocational') && rng() < 0.5) add('第二食堂', 'canteen', 'daily', '生活区北侧', ['canteen-food']);
  // 教学楼 daily.
  const blocks = kg ? between(rng, 1, 2) : k === 'primary' ? between(rng, 2, 3) : k === 'nine_year' ? between(rng, 3, 4) : between(rng, 2, 4);
  for (let i = 1; i <= blocks; i++) add(kg ? `${i}号幼儿活动楼` : `${i}号教学楼`, 'teaching_block', 'daily', `教学区${i}号楼`, ['fire-daily', 'buildings-facilities']);
  // 宿舍 daily, for schools likely to board.
  if (BOARDING.includes(k) || (k === 'nine_year' && rng() < 0.3)) {
    add('男生宿舍楼', 'dormitory', 'daily', '生活区', ['fire-daily', 'ebike-parking']);
    add('女生宿舍楼', 'dormitory', 'daily', '生活区', ['fire-daily', 'ebike-parking']);
  }
  // 校车 daily, for some kindergartens and primary schools.
  if ((k === 'kindergarten' || k === 'primary' || k === 'nine_year') && rng() < 0.3) {
    add(`${pick(rng, ['1', '2'])}号校车`, 'school_bus', 'daily', '校车停车场', ['school-bus']);
  }
  // 实验室 and 危化品仓库 weekly.
  if (SECONDARY.includes(k)) {
    const labs = k === 'vocational' ? ['化学实验室', '电工实训室'] : ['物理实验室', '化学实验室', '生物实验室'];
    for (const l of labs) add(l, 'lab', 'weekly', '实验楼', ['lab-chemicals', 'fire-daily']);
    add('危化品仓库', 'chemical_store', 'weekly', '实验楼一楼北侧', ['lab-chemicals', 'fire-daily']);
  } else if (k === 'primary' || k === 'special') {
    add('科学实验室', 'lab', 'weekly', '综合楼二楼', ['lab-chemicals']);
  }
  // 实习 monthly, vocational.
  if (k === 'vocational') {
    add('校外实习基地', 'internship_site', 'monthly', '合作企业', ['internship-vocational']);
    add('实训车间', 'internship_site', 'weekly', '实训楼', ['internship-vocational', 'fire-daily']);
  }
  // Weekly and monthly facilities.
  add('校园围墙及周边', 'perimeter', 'weekly', '校园四周', ['security-perimeter', 'buildings-facilities']);
  add(kg ? '户外活动场地' : '田径运动场', 'sports_ground', 'weekly', kg ? '园区中部' : '运动区', ['buildings-facilities']);
  add('教职工电动车棚', 'ebike_shed', 'weekly', pick(rng, ['校门内东侧', '行政楼北侧', '后勤楼旁']), ['ebike-parking']);
  add('配电房', 'distribution_room', 'monthly', '后勤楼一楼', ['buildings-facilities', 'fire-daily']);
  if (rng() < 0.85) add('燃气间', 'gas_room', 'monthly', '食堂东侧', ['gas-monthly']);
  if (!kg) {
    add('心理辅导室', 'counseling_room', 'monthly', '综合楼三楼', ['mental-health']);
    add('图书馆', 'library', 'weekly', '综合楼', ['fire-daily', 'buildings-facilities']);
  } else {
    add('绘本阅览室', 'library', 'weekly', '1号幼儿活动楼二楼', ['fire-daily']);
  }
  add('物资仓库', 'warehouse', 'monthly', '后勤楼', ['fire-daily']);
  // Top up to the minimum with further teaching blocks; cut at the maximum (essentials come first).
  for (let i = blocks + 1; out.length < MIN_POINTS; i++) {
    add(kg ? `${i}号幼儿活动楼` : `${NUMERALS[(i - 1) % NUMERALS.length]}号综合楼`, 'teaching_block', 'daily', `教学区${i}号楼`, ['fire-daily', 'buildings-facilities']);
  }
  return out.slice(0, MAX_POINTS);
}

/** The checklists of a point that have at least one item applicable there. */
export function applicableChecklists(point: Pick<PlannedPoint, 'pointType' | 'checklistCodes'>, kind: SchoolKind | null, byCode: ReadonlyMap<string, GenChecklist>): GenChecklist[] {
  const out: GenChecklist[] = [];
  for (const code of point.checklistCodes) {
    const c = byCode.get(code);
    if (c && c.items.some((i) => itemApplies(i, kind, point.pointType))) out.push(c);
  }
  return out;
}

/** What a safety officer writes when an item fails, by item prefix; the item's text leads. */
const FAIL_NOTES: Record<string, readonly string[]> = {
  FIRE: ['灭火器压力表指针在红区，已报后勤更换', '二楼东侧疏散通道堆放课桌椅，已当场清理', '应急照明灯测试不亮，已报修', '防火门被楔开，已关闭并提醒班主任', '走廊插座串接使用，已拆除'],
  SEC: ['上学时段护学岗一人未到岗，已电话督促', '来访登记本当日有两条未登记证件号，已补登', '一键报警测试未接通，已联系运维', '防冲撞升降柱升起迟缓，已报修', '围墙西北角护栏松动，已设警示'],
  FOOD: ['留样柜中午餐留样不足125克，已补留', '一名帮厨健康证过期，已暂停上岗', '生熟砧板混放，已分开并培训', '当日陪餐记录未填写，已补记', '食材进货查验记录缺供应商证明，已索要'],
  LAB: ['危化品领用登记缺使用人签字，已补签', '废液桶未贴标签，已标注并分类存放', '通风橱风机异响，已报修', '实验室洗眼器无水，已报修'],
  BLD: ['楼梯扶手一处松动，已报修并设警示', '三楼走廊栏杆底部有可攀爬横档，已列入整改', '配电房挡鼠板缺失，已补装', '篮球架配重块缺失一块，已暂停使用', '排水沟被落叶堵塞，已清理'],
  GAS: ['燃气报警器未通电，已恢复并测试', '软管接口老化，已联系燃气公司更换', '燃气间堆放纸箱，已清理'],
  EBK: ['发现一辆电动车在楼道充电，已劝离并登记', '车棚灭火器压力不足，已更换', '充电线路一处外皮破损，已断电报修'],
  BUS: ['随车照管员未清点人数签字，已提醒', '校车灭火器过期，已更换', '一名学生未系安全带，已纠正并教育'],
  INT: ['实习协议一份缺学生家长签字，已补签', '实训设备防护罩未安装，已停用整改'],
  PSY: ['心理辅导记录未按时归档，已督促', '心理辅导室本周未按公布时间开放，已调整值班'],
  EDU: ['本周安全教育课未留记录，已补记'],
};
const GENERIC_NOTES = ['已当场整改', '已报告分管校长，限期整改', '已拍照留存，待维修', '已通知后勤处理'];

/** A realistic note for a failed item. */
export function failNote(rng: Rng, item: ChecklistItem): string {
  const notes = FAIL_NOTES[item.code.split('-')[0]!];
  return notes && rng() < 0.8 ? `${item.text}：${pick(rng, notes)}` : `${item.text}不符合要求，${pick(rng, GENERIC_NOTES)}`;
}

export type GeneratedCheck = { answers: AnswerInput[]; tally: Tally };

/**
 * One self-check: every applicable item of the point's checklists answered once — a fail
 * (with its note) with probability `failRate`, n/a rarely, else a pass.
 */
export function generateAnswers(rng: Rng, checklists: readonly GenChecklist[], kind: SchoolKind | null, pointType: PointType, failRate: number): GeneratedCheck {
  const answers: AnswerInput[] = [];
  for (const c of checklists) {
    for (const item of c.items) {
      if (!itemApplies(item, kind, pointType)) continue;
      const x = rng();
      const answer: Answer = x < failRate ? 'fail' : x < failRate + 0.008 ? 'na' : 'pass';
      answers.push(answer === 'fail' ? { checklistVersionId: c.versionId, itemCode: item.code, answer, note: failNote(rng, item) } : { checklistVersionId: c.versionId, itemCode: item.code, answer });
    }
  }
  const versions = checklists.map((c) => ({ checklistVersionId: c.versionId, items: c.items }));
  return { answers, tally: tally(versions, answers) };
}

/** A time of day (Asia/Shanghai) at which a school's check is signed off, as an instant. */
export function checkTime(rng: Rng, date: string, frequency: Frequency): Date {
  // Daily checks in the morning before classes or at noon; others in the afternoon.
  const minutes = frequency === 'daily' ? (rng() < 0.7 ? between(rng, 7 * 60 + 10, 8 * 60 + 30) : between(rng, 11 * 60 + 40, 13 * 60)) : between(rng, 14 * 60, 17 * 60 + 30);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return new Date(`${date}T${hh}:${mm}:${String(between(rng, 0, 59)).padStart(2, '0')}+08:00`);
}

/** The days from `from` to `to` inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
