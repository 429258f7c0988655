/**
 * 内置检查表库（BUILTIN_CHECKLISTS）。
 *
 * 内容取自各地教育局校园安全专项整治（整顿）方案中列明的重点领域和检查要点，
 * 并对照相关法律法规、标准写明“合格标准”和“依据”，供学校安全员在手机上逐项检查。
 * 条目编号（code）在所属检查表内保持稳定，修订时只可新增、不可改号复用。
 */
import type { SchoolKind } from '../unit.js';
import type { BuiltinChecklist, ChecklistItem, PointType } from './inspection.types.js';

type ItemOptions = {
  readonly schoolKinds?: readonly SchoolKind[];
  readonly pointTypes?: readonly PointType[];
  readonly weight?: number;
};

function item(code: string, text: string, standard: string, basis: string, options: ItemOptions = {}): ChecklistItem {
  return {
    code,
    text,
    standard,
    basis,
    schoolKinds: options.schoolKinds ?? [],
    pointTypes: options.pointTypes ?? [],
    weight: options.weight ?? 1,
  };
}

// 依据（常用法规、文件名称）
const FIRE_LAW = '《中华人民共和国消防法》';
const FIRE_RULES = '《机关、团体、企业、事业单位消防安全管理规定》（公安部令第61号）';
const HIGH_RISE_RULES = '《高层民用建筑消防安全管理规定》（应急管理部令第5号）';
const SCHOOL_SAFETY = '《中小学幼儿园安全管理办法》';
const POST_GUIDE = '《中小学校岗位安全工作指南》';
const SECURITY_NORM = '《中小学幼儿园安全防范工作规范（试行）》';
const TECH_PREVENTION = '《中小学、幼儿园安全技术防范系统要求》（GB/T 29315）';
const FOOD_RULES = '《学校食品安全与营养健康管理规定》';
const FOOD_LAW = '《中华人民共和国食品安全法》';
const CATERING_CODE = '《餐饮服务食品安全操作规范》';
const BUS_RULES = '《校车安全管理条例》';
const CHEM_RULES = '《危险化学品安全管理条例》';
const GAS_RULES = '《城镇燃气管理条例》';
const INTERNSHIP_RULES = '《职业学校学生实习管理规定》';
const TRAFFIC_RULES = '《中华人民共和国道路交通安全法实施条例》';
const EBIKE_NOTICE = '《公安部关于规范电动车停放充电加强火灾防范的通告》';
const PSY_NOTICE = '《教育部办公厅关于加强学生心理健康管理工作的通知》';
const PSY_PLAN = '《全面加强和改进新时代学生心理健康工作专项行动计划（2023—2025年）》';
const SCHOOL_PROTECTION = '《未成年人学校保护规定》';
const LOCAL_PLAN = '本地校园安全专项整治方案';

// 适用学校类别
const WITH_LABS: readonly SchoolKind[] = ['primary', 'middle', 'high', 'nine_year', 'vocational', 'special'];
const SECONDARY: readonly SchoolKind[] = ['middle', 'high', 'nine_year', 'vocational'];
const PUPILS: readonly SchoolKind[] = ['primary', 'middle', 'high', 'nine_year', 'vocational', 'special'];
const NO_TUCK_SHOP: readonly SchoolKind[] = ['kindergarten', 'primary', 'middle', 'high', 'nine_year', 'special'];
const VOCATIONAL: readonly SchoolKind[] = ['vocational'];

// 常用点位组合
const BUILDINGS_WITH_STAIRS: readonly PointType[] = ['teaching_block', 'dormitory', 'library', 'high_rise'];

const FIRE: BuiltinChecklist = {
  code: 'fire-daily',
  domain: 'fire',
  title: '消防安全日常检查',
  description:
    '依据《消防法》和公安部令第61号，覆盖专项整治方案列明的高层建筑、食堂、宿舍、教学楼、图书馆、实验室、危险品仓库、物资仓库等重点部位；每日防火巡查（“每日一自查”），寄宿制学校加强夜间巡查。',
  pointTypes: [],
  items: [
    item('FIRE-01', '安全出口、疏散通道', '畅通无堆物，未上锁、未封闭；疏散门向疏散方向开启', `${FIRE_LAW}第二十八条`, { weight: 2 }),
    item('FIRE-02', '疏散指示标志', '标志完好、常亮、指向正确，无遮挡，走道和转角处均有设置', '《消防应急照明和疏散指示系统技术标准》（GB 51309）'),
    item('FIRE-03', '应急照明灯', '按下测试键能正常点亮，灯具无损坏、无遮挡', '《消防应急照明和疏散指示系统技术标准》（GB 51309）'),
    item('FIRE-04', '灭火器压力与有效期', '压力表指针在绿区，保险销和铅封完好，瓶体无锈蚀变形，在维修、报废期限内，月检有记录', '《建筑灭火器配置验收及检查规范》（GB 50444）', { weight: 2 }),
    item('FIRE-05', '灭火器配置与摆放', '数量、类型与场所相符，放在明显、便于取用处，未被遮挡或上锁', '《建筑灭火器配置设计规范》（GB 50140）'),
    item('FIRE-06', '室内消火栓', '箱门开启灵活，水带、水枪、阀门齐全，试水正常，未被遮挡、圈占', `${FIRE_LAW}第二十八条`),
    item('FIRE-07', '室外消火栓和消防车通道', '室外消火栓无埋压、圈占；消防车通道畅通，无车辆停放、无障碍物', `${FIRE_LAW}第二十八条`, { weight: 2 }),
    item('FIRE-08', '防火门', '常闭式防火门保持关闭，闭门器、顺序器完好，未被楔开或拆除', FIRE_RULES),
    item('FIRE-09', '电气线路', '无私拉乱接、老化破损，线路穿管保护，插座未串接超负荷使用', `${FIRE_RULES}；${POST_GUIDE}`),
    item('FIRE-10', '违规大功率电器', '无热得快、电炉、电热毯等违规电器，办公室、功能室人走断电', `${POST_GUIDE}；${LOCAL_PLAN}`),
    item('FIRE-11', '电动自行车入楼及充电', '楼内门厅、走道、楼梯间无电动自行车停放、充电，无“飞线”充电', `${HIGH_RISE_RULES}；${EBIKE_NOTICE}`, { weight: 2 }),
    item('FIRE-12', '学生宿舍违规行为', '无违规电器、私拉电线、点蜡烛、吸烟；宿舍门窗无影响逃生的防盗网等障碍物', `${FIRE_LAW}第二十八条；${FIRE_RULES}`, { pointTypes: ['dormitory'], weight: 2 }),
    item('FIRE-13', '宿舍夜间值班巡查', '宿管人员在岗，夜间防火巡查有记录，值班人员熟悉疏散路线和器材使用', FIRE_RULES, { pointTypes: ['dormitory'] }),
    item('FIRE-14', '微型消防站', '人员、器材配备齐全，值守人员熟悉器材，能做到1分钟响应、3分钟到场', `《消防安全重点单位微型消防站建设标准（试行）》；${LOCAL_PLAN}`, { pointTypes: ['gate', 'other'] }),
    item('FIRE-15', '消防控制室值班', '24小时值班、每班不少于2人，值班人员持证上岗、会操作，值班记录完整', '《消防控制室通用技术要求》（GB 25506）', { pointTypes: ['high_rise', 'teaching_block', 'other'], weight: 2 }),
    item('FIRE-16', '自动消防设施运行', '火灾报警、喷淋等系统正常运行，无擅自关闭、屏蔽；每年全面检测一次并有报告', `${FIRE_LAW}第十六条`, { pointTypes: ['high_rise', 'teaching_block', 'library', 'dormitory', 'other'] }),
    item('FIRE-17', '仓库、图书馆可燃物', '物品分类堆放，与灯具、电源保持安全距离，通道畅通；库房不使用碘钨灯和超过60瓦的白炽灯', '《仓库防火安全管理规则》', { pointTypes: ['warehouse', 'library', 'chemical_store'] }),
    item('FIRE-18', '厨房排油烟管道', '排油烟罩、管道定期清洗并有记录，灶台周边无油垢堆积', `${POST_GUIDE}；${LOCAL_PLAN}`, { pointTypes: ['canteen'] }),
    item('FIRE-19', '高层建筑消防责任', '明确消防安全管理人和楼层责任人并公示，防烟楼梯间前室门保持关闭', HIGH_RISE_RULES, { pointTypes: ['high_rise'] }),
    item('FIRE-20', '防火巡查记录', '每日防火巡查有记录、有签名，发现问题当场处置或及时上报', FIRE_RULES),
  ],
};

const LAB_CHEMICALS: BuiltinChecklist = {
  code: 'lab-chemicals',
  domain: 'lab_chemicals',
  title: '实验室及危险化学品安全检查',
  description:
    '依据专项整治方案对化学实验室及危化品室“采购途径、报备制度、存放标准、场室安全、各类台账、使用规范”六方面的督查要求和《危险化学品安全管理条例》，含实验废弃物处置；每月检查，开学初和学期末各全面清查一次。',
  pointTypes: ['lab', 'chemical_store'],
  items: [
    item('LAB-01', '采购途径', '危化品从具备经营许可资质的单位采购，无个人、网购等非正规渠道，票据齐全', CHEM_RULES, { schoolKinds: WITH_LABS }),
    item('LAB-02', '报备制度', '剧毒、易制爆、易制毒化学品购买前按规定向公安机关申请许可或备案，手续齐全', `${CHEM_RULES}；《易制爆危险化学品治安管理办法》`, { schoolKinds: SECONDARY, weight: 2 }),
    item('LAB-03', '存放标准', '专用仓库或专柜存放，分类分区，禁忌物料不混存，通风、避光，标签清晰完整', `《危险化学品仓库储存通则》（GB 15603）；${CHEM_RULES}`, { schoolKinds: WITH_LABS, weight: 2 }),
    item('LAB-04', '双人双锁', '剧毒、易制爆化学品专柜存放，双人收发、双人保管、双人双锁', `${CHEM_RULES}第二十四条`, { schoolKinds: SECONDARY, pointTypes: ['chemical_store'], weight: 2 }),
    item('LAB-05', '危化品库房技防', '防盗门窗、视频监控、入侵报警完好，库房钥匙专人管理', '《易制爆危险化学品储存场所治安防范要求》（GA 1511）', { schoolKinds: SECONDARY, pointTypes: ['chemical_store'] }),
    item('LAB-06', '场室安全设施', '通风橱、排风正常，配备灭火器、灭火毯、沙箱、洗眼器、急救箱，门口张贴安全信息牌', LOCAL_PLAN),
    item('LAB-07', '水电气关闭', '实验结束后电源、燃气、水阀关闭，无私拉电线，电器无带电过夜', POST_GUIDE, { pointTypes: ['lab'] }),
    item('LAB-08', '各类台账', '采购、入库、领用、使用、退还、库存台账齐全，账物相符，定期盘点', `${CHEM_RULES}；${LOCAL_PLAN}`, { schoolKinds: WITH_LABS }),
    item('LAB-09', '使用规范', '领用经审批、按需限量领取，当日未用完的退回库房；学生实验时教师全程在场', LOCAL_PLAN, { schoolKinds: WITH_LABS }),
    item('LAB-10', '安全准入与操作规程', '安全制度、操作规程上墙；师生经实验室安全教育后方可进入', LOCAL_PLAN),
    item('LAB-11', '实验废弃物收集', '废液、废渣分类收集在有标识的专用容器中，不倒入下水道，暂存点远离火源', `《中华人民共和国固体废物污染环境防治法》；${LOCAL_PLAN}`, { schoolKinds: WITH_LABS }),
    item('LAB-12', '废弃物处置', '按“谁产生、谁处置”交有资质单位处置，保存转移联单等凭证', `《中华人民共和国固体废物污染环境防治法》；${LOCAL_PLAN}`, { schoolKinds: WITH_LABS }),
    item('LAB-13', '过期、无标签化学品', '过期、不再使用、无标签的不明化学品已清理登记造册，妥善存放待处置', LOCAL_PLAN, { schoolKinds: WITH_LABS }),
    item('LAB-14', '安全技术说明书和标签', '在用危化品有安全技术说明书（SDS）和安全标签，管理员熟悉危害及应急措施', CHEM_RULES, { schoolKinds: WITH_LABS }),
    item('LAB-15', '应急预案与责任书', '有泄漏、灼伤、中毒等事故应急预案，管理员签订安全责任书并参加培训', LOCAL_PLAN),
  ],
};

const SECURITY: BuiltinChecklist = {
  code: 'security-perimeter',
  domain: 'security',
  title: '治安保卫及校园周边检查',
  description:
    '依据《中小学幼儿园安全防范工作规范（试行）》和专项整治方案“四个100%”（专职保安员配备率、封闭化管理率、一键式紧急报警和视频监控系统达标率、护学岗配备率）要求；门卫和上放学时段每日检查，技防设施每周测试。',
  pointTypes: ['gate', 'perimeter', 'other'],
  items: [
    item('SEC-01', '门卫值守', '门卫室24小时有人值守，交接班和值班记录完整', SECURITY_NORM, { pointTypes: ['gate'] }),
    item('SEC-02', '来访登记', '外来人员核验身份、登记、与被访人确认后进入，外来车辆登记', SECURITY_NORM, { pointTypes: ['gate'] }),
    item('SEC-03', '专职保安员配备', '按要求配足专职保安员，持保安员证上岗，经背景审查，年龄、身体符合要求', `${SECURITY_NORM}；《保安服务管理条例》`, { weight: 2 }),
    item('SEC-04', '上放学时段值守', '上学、放学时段校门口保安和值班教师到岗，维持秩序、疏导人流', SECURITY_NORM, { pointTypes: ['gate'] }),
    item('SEC-05', '护学岗', '上放学高峰时段校门口护学岗到位，公安、交警或志愿者在岗', LOCAL_PLAN, { pointTypes: ['gate'] }),
    item('SEC-06', '封闭化管理', '校园实行封闭化管理，在校时段校门关闭；围墙、护栏完整，无缺口、无可攀爬处', `${SECURITY_NORM}；${LOCAL_PLAN}`, { pointTypes: ['gate', 'perimeter'], weight: 2 }),
    item('SEC-07', '一键式紧急报警', '门卫室一键式紧急报警装置与公安机关联网，测试能正常报警', LOCAL_PLAN, { pointTypes: ['gate'], weight: 2 }),
    item('SEC-08', '视频监控覆盖', '校门、周界、主要通道、食堂、宿舍等重点部位全覆盖，画面清晰，录像保存不少于30天', TECH_PREVENTION),
    item('SEC-09', '视频监控联网', '视频监控与公安、教育部门联网运行，可网上巡查', LOCAL_PLAN, { pointTypes: ['gate', 'other'] }),
    item('SEC-10', '防冲撞设施', '校门口设置隔离桩、升降柱、阻车路障等硬质防冲撞设施，完好有效，上放学时段处于防护状态', `${SECURITY_NORM}；${LOCAL_PLAN}`, { pointTypes: ['gate'], weight: 2 }),
    item('SEC-11', '防护器械', '门卫室配备防暴头盔、防刺服、防割手套、钢叉、盾牌、警棍等，完好可用，保安会使用', SECURITY_NORM, { pointTypes: ['gate'] }),
    item('SEC-12', '校内巡逻', '按规定路线和频次巡查，重点部位和夜间巡查有记录', `${SECURITY_NORM}；《企业事业单位内部治安保卫条例》`),
    item('SEC-13', '危险物品管控', '管制刀具、易燃易爆等危险物品不得带入校园，发现后登记、暂扣并报告', SECURITY_NORM, { pointTypes: ['gate'] }),
    item('SEC-14', '周界入侵报警', '周界入侵报警或电子围栏布防正常，报警能传到值班室', TECH_PREVENTION, { pointTypes: ['perimeter'] }),
    item('SEC-15', '幼儿接送', '实行接送卡或身份核验接送，非指定接送人不得接走幼儿', '《幼儿园工作规程》', { schoolKinds: ['kindergarten'], pointTypes: ['gate'], weight: 2 }),
    item('SEC-16', '校园周边环境', '周边无占道经营、治安乱点；200米内无网吧等不得设立的经营场所', `${LOCAL_PLAN}；《互联网上网服务营业场所管理条例》`, { pointTypes: ['perimeter'] }),
    item('SEC-17', '保安和工勤人员筛查', '保安、工勤等人员实名登记，定期会同公安开展信息筛查比对', LOCAL_PLAN),
    item('SEC-18', '防暴力侵害演练', '每学期开展防范暴力侵害（反恐防暴）演练，保安和教职工熟悉处置流程', SECURITY_NORM),
  ],
};

const SCHOOL_BUS: BuiltinChecklist = {
  code: 'school-bus',
  domain: 'traffic_bus',
  title: '校车安全检查',
  description:
    '依据《校车安全管理条例》和专项整治方案中校车准入、动态监控、台账及节假日管控要求；每日出车前检查，证照保险每月核对。',
  pointTypes: ['school_bus'],
  items: [
    item('BUS-01', '校车使用许可', '取得校车使用许可，校车标牌在有效期内并按规定放置', BUS_RULES, { weight: 2 }),
    item('BUS-02', '安全技术检验（年审）', '每半年进行一次机动车安全技术检验，检验合格标志在有效期内', BUS_RULES, { weight: 2 }),
    item('BUS-03', '保险', '交强险和承运人责任保险均在有效期内', BUS_RULES),
    item('BUS-04', '驾驶员资质', '取得校车驾驶资格，准驾车型相符，25至60周岁，无酒驾、毒驾、犯罪记录', BUS_RULES, { weight: 2 }),
    item('BUS-05', '随车照管员', '每趟次配备随车照管人员，上下车时照管并清点学生人数', BUS_RULES, { weight: 2 }),
    item('BUS-06', '核载', '乘车人数不超过核定人数，一人一座，系好安全带', BUS_RULES, { weight: 2 }),
    item('BUS-07', '出车前安全检查', '出车前检查制动、转向、轮胎、灯光、安全带等，检查记录有签名', BUS_RULES, { weight: 2 }),
    item('BUS-08', '卫星定位装置', '具有行驶记录功能的卫星定位装置工作正常，接入监管平台在线', `${BUS_RULES}；${LOCAL_PLAN}`),
    item('BUS-09', '车载安全设备', '灭火器、安全锤、急救箱配备齐全且有效，应急门、安全出口能正常开启', BUS_RULES),
    item('BUS-10', '线路、站点和时间', '按审定的线路、站点、时间运行；非上下学时段原则上不得移动', `${BUS_RULES}；${LOCAL_PLAN}`),
    item('BUS-11', '下车清点', '到站后照管员和驾驶员逐排检查车厢，确认无学生滞留后方可锁车', BUS_RULES, { weight: 2 }),
    item('BUS-12', '校车标志', '校车标志灯、停车指示标志、车身外观标识完好', BUS_RULES),
    item('BUS-13', '校车安全台账', '车辆、驾驶员、照管员信息和培训、演练、违法处理记录完整，报备、变更、注销及时', LOCAL_PLAN),
    item('BUS-14', '乘车安全教育', '每学期对乘车学生进行安全教育和车内应急疏散演练', BUS_RULES),
  ],
};

const CANTEEN_FOOD: BuiltinChecklist = {
  code: 'canteen-food',
  domain: 'food',
  title: '食堂及食品安全检查',
  description:
    '依据《学校食品安全与营养健康管理规定》和专项整治方案中陪餐、留样、索证索票、持证上岗、饮用水监测、刀具和水电气管理要求；每日检查，每周汇总。',
  pointTypes: ['canteen'],
  items: [
    item('FOOD-01', '集中用餐陪餐', '每餐有学校相关负责人与学生共同用餐，陪餐记录完整', FOOD_RULES),
    item('FOOD-02', '食品留样', '每餐次每种成品留样不少于125克，专柜冷藏48小时以上，留样柜上锁、记录完整', FOOD_RULES, { weight: 2 }),
    item('FOOD-03', '采购索证索票', '食品及原料从合法渠道采购，索证索票、进货查验，记录和票据留存', `${FOOD_RULES}；${FOOD_LAW}`),
    item('FOOD-04', '从业人员健康证', '接触直接入口食品的人员均持有效健康证明，每年体检', `${FOOD_LAW}第四十五条`),
    item('FOOD-05', '晨检', '从业人员每日晨检有记录，发热、腹泻、手部有伤口等人员未上岗', CATERING_CODE),
    item('FOOD-06', '禁止制售的食品', '不制售冷荤、生食、裱花蛋糕，不加工四季豆、鲜黄花菜、野生蘑菇、发芽土豆等', FOOD_RULES, { weight: 2 }),
    item('FOOD-07', '食品添加剂', '专人采购、保管、领用、登记，专柜存放；不采购、不使用亚硝酸盐', CATERING_CODE),
    item('FOOD-08', '餐具清洗消毒', '餐用具洗消后放入保洁柜，消毒设备正常运行，消毒记录完整', CATERING_CODE),
    item('FOOD-09', '原料贮存', '生熟分开、离地离墙，冷藏冷冻温度达标，无过期变质食品', CATERING_CODE),
    item('FOOD-10', '刀具管理', '刀具专人保管、定位存放、上锁，用后清点收回', `${LOCAL_PLAN}；${POST_GUIDE}`),
    item('FOOD-11', '后厨人员出入', '后厨和库房实行出入登记，无关人员不得进入', LOCAL_PLAN),
    item('FOOD-12', '饮用水水质', '生活用水和师生饮用水定期检测合格，二次供水设施定期清洗消毒，饮水机滤芯按期更换', `《生活饮用水卫生标准》（GB 5749）；${LOCAL_PLAN}`, { weight: 2 }),
    item('FOOD-13', '水电气安全', '电线无老化裸露，燃气阀门完好、用后关闭，设备接地可靠', LOCAL_PLAN),
    item('FOOD-14', '明厨亮灶', '后厨视频公开，接入“阳光食堂”或“互联网+明厨亮灶”平台并正常运行', LOCAL_PLAN),
    item('FOOD-15', '校内小卖部', '校内一般不设小卖部、超市；确需设置的不售高盐、高糖、高脂食品', FOOD_RULES, { schoolKinds: NO_TUCK_SHOP }),
  ],
};

const BUILDINGS: BuiltinChecklist = {
  code: 'buildings-facilities',
  domain: 'buildings',
  title: '校舍、设施设备及施工安全检查',
  description:
    '依据专项整治方案中建筑与施工安全整治要点（危房、低洼地带、防雷、围墙、配电房、篮球架、旗杆、施工隔离、极端天气）；每月检查，汛期、台风和暴雪等极端天气前后加查。',
  pointTypes: [],
  items: [
    item('BLD-01', '危房使用', '无D级危房在用；C级危房已采取加固或限制使用措施，有鉴定报告', `《危险房屋鉴定标准》（JGJ 125）；${LOCAL_PLAN}`, { weight: 2 }),
    item('BLD-02', '违规改建', '无违法建设，无擅自改变建筑主体结构或使用功能', LOCAL_PLAN),
    item('BLD-03', '墙面、吊顶和外墙', '墙面、吊顶、外墙装饰和空调外机支架无开裂、空鼓、松动、脱落风险', POST_GUIDE),
    item('BLD-04', '楼梯、走廊栏杆', '临空栏杆高度不低于1.10米，竖杆净距不大于0.11米，无可攀爬构造，牢固无松动', '《中小学校设计规范》（GB 50099）', { pointTypes: BUILDINGS_WITH_STAIRS, weight: 2 }),
    item('BLD-05', '楼梯防踩踏', '踏步防滑、照明正常；课间和上下楼高峰有教师值守疏导', SCHOOL_SAFETY, { pointTypes: BUILDINGS_WITH_STAIRS }),
    item('BLD-06', '围墙、挡土墙', '无倾斜、开裂、鼓胀，泄水孔畅通，周边无堆土堆物', LOCAL_PLAN, { pointTypes: ['perimeter'], weight: 2 }),
    item('BLD-07', '低洼地带排水', '排水沟、窨井畅通，盖板完好；低洼处备有沙袋、抽水泵等防汛物资', LOCAL_PLAN, { pointTypes: ['perimeter', 'sports_ground', 'other'] }),
    item('BLD-08', '地质灾害和沉陷区域', '易滑坡、基础沉陷区域有监测、警示标志和隔离措施', LOCAL_PLAN, { pointTypes: ['perimeter', 'other'] }),
    item('BLD-09', '防雷装置', '接闪器、引下线完好，按规定定期检测并有合格报告', `《防雷减灾管理办法》；${LOCAL_PLAN}`),
    item('BLD-10', '配电房', '专人管理、上锁；挡鼠板、绝缘用具和灭火器齐全，无杂物，设备无异响异味', `${POST_GUIDE}；${LOCAL_PLAN}`, { pointTypes: ['distribution_room'], weight: 2 }),
    item('BLD-11', '篮球架、足球门等器材', '安装牢固，配重和地脚螺栓完好，无锈蚀、倾斜、断裂，单双杠等无松动', `《中小学体育器材和场地》（GB/T 19851）；${LOCAL_PLAN}`, { pointTypes: ['sports_ground'], weight: 2 }),
    item('BLD-12', '旗杆', '基座牢固，杆体无锈蚀、倾斜，升降装置和拉绳完好', LOCAL_PLAN, { pointTypes: ['sports_ground', 'other'] }),
    item('BLD-13', '施工区域隔离', '施工区与教学生活区硬隔离，设置警示标志，施工人员车辆与师生分道进出', `《建设工程安全生产管理条例》；${LOCAL_PLAN}`, { pointTypes: ['construction_site'], weight: 2 }),
    item('BLD-14', '施工高风险作业', '基坑支护、高空作业、起重作业防护措施到位，有专人监护', LOCAL_PLAN, { pointTypes: ['construction_site'] }),
    item('BLD-15', '极端天气应对', '有防汛、防台风、防雷暴、防雪灾预案，预警发布后按预案加固、停课或转移', LOCAL_PLAN),
  ],
};

const GAS: BuiltinChecklist = {
  code: 'gas-monthly',
  domain: 'gas',
  title: '燃气安全月度自查',
  description:
    '依据《城镇燃气管理条例》和专项整治方案“使用燃气的学校每月开展自查自纠，在用气场所张贴燃气安全使用信息公示牌”的要求；每月自查一次，食堂每日用气前后检查阀门。',
  pointTypes: ['gas_room', 'canteen'],
  items: [
    item('GAS-01', '燃气泄漏报警装置', '用气场所安装可燃气体泄漏报警装置（宜联动切断阀），测试报警正常', `《城镇燃气设计规范》（GB 50028）；${LOCAL_PLAN}`, { weight: 2 }),
    item('GAS-02', '燃气管道', '管道无锈蚀、破损、私自改装，固定牢固，无重物挤压或占压', GAS_RULES),
    item('GAS-03', '阀门', '总阀、支阀开关灵活、无泄漏，标识清楚，停止用气后关闭', GAS_RULES),
    item('GAS-04', '连接软管', '使用燃气专用软管（宜用金属波纹管），长度不超过2米，无老化龟裂，不穿墙，两端卡箍紧固', '《家用燃气燃烧器具安装及验收规程》（CJJ 12）', { weight: 2 }),
    item('GAS-05', '接口检漏', '用肥皂水检测接口无气泡，现场无燃气异味', GAS_RULES, { weight: 2 }),
    item('GAS-06', '通风', '用气场所通风良好，排风设施正常运行，不在密闭空间用气', '《城镇燃气设计规范》（GB 50028）'),
    item('GAS-07', '燃气灶具', '灶具有熄火保护装置，火焰正常；点火后有人看守', LOCAL_PLAN),
    item('GAS-08', '液化气钢瓶', '钢瓶来源正规、在检验期内，直立放置，不倒置、不加热，与灶具保持安全距离', GAS_RULES, { weight: 2 }),
    item('GAS-09', '周边可燃物', '燃气设施周边无纸箱、油桶等易燃杂物堆放', LOCAL_PLAN),
    item('GAS-10', '每月自查台账', '每月自查有记录、有签字，发现的问题整改闭环', LOCAL_PLAN),
    item('GAS-11', '燃气安全信息公示牌', '用气场所张贴公示牌，公示每月自查情况、供用气合同、安全使用告知书或安全用气手册', LOCAL_PLAN),
    item('GAS-12', '供用气合同和企业安检', '与燃气企业签订供用气合同，配合燃气企业定期安全检查，问题已整改', GAS_RULES),
    item('GAS-13', '操作人员应急处置', '操作人员经培训，熟悉开关顺序和泄漏处置：关阀、开窗、禁明火和电器开关、撤离报警', LOCAL_PLAN),
    item('GAS-14', '灭火器材', '用气场所配备灭火器和灭火毯，在有效期内', '《建筑灭火器配置设计规范》（GB 50140）'),
  ],
};

const EBIKE: BuiltinChecklist = {
  code: 'ebike-parking',
  domain: 'ebike',
  title: '电动自行车停放充电检查',
  description:
    '依据专项整治方案“规范学校电动自行车停放和充电行为”的要求和公安部有关通告；每周检查停放充电场所，每日巡查楼内有无违规停放充电。',
  pointTypes: ['ebike_shed', 'dormitory', 'teaching_block', 'high_rise'],
  items: [
    item('EBK-01', '集中停放', '设置集中停放点，车辆停放有序，不占用消防车通道和疏散通道', `${LOCAL_PLAN}；${EBIKE_NOTICE}`, { pointTypes: ['ebike_shed'] }),
    item('EBK-02', '禁止入楼停放', '教学楼、宿舍、高层建筑门厅、走道、楼梯间无电动自行车停放', `${HIGH_RISE_RULES}；${EBIKE_NOTICE}`, { pointTypes: ['dormitory', 'teaching_block', 'high_rise'], weight: 2 }),
    item('EBK-03', '禁止入室充电', '无电池带入楼内、室内充电，无“飞线”充电', `${HIGH_RISE_RULES}；${EBIKE_NOTICE}`, { pointTypes: ['dormitory', 'teaching_block', 'high_rise'], weight: 2 }),
    item('EBK-04', '充电设施', '使用具备定时断电、过载保护、充满自停功能的集中充电设施', `${EBIKE_NOTICE}；${LOCAL_PLAN}`, { pointTypes: ['ebike_shed'] }),
    item('EBK-05', '充电线路', '线路穿管敷设，装有漏电保护，无私拉乱接、插座串接', LOCAL_PLAN, { pointTypes: ['ebike_shed'] }),
    item('EBK-06', '消防器材', '停放充电场所配备灭火器等器材且有效，宜设视频监控和烟感', `${EBIKE_NOTICE}；${LOCAL_PLAN}`, { pointTypes: ['ebike_shed'], weight: 2 }),
    item('EBK-07', '车棚结构', '车棚采用不燃材料搭建，结构牢固，无破损漏雨', LOCAL_PLAN, { pointTypes: ['ebike_shed'] }),
    item('EBK-08', '充电时段管理', '充电区有专人管理，夜间充电时段有人巡查', LOCAL_PLAN, { pointTypes: ['ebike_shed'] }),
    item('EBK-09', '车辆合规', '车辆符合《电动自行车安全技术规范》，已上牌，无私自改装、更换大容量电池', '《电动自行车安全技术规范》（GB 17761）', { pointTypes: ['ebike_shed'] }),
    item('EBK-10', '学生骑行年龄', '未满16周岁的学生不骑电动自行车到校', `${TRAFFIC_RULES}第七十二条`, { schoolKinds: PUPILS, pointTypes: ['ebike_shed'] }),
    item('EBK-11', '佩戴头盔', '师生骑行电动自行车佩戴安全头盔', LOCAL_PLAN, { pointTypes: ['ebike_shed'] }),
    item('EBK-12', '管理制度和登记', '有停放充电管理制度，师生车辆登记，日常巡查有记录', LOCAL_PLAN),
  ],
};

const INTERNSHIP: BuiltinChecklist = {
  code: 'internship-vocational',
  domain: 'internship',
  title: '职业学校学生实习实训安全检查',
  description:
    '依据《职业学校学生实习管理规定》和专项整治方案对实习实训单位安全生产、应急预案和劳动保护的要求；仅适用于职业学校，实习开始前检查一次，实习期间每月巡查。',
  pointTypes: ['internship_site'],
  items: [
    item('INT-01', '实习单位资质', '实习单位合法经营、安全生产条件达标，经学校实地考察评估', INTERNSHIP_RULES, { schoolKinds: VOCATIONAL }),
    item('INT-02', '三方实习协议', '学校、实习单位、学生三方签订协议；未满18周岁的学生经监护人签字同意', INTERNSHIP_RULES, { schoolKinds: VOCATIONAL, weight: 2 }),
    item('INT-03', '实习责任保险', '已为学生投保实习责任保险，覆盖实习全过程', INTERNSHIP_RULES, { schoolKinds: VOCATIONAL, weight: 2 }),
    item('INT-04', '岗前安全培训', '上岗前接受安全生产和职业卫生培训，考核合格', INTERNSHIP_RULES, { schoolKinds: VOCATIONAL }),
    item('INT-05', '禁止安排的岗位', '无高空、井下、放射性、有毒、易燃易爆等高风险作业，无第四级体力劳动强度岗位，不在酒吧、歌厅、洗浴中心等娱乐场所', INTERNSHIP_RULES, { schoolKinds: VOCATIONAL, weight: 2 }),
    item('INT-06', '实习学生年龄', '未安排未满16周岁的学生岗位实习', INTERNSHIP_RULES, { schoolKinds: VOCATIONAL, weight: 2 }),
    item('INT-07', '劳动防护用品', '实习单位按岗位配发劳动防护用品，学生正确佩戴使用', `${INTERNSHIP_RULES}；《中华人民共和国安全生产法》`, { schoolKinds: VOCATIONAL }),
    item('INT-08', '工作时间', '每天不超过8小时、每周不超过40小时，不安排加班和夜班', INTERNSHIP_RULES, { schoolKinds: VOCATIONAL }),
    item('INT-09', '指导教师巡查', '学校安排实习指导教师，定期到岗巡查并有记录', INTERNSHIP_RULES, { schoolKinds: VOCATIONAL }),
    item('INT-10', '中介、押金和证件', '不通过中介机构安排实习，不收押金、不扣押身份证件', INTERNSHIP_RULES, { schoolKinds: VOCATIONAL }),
    item('INT-11', '专业对口和人数比例', '岗位与专业相关；实习学生不超过单位在岗职工总数10%，具体岗位不超过20%', INTERNSHIP_RULES, { schoolKinds: VOCATIONAL }),
    item('INT-12', '实习单位应急预案', '实习单位有安全生产事故应急预案和安全保障器材，学生知道紧急撤离路线', LOCAL_PLAN, { schoolKinds: VOCATIONAL }),
    item('INT-13', '实习报酬', '岗位实习报酬不低于相同岗位试用期工资标准的80%，按时足额发放', INTERNSHIP_RULES, { schoolKinds: VOCATIONAL }),
    item('INT-14', '学生动态掌握', '实习学生每日考勤，请假、离岗有报告，家长知情', INTERNSHIP_RULES, { schoolKinds: VOCATIONAL }),
  ],
};

const MENTAL_HEALTH: BuiltinChecklist = {
  code: 'mental-health',
  domain: 'mental_health',
  title: '学生心理健康工作检查',
  description:
    '依据专项整治方案“组织实施学生心理健康普查，健全学生健康档案，强化家校协同，完善家访制度”和教育部有关文件；每月检查，开学初和考试前后加查。',
  pointTypes: ['counseling_room', 'teaching_block', 'dormitory', 'other'],
  items: [
    item('PSY-01', '心理辅导室', '有独立心理辅导室，设个别辅导、团体辅导等功能区，环境安静、私密', '《中小学心理辅导室建设指南》', { schoolKinds: PUPILS, pointTypes: ['counseling_room'] }),
    item('PSY-02', '辅导室开放和记录', '按公布时间开放，有值班安排和辅导记录，记录保密存放', '《中小学心理辅导室建设指南》', { schoolKinds: PUPILS, pointTypes: ['counseling_room'] }),
    item('PSY-03', '心理健康教师', '至少配备1名专（兼）职心理健康教育教师', PSY_PLAN, { schoolKinds: PUPILS }),
    item('PSY-04', '心理健康测评', '每学年开展一次心理健康测评，结果有分析、有跟进', PSY_NOTICE, { schoolKinds: PUPILS }),
    item('PSY-05', '重点学生排查建档', '对家庭变故、学业困难、留守、受欺凌等重点学生排查建档，一生一档并动态更新', `${PSY_NOTICE}；${LOCAL_PLAN}`, { schoolKinds: PUPILS, weight: 2 }),
    item('PSY-06', '预警网络', '建立学校、年级、班级多级预警网络，班主任和心理委员发现异常及时报告', PSY_NOTICE, { schoolKinds: PUPILS }),
    item('PSY-07', '心理危机干预', '有危机干预预案，重点学生一人一案，与精神卫生医疗机构建立转介通道', PSY_NOTICE, { weight: 2 }),
    item('PSY-08', '家校沟通', '重点学生情况及时告知家长，家访有记录；利用家长学校开展心理健康指导', LOCAL_PLAN),
    item('PSY-09', '心理健康课程', '按要求开设心理健康教育课程，有课表和教案', '《中小学心理健康教育指导纲要（2012年修订）》', { schoolKinds: PUPILS }),
    item('PSY-10', '全员导师制', '全体教师担任学生导师，定期谈心谈话并记录', LOCAL_PLAN, { schoolKinds: PUPILS }),
    item('PSY-11', '防治学生欺凌', '有欺凌防控制度和举报渠道，欺凌事件及时调查处置并记录', SCHOOL_PROTECTION, { schoolKinds: PUPILS, weight: 2 }),
    item('PSY-12', '高处防坠落', '天台、楼顶通道门上锁，高层窗户安装限位器', `${POST_GUIDE}；${LOCAL_PLAN}`, { pointTypes: ['teaching_block', 'dormitory'], weight: 2 }),
    item('PSY-13', '教师心理健康培训', '班主任、心理教师每学期参加心理健康和危机识别培训', PSY_PLAN),
  ],
};

const SAFETY_EDUCATION: BuiltinChecklist = {
  code: 'safety-education',
  domain: 'other',
  title: '安全教育及应急演练检查',
  description:
    '依据专项整治方案“安全教育计划、师资、教材、课时四落实”和《中小学幼儿园安全管理办法》；每月检查记录，每学期核查疏散演练。',
  pointTypes: ['teaching_block', 'other'],
  items: [
    item('EDU-01', '安全教育“四落实”', '安全教育纳入教学计划，计划、师资、教材、课时落实', LOCAL_PLAN),
    item('EDU-02', '安全教育平台学习', '按时完成安全教育平台专题学习，完成率达到要求', LOCAL_PLAN),
    item('EDU-03', '应急疏散演练', '每学期至少开展一次火灾、地震等应急疏散演练，有方案、记录、总结', SCHOOL_SAFETY, { weight: 2 }),
    item('EDU-04', '消防安全教育', '学生会报火警、会逃生自救，教职工会使用灭火器、消火栓', `${FIRE_LAW}；${LOCAL_PLAN}`),
    item('EDU-05', '防溺水教育', '开展防溺水专题教育，落实“六不”要求，假期前致家长书有回执', '《教育部办公厅关于做好预防中小学生溺水事故工作的通知》', { weight: 2 }),
    item('EDU-06', '交通安全教育', '开展交通安全教育；未满12周岁不骑自行车上路，未满16周岁不骑电动自行车', TRAFFIC_RULES),
    item('EDU-07', '食品安全教育', '开展食品安全和营养健康教育，不买“三无”食品', FOOD_RULES),
    item('EDU-08', '重要节点专题教育', '在安全教育日、消防日、安全生产月和节假日前开展专题安全教育', LOCAL_PLAN),
    item('EDU-09', '法治和防欺凌教育', '开展法治教育和防欺凌教育，学生知道求助渠道', `${SCHOOL_PROTECTION}；${LOCAL_PLAN}`),
    item('EDU-10', '放假前安全提醒', '寒暑假和节假日前发放致家长一封信，回执收齐', SCHOOL_SAFETY),
    item('EDU-11', '教职工安全培训', '教职工每学期参加安全和应急技能培训，会心肺复苏等急救技能', SCHOOL_SAFETY),
    item('EDU-12', '自然灾害避险教育', '开展地震、防汛、防雷等自然灾害避险教育', LOCAL_PLAN),
    item('EDU-13', '实验安全教育', '实验安全教育纳入相关学科教学计划', LOCAL_PLAN, { schoolKinds: WITH_LABS }),
    item('EDU-14', '教育与演练台账', '教案、签到、照片、演练总结等台账完整可查', LOCAL_PLAN),
  ],
};

export const BUILTIN_CHECKLISTS: readonly BuiltinChecklist[] = [
  FIRE,
  LAB_CHEMICALS,
  SECURITY,
  SCHOOL_BUS,
  CANTEEN_FOOD,
  BUILDINGS,
  GAS,
  EBIKE,
  INTERNSHIP,
  MENTAL_HEALTH,
  SAFETY_EDUCATION,
];
