import { describe, expect, it } from 'vitest';
import { findDates } from './dates.js';
import { readNumbering } from './numbering.js';
import { prepareText, toSimplified } from './parse-plan.clean.js';
import { parsePlan } from './parse-plan.js';
import { splitLines } from './parse-plan.text.js';

/*
 * Phrase families the plan corpus showed (issue 16), each with invented wording: a family is
 * read wherever it appears, not because one plan put it there.
 */

const values = <T>(xs: { value: T }[]) => xs.map((x) => x.value);

describe('outline: 一是 / 二是 and markers run together on one line', () => {
  it('reads 一是 as a point numbering, not 一是一', () => {
    expect(readNumbering('一是压实责任。')).toMatchObject({ style: 'cn-shi', ordinal: 1 });
    expect(readNumbering('三是开展演练')).toMatchObject({ style: 'cn-shi', ordinal: 3 });
  });

  it('splits a paragraph at 一、 / （一） / 1. that continue the numbering, not at 2.5米 or a stray 三、', () => {
    const text = '现制定方案如下:一、工作目标明确。二、重点任务(一)排查校舍。(二)整治食堂。三、栏杆高度不低于1.1米，2.5米以上须加固。';
    const l = splitLines(text).map((x) => x.text);
    expect(l).toEqual(['现制定方案如下:', '一、工作目标明确。', '二、重点任务', '(一)排查校舍。', '(二)整治食堂。', '三、栏杆高度不低于1.1米，2.5米以上须加固。']);
    // offsets still point into the input
    for (const x of splitLines(text)) expect(text.slice(x.textStart, x.textStart + x.text.length)).toBe(x.text);
  });

  it('tasks numbered 一是 / 二是 when nothing is numbered above them', () => {
    const p = parsePlan('某镇学校安全大检查工作安排\n为确保开学安全，现安排如下。\n一是全面排查校舍隐患，建立台账。\n二是严格落实门卫值守制度。\n');
    expect(p.tasks.map((t) => t.value.title)).toEqual(['全面排查校舍隐患，建立台账', '严格落实门卫值守制度']);
  });

  it('a plan without a task heading: its sections are its tasks, aims and organisation are not', () => {
    const p = parsePlan(
      '关于做好秋季开学安全工作的通知\n各学校：\n一、指导思想\n坚持安全第一。\n二、组织领导\n成立工作专班。\n三、全面排查安全隐患\n各校开学前完成自查。\n四、加强食堂管理\n严格执行陪餐制度。\n',
    );
    expect(p.tasks.map((t) => t.value.title)).toEqual(['全面排查安全隐患', '加强食堂管理']);
  });
});

describe('dates in every written form', () => {
  const ctx = { year: 2023, anchor: '2023-03-06' };
  it('2022—2024年 · 2022年3月至6月 · 即日起至 · 3月底前 · 上半年', () => {
    expect(findDates('2022—2024年', ctx)[0]).toMatchObject({ from: '2022-01-01', to: '2024-12-31' });
    expect(findDates('2022年3月至6月', ctx)[0]).toMatchObject({ from: '2022-03-01', to: '2022-06-30' });
    expect(findDates('即日起至2023年5月底', ctx)[0]).toMatchObject({ from: '2023-03-06', to: '2023-05-31' });
    expect(findDates('3月底前', ctx)[0]).toMatchObject({ deadline: true, to: '2023-03-31' });
    expect(findDates('2023年上半年', ctx)[0]).toMatchObject({ from: '2023-01-01', to: '2023-06-30' });
  });

  it('spaces from PDF text (4 月 12 日), a day-only end (6月1日至30日), 即日 起', () => {
    expect(findDates('4 月 12 日至 10 月 31 日', ctx)[0]).toMatchObject({ from: '2023-04-12', to: '2023-10-31' });
    expect(findDates('2023年6月1日至30日', ctx)[0]).toMatchObject({ from: '2023-06-01', to: '2023-06-30' });
    expect(findDates('自即日 起至2023年1月底', ctx)[0]).toMatchObject({ from: '2023-03-06', to: '2023-01-31' });
  });

  it('the period in the title: …三年行动方案（2022—2024年）', () => {
    const p = parsePlan('某县中小学消防安全三年行动方案（2022—2024年）\n一、工作目标\n全面提升。\n');
    expect(p.period?.value).toEqual({ start: '2022-01-01', end: '2024-12-31' });
  });

  it('stages under 工作步骤 / 时间安排 / 实施步骤, named after the bracket or in one sentence', () => {
    const a = parsePlan('某区方案\n四、工作步骤\n动员部署阶段（2023年3月底前）\n各校制定方案。\n集中整治阶段（2023年4月至9月）\n');
    expect(values(a.stages).map((s) => [s.name, s.start, s.end])).toEqual([
      ['动员部署', null, '2023-03-31'],
      ['集中整治', '2023-04-01', '2023-09-30'],
    ]);
    const b = parsePlan('本次整治从2023年5月至2023年10月，宣传发动阶段为5月1日至5月20日；排查整改阶段为5月21日至9月30日；总结验收阶段为10月。');
    expect(values(b.stages).map((s) => s.name)).toEqual(['宣传发动', '排查整改', '总结验收']);
    expect(b.period?.value).toEqual({ start: '2023-05-01', end: '2023-10-31' });
  });
});

describe('leads and deadlines of tasks', () => {
  it('a group heading that is a unit leads its items; 按职责分工负责 in brackets after the task', () => {
    const p = parsePlan(
      '某县方案\n三、重点任务\n（一）县教育局\n1.督促学校完成消防设施检测。\n（二）县市场监管局\n2.开展校园食品抽检。\n四、工作要求\n（一）压实责任。强化监管（局安全股、各学校按职责分工负责）。\n',
    );
    const t = values(p.tasks);
    expect(t[0]).toMatchObject({ title: '督促学校完成消防设施检测', leads: ['县教育局'] });
    expect(t[1]).toMatchObject({ leads: ['县市场监管局'] });
  });

  it('leads after the task (责任单位：… on the next line, X牵头), deadlines as dates and as 持续推进 / 长期坚持', () => {
    const p = parsePlan(
      [
        '某县校园安全隐患排查整治工作方案',
        '一、整治时间',
        '2023年3月至2023年12月。',
        '二、重点任务',
        '（一）排查校舍隐患。6月底前完成C级危房加固。',
        '责任单位：基建股、各学校',
        '（二）规范食堂管理。由后勤中心牵头，卫生室配合。完成时限：2023年9月',
        '（三）开展安全教育。持续推进。（安全股负责）',
        '（四）落实值班值守。长期坚持。',
      ].join('\n'),
    );
    expect(values(p.tasks).map((t) => [t.title, t.leads, t.deadline])).toEqual([
      ['排查校舍隐患', ['基建股', '各学校'], '2023-06-30'],
      ['规范食堂管理', ['后勤中心'], '2023-09-30'],
      ['开展安全教育', ['安全股'], '2023-12-31'],
      ['落实值班值守', [], '2023-12-31'],
    ]);
    expect(values(p.tasks)[1]?.cooperating).toEqual(['卫生室']);
  });

  it('a hazard criterion (…的；) is not a task: the heading above the criteria is', () => {
    const p = parsePlan('某镇方案\n二、整治重点\n（一）学生宿舍\n1.私拉乱接电线的；\n2.使用大功率电器的；\n（二）校车接送\n');
    expect(p.tasks.map((x) => x.value.title)).toEqual(['学生宿舍', '校车接送']);
  });
});

describe('indicators and reporting rules as sentences', () => {
  it('到2023年底…达到100% · X率 100% · 60%的学校完成“平安校园”创建 · 100%整改到位', () => {
    const p = parsePlan(
      '到2023年底，视频监控系统与公安机关联网率达到100%。即：家长告知率 100%；隐患排查率为98%。60%的学校完成“平安校园”创建，隐患100%整改到位。',
    );
    expect(values(p.indicators).map((i) => [i.name, i.target])).toEqual([
      ['视频监控系统与公安机关联网率', 100],
      ['隐患整改到位率', 100],
      ['学校完成平安校园创建', 60],
      ['家长告知率', 100],
      ['隐患排查率', 98],
    ]);
  });

  it('“4个100%” after who it concerns is not an indicator named after them', () => {
    expect(parsePlan('全县中小学、幼儿园“4个100%”成果全面巩固。').indicators).toEqual([]);
  });

  it('每月5日前报送 · 于4月20日交局安全股 · 于5月10日前反馈', () => {
    const p = parsePlan('某县方案\n发布于2023年3月1日\n各校每月5日前报送隐患台账；请于4月20日交局安全股；于5月10日前反馈县教育局。');
    expect(values(p.reportingRules).map((r) => [r.kind, r.dayOfMonth, r.dueDate])).toEqual([
      ['monthly', 5, null],
      ['once', null, '2023-04-20'],
      ['once', null, '2023-05-10'],
    ]);
  });
});

describe('text pasted from a web page', () => {
  const page = [
    '索引号：11340000/2023-00012',
    '发布机构：某县教育局　　发布日期：2023-03-08',
    '【字体：大 中 小】 打印本页 关闭窗口',
    '某县教育局关于开展校园燃气安全排查整治的通知',
    '某教发〔2023〕12号',
    '各学校：',
    '现就有关事项通知如下。',
    '一、排查食堂燃气管道。',
    '浏览次数：312',
  ].join('\n');

  it('ignores the furniture and keeps every offset on the pasted text', () => {
    const clean = prepareText(page);
    expect(clean).toHaveLength(page.length);
    expect(clean).not.toMatch(/索引号|发布机构|字体|打印本页|浏览次数/);
    const p = parsePlan(page);
    expect(p.title?.value).toBe('某县教育局关于开展校园燃气安全排查整治的通知');
    expect(p.docNumber?.value).toBe('某教发〔2023〕12号');
    expect(p.tasks.map((t) => t.value.title)).toEqual(['排查食堂燃气管道']);
    expect(values(p.focusDomains)).toContain('gas');
    for (const x of [p.title, p.docNumber, ...p.tasks]) if (x) expect(page.slice(x.evidence.start, x.evidence.end)).toBe(x.evidence.text);
  });

  it('traditional characters and pinyin glosses of mirror sites read as simplified, evidence as pasted', () => {
    expect(toSimplified('學校實驗室危險化學品專項整治')).toBe('学校实验室危险化学品专项整治');
    const text = '縣教育系統(tǒng)校車安全專項整治方案\n四、實施步驟\n(一)排查摸底(2023年5月)。\n';
    const p = parsePlan(text);
    expect(p.title?.value).toBe('县教育系统校车安全专项整治方案');
    expect(p.title?.evidence.text).toBe('縣教育系統(tǒng)校車安全專項整治方案');
    expect(values(p.stages).map((s) => [s.name, s.start])).toEqual([['排查摸底', '2023-05-01']]);
  });

  it('page numbers of a PDF (— 3 —, 第 2 页 共 5 页) are furniture', () => {
    expect(prepareText('一、任务\n— 3 —\n第 2 页 共 5 页\n- 12 -').split('\n').map((l) => l.trim())).toEqual(['一、任务', '', '', '']);
  });

  it('full-width and half-width punctuation alike', () => {
    const a = parsePlan('某区方案\n三、主要任务\n（一）排查校舍。（责任单位：基建科）\n');
    const b = parsePlan('某区方案\n三、主要任务\n(一)排查校舍.(责任单位:基建科)\n');
    expect(values(a.tasks)[0]).toMatchObject({ title: '排查校舍', leads: ['基建科'] });
    expect(values(b.tasks)[0]).toMatchObject({ leads: ['基建科'] });
  });
});

describe('stages under 工作步骤 / 时间安排 / 实施步骤 / 进度安排 / 方法步骤, in their written forms', () => {
  const stagesOf = (text: string, today = '2026-12-03') => values(parsePlan(text, { today }).stages).map((s) => [s.name, s.start, s.end]);

  it('（一）动员部署阶段（2023年3月1日—3月15日）: the year carries to the year-less stages after it', () => {
    const text = '某县2023年校园安全隐患排查整治工作方案\n一、工作目标\n消除隐患。\n二、工作步骤\n（一）动员部署阶段（2023年3月1日—3月15日）。各校成立专班。\n（二）自查自纠阶段（3月16日—4月30日）。全面自查。\n（三）督查整改阶段（5月1日—6月30日）。局督查组抽查。\n';
    expect(stagesOf(text)).toEqual([
      ['动员部署', '2023-03-01', '2023-03-15'],
      ['自查自纠', '2023-03-16', '2023-04-30'],
      ['督查整改', '2023-05-01', '2023-06-30'],
    ]);
  });

  it('第一阶段：…（即日起至4月底）written in December: the year-less end and the stages after it fall in the next year', () => {
    const text = '某区中小学校园安全专项整治行动方案\n一、时间安排\n第一阶段：动员部署（即日起至4月底）。\n第二阶段：集中整治（5月至9月）。\n第三阶段：总结验收（10月）。\n';
    expect(stagesOf(text)).toEqual([
      ['动员部署', '2026-12-03', '2027-04-30'],
      ['集中整治', '2027-05-01', '2027-09-30'],
      ['总结验收', '2027-10-01', '2027-10-31'],
    ]);
    // stages that merely overlap keep their year
    const overlap = '2024年校园消防整治方案\n三、实施步骤\n1.动员部署（3月1日至3月15日）。\n2.排查整治（3月10日至6月30日）。\n';
    expect(stagesOf(overlap)).toEqual([
      ['动员部署', '2024-03-01', '2024-03-15'],
      ['排查整治', '2024-03-10', '2024-06-30'],
    ]);
  });

  it('1. 自查自纠阶段。4月1日至5月31日…: the dates open the sentence after the name, the plan’s year applies', () => {
    const text = '2025年某镇学校安全隐患大排查实施方案\n三、实施步骤\n1. 自查自纠阶段。4月1日至5月31日，各校全面自查。\n2. 集中整治阶段。6月1日至8月31日，逐项整改。\n3. 总结提升阶段。9月，形成总结。\n';
    expect(stagesOf(text)).toEqual([
      ['自查自纠', '2025-04-01', '2025-05-31'],
      ['集中整治', '2025-06-01', '2025-08-31'],
      ['总结提升', '2025-09-01', '2025-09-30'],
    ]);
  });

  it('进度安排 with 第一阶段（…）：name, and 方法步骤 with its period in a dashed range (5月4日----6月30日)', () => {
    const text = '关于开展2024年校园消防安全专项整治的通知\n各学校：\n四、进度安排\n第一阶段（2024年3月1日至3月20日）：宣传发动。\n第二阶段（3月21日至6月30日）：排查整治。\n';
    expect(stagesOf(text)).toEqual([
      ['宣传发动', '2024-03-01', '2024-03-20'],
      ['排查整治', '2024-03-21', '2024-06-30'],
    ]);
    const dashed = '2022年某校安全专项治理活动方案\n三、方法步骤\n本次活动分两个阶段进行(5月4日----6月30日)\n(一)、组织部署阶段(5月5日到5月7日)\n部署工作。\n(二)、集中整治阶段(5月8日到6月30日)\n整治。\n';
    const p = parsePlan(dashed);
    expect(p.period?.value).toEqual({ start: '2022-05-04', end: '2022-06-30' });
    expect(values(p.stages).map((s) => s.name)).toEqual(['组织部署', '集中整治']);
  });
});

describe('periods stated with the work they run', () => {
  it('「3月7日至3月31日学校组织开展了…」 and 「于4月1日至6月30日在全县开展…」', () => {
    const a = parsePlan('2019年校园安全大排查大整治活动总结\n按照部署，3月7日至3月31日学校组织开展了校园安全大排查大整治活动。\n');
    expect(a.period?.value).toEqual({ start: '2019-03-07', end: '2019-03-31' });
    const b = parsePlan('某县2024年校园周边环境整治方案\n县教育局决定于4月1日至6月30日在全县开展校园周边环境集中整治。\n');
    expect(b.period?.value).toEqual({ start: '2024-04-01', end: '2024-06-30' });
    // a date range that is not the work's time is not the period
    const c = parsePlan('某校安全工作方案\n一、工作目标\n消除隐患。\n二、主要任务\n（一）排查校舍。要求3月1日至3月5日完成登记，报送材料。\n');
    expect(c.period).toBeNull();
  });
});

describe('focus domains named by what is put right, and headings read without gaps', () => {
  it('「交通安全、食品安全、消防安全等隐患…得到治理」 names three domains; a list of education topics does not', () => {
    const p = parsePlan('某乡学校安全专项整治方案\n一、指导思想\n坚持安全第一。师生的交通安全、食品安全、消防安全等隐患即时得到有效治理。\n');
    expect(values(p.focusDomains)).toEqual(['traffic_bus', 'food', 'fire']);
    const q = parsePlan('某乡学校安全教育方案\n一、工作内容\n开展交通安全、食品安全、消防安全等专题教育。\n');
    expect(values(q.focusDomains)).not.toContain('food');
  });

  it('a heading with the gaps blanked glosses leave (指導(dǎo)思想) is still 指导思想, not a task', () => {
    const p = parsePlan('學校周邊環境綜合治理工作的實施方案\n一、指導(dǎo)思想\n牢固樹立安全第一的思想。\n二、排查周邊隱患\n每周巡查一次。\n');
    expect(values(p.tasks).map((t) => t.title)).toEqual(['排查周边隐患']);
  });
});
