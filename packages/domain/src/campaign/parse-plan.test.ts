import { describe, expect, it } from 'vitest';
import { readNumbering } from './numbering.js';
import { findLeads, parsePlan, splitUnits } from './parse-plan.js';

const doc = (...lines: string[]) => lines.join('\n');

describe('numbering: 一、（一）1.（1）① in full-width and ASCII forms', () => {
  it.each([
    ['一、总体要求', 'cn', 1],
    ['十二、其他', 'cn', 12],
    ['（一）动员部署', 'cn-paren', 1],
    ['(三)排查整治', 'cn-paren', 3],
    ['第二阶段：属地检查', 'stage', 2],
    ['1.加强学校消防安全管理', 'arabic', 1],
    ['2、加强食品安全', 'arabic', 2],
    ['3．加强校车管理', 'arabic', 3],
    ['１０．网络安全', 'arabic', 10],
    ['（1）自然灾害风险普查项目', 'arabic-paren', 1],
    ['(12)安全教育', 'arabic-paren', 12],
    ['③完善制度', 'circled', 3],
  ])('%s → %s %d', (s, style, ordinal) => {
    const n = readNumbering(s);
    expect(n?.style).toBe(style);
    expect(n?.ordinal).toBe(ordinal);
  });
  // 一是 / 二是 are numbering since issue 16 (points inside a paragraph): parse-plan.families.test.ts
  it.each(['2020年组织各类学校', '1.5米以下', '第一督查小组'])('%s is not numbering', (s) => {
    expect(readNumbering(s)).toBeNull();
  });
});

describe('header fields: title, 文号, issuer, issued date', () => {
  const header = (docNo: string) =>
    doc('某某县教育局文件', '', docNo, '', '某某县教育局', '关于印发《某某县校园安全专项整治行动实施方案》的通知', '各学校：', '现将《某某县校园安全专项整治行动实施方案》印发给你们，请认真贯彻执行。', '', '某某县教育局', '二〇二一年三月五日');
  it.each([
    ['某教发〔2021〕12号', '某教发〔2021〕12号'],
    ['某教发[2021]12号', '某教发〔2021〕12号'],
    ['某教发【2021】12号', '某教发〔2021〕12号'],
    ['某教发（2021）12号', '某教发〔2021〕12号'],
    ['某教发(2021)12号', '某教发〔2021〕12号'],
  ])('文号 %s → %s', (raw, norm) => {
    const p = parsePlan(header(raw));
    expect(p.docNumber?.value).toBe(norm);
    expect(p.title?.value).toBe('某某县校园安全专项整治行动实施方案');
    expect(p.issuer?.value).toBe('某某县教育局');
    expect(p.issuedOn?.value).toBe('2021-03-05');
  });
  it('a doc number cited in the body is not the 文号', () => {
    const p = parsePlan(doc('为落实《关于加强校园安全的通知》（苏教安〔2020〕1号）要求，制定本方案。'));
    expect(p.docNumber).toBeNull();
    expect(p.missing).toContain('文号');
  });
  it('title over two lines, and issuer from a title that begins with the body', () => {
    const p = parsePlan(doc('某某市学校安全工作领导小组办公室', '2022年度校园安全隐患排查整治工作计划', '', '一、工作目标'));
    expect(p.title?.value).toBe('某某市学校安全工作领导小组办公室2022年度校园安全隐患排查整治工作计划');
    expect(p.issuer?.value).toBe('某某市学校安全工作领导小组办公室');
    expect(p.period?.value).toEqual({ start: '2022-01-01', end: '2022-12-31' });
  });
  it('关于印发X的通知 without book-title marks', () => {
    const p = parsePlan(doc('关于印发全县教育系统消防安全', '专项整治方案的通知', '各学校：'));
    expect(p.title?.value).toBe('全县教育系统消防安全专项整治方案');
  });
});

describe('stages', () => {
  it('第一阶段：name（…date…） lines, year-less ones resolved from the document', () => {
    const p = parsePlan(
      doc(
        '三、工作阶段',
        '第一阶段：学校自查（2023年3月底前完成）。各校开展自查。',
        '第二阶段：专项督查（4月上旬至5月中旬）。局组织督查。',
        '第三阶段：总结提升（年底前）。总结经验。',
      ),
    );
    expect(p.stages.map((s) => [s.value.name, s.value.start, s.value.end])).toEqual([
      ['学校自查', null, '2023-03-31'],
      ['专项督查', '2023-04-01', '2023-05-20'],
      // a stage with only a deadline starts the day after the stage before it ended
      ['总结提升', '2023-05-21', '2023-12-31'],
    ]);
    expect(p.stages[0]?.value.goals).toBe('各校开展自查。');
  });
  it('（一）name（date） and 1．name阶段（date） under 实施步骤 / 时间安排, with the period from the intro', () => {
    const p = parsePlan(
      doc(
        '四、实施步骤',
        '本次整治从2022年3月至2022年11月，分三个阶段进行。',
        '(一)动员部署（2022年3月初）。制定方案。',
        '(二)排查整治阶段(2022年3月中旬—2022年9月)',
        '全面排查。',
        '(三)巩固提升（2022年10月至11月）',
        '五、工作要求',
        '（一）加强领导。',
      ),
    );
    expect(p.period?.value).toEqual({ start: '2022-03-01', end: '2022-11-30' });
    expect(p.stages.map((s) => [s.value.name, s.value.start, s.value.end])).toEqual([
      ['动员部署', '2022-03-01', '2022-03-10'],
      ['排查整治', '2022-03-11', '2022-09-30'],
      ['巩固提升', '2022-10-01', '2022-11-30'],
    ]);
  });
  it('1．学习动员阶段（2020年12月） under a second-level 时间安排 heading', () => {
    const p = parsePlan(doc('三、组织实施', '（一）时间安排', '1．学习动员阶段（2020年12月）', '学习文件。', '2．整改落实阶段（2021年1月至6月）', '（二）工作要求'));
    expect(p.stages.map((s) => s.value.name)).toEqual(['学习动员', '整改落实']);
    expect(p.stages[1]?.value.end).toBe('2021-06-30');
  });
  it('dated paragraphs without numbering under 工作步骤', () => {
    const p = parsePlan(doc('五、工作步骤', '2023年4月，动员部署。印发方案。', '2023年5月至9月，排查整治。全面排查。', '六、保障措施'));
    expect(p.stages.map((s) => [s.value.name, s.value.start, s.value.end])).toEqual([
      ['动员部署', '2023-04-01', '2023-04-30'],
      ['排查整治', '2023-05-01', '2023-09-30'],
    ]);
  });
});

describe('leads: 牵头 / 责任 / 配合 phrases', () => {
  it.each([
    ['（安稳办牵头，各相关科室按职责分工负责。）', ['安稳办'], ['各相关科室']],
    ['（体卫艺科、基建后勤中心牵头，各相关科室按职责分工负责。）', ['体卫艺科', '基建后勤中心'], ['各相关科室']],
    ['（安稳办牵头，基教科、综教科、体卫艺科等相关科室按职责分工负责。）', ['安稳办'], ['基教科', '综教科', '体卫艺科']],
    ['由安全科牵头，基建科配合。', ['安全科'], ['基建科']],
    ['牵头单位：区教育局；配合单位：区公安分局、区消防救援大队', ['区教育局'], ['区公安分局', '区消防救援大队']],
    ['责任科室：安全科、后勤科', ['安全科', '后勤科'], []],
    ['责任单位：安全科和基建科', ['安全科', '基建科'], []],
    ['（安全科负责）', ['安全科'], []],
  ])('%s', (s, leads, coop) => {
    const m = findLeads(s);
    expect(m?.leads).toEqual(leads);
    expect(m?.cooperating).toEqual(coop);
  });
  it('does not split names that contain 和/与', () => {
    expect(splitUnits('住房和城乡建设局、人事与教师工作科及督导室')).toEqual(['住房和城乡建设局', '人事与教师工作科', '督导室']);
  });
  it('ignores 牵头单位 as a noun inside a sentence', () => {
    expect(findLeads('明确到责任单位、牵头单位及相关责任人')).toBeNull();
  });
});

describe('tasks under 主要任务 / 重点任务 / 整治重点 / 重点内容', () => {
  it('each leaf item is a task; title before the first 。; leads and domain attached', () => {
    const p = parsePlan(
      doc(
        '二、重点任务',
        '（一）开展重点领域整治',
        '1、加强消防安全管理。开展隐患排查，2021年6月底前完成整改。（安全科牵头，后勤科配合）',
        '2、加强食堂食品安全管理。落实陪餐制度。',
        '（二）强化安全教育',
        '开展安全教育活动。',
        '三、保障措施',
        '（一）加强领导。',
      ),
    );
    expect(p.tasks.map((t) => t.value.title)).toEqual(['加强消防安全管理', '加强食堂食品安全管理', '强化安全教育']);
    const fire = p.tasks[0]?.value;
    expect(fire?.leads).toEqual(['安全科']);
    expect(fire?.cooperating).toEqual(['后勤科']);
    expect(fire?.deadline).toBe('2021-06-30');
    expect(fire?.domain).toBe('fire');
    expect(fire?.description).not.toContain('牵头');
    expect(p.tasks[2]?.value.description).toBe('开展安全教育活动。');
    expect(p.focusDomains.map((d) => d.value)).toEqual(['fire', 'food']);
  });
  it('整治重点 with （1） items', () => {
    const p = parsePlan(doc('三、整治重点', '（1）校车安全。清理非法校车。', '（2）危险化学品管理。规范存储。', '四、工作要求'));
    expect(p.tasks.map((t) => [t.value.title, t.value.domain])).toEqual([
      ['校车安全', 'traffic_bus'],
      ['危险化学品管理', 'lab_chemicals'],
    ]);
  });
  it('a task table flattened one cell per line (序号 / 任务 / 牵头单位 / 配合单位 / 完成时限)', () => {
    const p = parsePlan(
      doc('附件：任务清单', '序号', '重点任务', '牵头单位', '配合单位', '完成时限', '1', '校舍安全排查', '基建科', '安全科、后勤科', '2023年6月底', '2', '燃气安全检查', '安全科', '后勤科', '2023年12月'),
    );
    expect(p.tasks.map((t) => [t.value.title, t.value.leads, t.value.cooperating, t.value.deadline])).toEqual([
      ['校舍安全排查', ['基建科'], ['安全科', '后勤科'], '2023-06-30'],
      ['燃气安全检查', ['安全科'], ['后勤科'], '2023-12-31'],
    ]);
  });
});

describe('reporting rules', () => {
  const rules = (s: string) => parsePlan(s, { today: '2023-02-01' }).reportingRules.map((r) => r.value);
  it.each([
    ['每年12月15日前报送年度工作总结。', { kind: 'yearly', month: 12, dayOfMonth: 15, dueDate: null }],
    ['每个月1日前，各学校要将隐患清单上传至系统。', { kind: 'monthly', dayOfMonth: 1, month: null, dueDate: null }],
    ['各校每月5日前上报隐患整改台账。', { kind: 'monthly', dayOfMonth: 5, month: null, dueDate: null }],
    ['于12月25日前报局安全科。', { kind: 'once', dueDate: '2023-12-25', dayOfMonth: null, month: null }],
    ['请于2023年6月30日前将自查报告报送至安全科。', { kind: 'once', dueDate: '2023-06-30', dayOfMonth: null, month: null }],
    ['每周五下班前汇总本周排查情况。', { kind: 'weekly', dayOfMonth: null, month: null, dueDate: null }],
    ['每季度末报送工作进展。', { kind: 'quarterly', dayOfMonth: null, month: null, dueDate: null }],
    ['每学期结束前提交安全工作总结。', { kind: 'termly', dayOfMonth: null, month: null, dueDate: null }],
  ])('%s', (s, expected) => {
    expect(rules(s)).toMatchObject([expected]);
  });
  it('每日一自查、每周一汇总、每月一上报 → weekly + monthly', () => {
    expect(rules('健全“每日一自查、每周一汇总、每月一上报”制度。').map((r) => r.kind)).toEqual(['weekly', 'monthly']);
  });
  it('a cadence without a submission is not a reporting rule', () => {
    expect(rules('督促学校每月开展自查自纠。2022年6月底前完成整改。')).toEqual([]);
  });
});

describe('indicators', () => {
  const ind = (s: string) => parsePlan(s).indicators.map((i) => [i.value.name, i.value.target]);
  it('…率达100% / 达到100% / lists before 达100%', () => {
    expect(ind('确保专职保安员配备率达100%。')).toEqual([['专职保安员配备率', 100]]);
    expect(ind('校园视频监控覆盖率达到100%，')).toEqual([['校园视频监控覆盖率', 100]]);
    expect(ind('专职保安员配备率、校园封闭化管理率达100%。')).toEqual([
      ['专职保安员配备率', 100],
      ['校园封闭化管理率', 100],
    ]);
    expect(ind('安全教育覆盖率要达到95%。')).toEqual([['安全教育覆盖率', 95]]);
  });
  it('“四个100%” lists', () => {
    expect(ind('年底前确保完成专职保安员配备率、学校封闭化管理率、一键式紧急报警和视频监控系统达标率、学校“护学岗”配备率“四个100%”达标。')).toEqual([
      ['专职保安员配备率', 100],
      ['学校封闭化管理率', 100],
      ['一键式紧急报警和视频监控系统达标率', 100],
      ['学校护学岗配备率', 100],
    ]);
  });
  it('100%合格 / 100%实现', () => {
    expect(ind('实现食堂从业人员持证上岗100%合格。')).toEqual([['食堂从业人员持证上岗合格率', 100]]);
    expect(ind('100%实现“明厨亮灶”；')).toEqual([['明厨亮灶覆盖率', 100]]);
  });
});

describe('teams', () => {
  it('one line per team: 第一督导组 组长：X 成员：Y、Z 联系学校：A、B', () => {
    const p = parsePlan(
      doc(
        '附件2 督导分组',
        '第一督导组 组长：张三 成员：李四、王五 联系学校：实验小学、第一中学（含分校）、中心幼儿园',
        '第二督导组 组长：赵六 成员：钱七 联系学校：城南小学',
      ),
    );
    expect(p.teams.map((t) => t.value)).toEqual([
      { name: '第一督导组', leader: '张三', members: ['李四', '王五'], schools: ['实验小学', '第一中学（含分校）', '中心幼儿园'] },
      { name: '第二督导组', leader: '赵六', members: ['钱七'], schools: ['城南小学'] },
    ]);
  });
  it('labels on their own lines with padded names', () => {
    const p = parsePlan(doc('第一督查小组', '组  长：', '任  洁  区教育局局长', '成  员：', '倪  群  区教育服务中心副主任', '汤娟娟  科长', '督查单位：甲小学、乙幼儿园'));
    expect(p.teams[0]?.value).toEqual({ name: '第一督查小组', leader: '任洁', members: ['倪群', '汤娟娟'], schools: ['甲小学', '乙幼儿园'] });
  });
});

describe('missing and evidence', () => {
  it('lists the fields it could not find', () => {
    expect(parsePlan('').missing).toEqual(['标题', '文号', '发文单位', '发文日期', '起止时间', '阶段', '重点领域', '任务', '报送要求', '指标', '督查组']);
  });
  it('evidence offsets point into the input', () => {
    const s = doc('', '  某某区教育局关于印发《某某区校园安全整治方案》的通知', '一、重点任务', '（一）消防安全。排查隐患。（安全科牵头）');
    const p = parsePlan(s);
    for (const x of [p.title, ...p.tasks, ...p.focusDomains]) {
      if (x) expect(s.slice(x.evidence.start, x.evidence.end)).toBe(x.evidence.text);
    }
    expect(p.tasks[0]?.value.leads).toEqual(['安全科']);
  });
});
