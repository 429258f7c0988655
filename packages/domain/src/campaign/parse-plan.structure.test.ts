import { describe, expect, it } from 'vitest';
import { findDates } from './dates.js';
import { parsePlan } from './parse-plan.js';

/*
 * Stage sections and focus domains read from the document's own structure (issue 16, item 2):
 * one test per phrase family, each with invented wording, so a family is read wherever it
 * appears and not because one plan put it there.
 */

const TODAY = '2026-12-03';
const doc = (...lines: string[]) => `某县学校安全专项整治实施方案\n${lines.join('\n')}\n`;
const stagesOf = (text: string) => parsePlan(text, { today: TODAY }).stages.map((s) => [s.value.name, s.value.start, s.value.end]);
const domainsOf = (text: string) => parsePlan(text, { today: TODAY }).focusDomains.map((d) => d.value);

describe('stage sections: the heading by its grammar, not a list of words', () => {
  it('活动步骤 / 整治时间及步骤 / 日程安排 open a stage section like 实施步骤 does', () => {
    for (const head of ['三、活动步骤', '三、整治时间及步骤', '三、日程安排', '三、时间计划']) {
      expect(stagesOf(doc(head, '（一）动员部署阶段（2023年3月）', '（二）集中整治阶段（2023年4月至6月）', '四、工作要求', '认真落实。')), head).toEqual([
        ['动员部署', '2023-03-01', '2023-03-31'],
        ['集中整治', '2023-04-01', '2023-06-30'],
      ]);
    }
  });

  it('a heading about 要求 or 目标 is not a stage section', () => {
    const p = parsePlan(doc('三、步骤要求', '（一）提高认识（2023年3月）', '（二）加强督查'), { today: TODAY });
    expect(p.stages).toEqual([]);
  });

  it('1. / （一） / 第一阶段 items with every written form of their dates', () => {
    expect(
      stagesOf(doc('五、工作步骤', '1.宣传发动阶段（2022年3月至6月）', '2.排查整改阶段（2022年7月—9月）', '3.巩固提升阶段（下半年）')),
    ).toEqual([
      ['宣传发动', '2022-03-01', '2022-06-30'],
      ['排查整改', '2022-07-01', '2022-09-30'],
      ['巩固提升', '2022-07-01', '2022-12-31'],
    ]);
    expect(stagesOf(doc('四、进度安排', '第一阶段（2024年上半年）：摸底排查。', '第二阶段（2024年下半年）：集中整治。'))).toEqual([
      ['摸底排查', '2024-01-01', '2024-06-30'],
      ['集中整治', '2024-07-01', '2024-12-31'],
    ]);
  });
});

describe('stage dates on the line after the stage name, and numeric dates', () => {
  it('（一）动员部署阶段 / 时间：2023年3月1日—3月10日。… (or the dates opening the next line)', () => {
    const want = [
      ['动员部署', '2023-03-01', '2023-03-10'],
      ['排查整治', '2023-03-11', '2023-05-31'],
    ];
    expect(stagesOf(doc('三、实施步骤', '（一）动员部署阶段', '时间：2023年3月1日—3月10日。成立机构。', '（二）排查整治阶段', '时间：2023年3月11日—5月31日。全面排查。'))).toEqual(want);
    expect(stagesOf(doc('三、实施步骤', '（一）动员部署阶段', '2023年3月1日—3月10日，成立机构。', '（二）排查整治阶段', '2023年3月11日—5月31日，全面排查。'))).toEqual(want);
  });

  it('2023.3.1—2023.3.10 and 2023/3/11-2023/5/31 are ranges like 2023年3月1日至3月10日', () => {
    expect(stagesOf(doc('五、时间安排', '1.动员部署阶段（2023.3.1—2023.3.10）', '2.排查整治阶段（2023/3/11-2023/5/31）'))).toEqual([
      ['动员部署', '2023-03-01', '2023-03-10'],
      ['排查整治', '2023-03-11', '2023-05-31'],
    ]);
    expect(findDates('2024-02-28至2024-03-01', { year: null })[0]).toMatchObject({ from: '2024-02-28', to: '2024-03-01', range: true });
    // not a date: a version, a ratio, a year range without 年
    expect(findDates('1.5米 2022-2024 3.14', { year: 2023 }).map((d) => d.text)).toEqual([]);
  });

  it('（一）第一阶段：动员部署（…） → the name after 第一阶段：', () => {
    expect(stagesOf(doc('三、实施步骤', '（一）第一阶段：动员部署（2023年3月1日—3月10日）', '（二）第二阶段：排查整治（2023年3月11日—5月31日）')).map((s) => s[0])).toEqual([
      '动员部署',
      '排查整治',
    ]);
  });
});

describe('stage names: the words that introduce a stage are not its name', () => {
  it('第一阶段为动员部署阶段（…） → 动员部署', () => {
    expect(
      stagesOf(doc('三、实施步骤', '第一阶段为动员部署阶段（2021年4月）。成立专班。', '第二阶段为集中整治阶段（2021年5月至10月）。', '第三阶段为总结提升阶段（2021年11月至12月）。')),
    ).toEqual([
      ['动员部署', '2021-04-01', '2021-04-30'],
      ['集中整治', '2021-05-01', '2021-10-31'],
      ['总结提升', '2021-11-01', '2021-12-31'],
    ]);
  });

  it('2022年3月—4月为动员部署阶段 → the dates first, then the name after 为; the period spans the stages', () => {
    const p = parsePlan(
      doc('四、实施步骤', '2022年3月—4月为动员部署阶段，各地制定方案。', '2022年5月—10月为集中整治阶段，全面整治。', '2022年11月—12月为总结验收阶段。'),
      { today: TODAY },
    );
    expect(p.stages.map((s) => s.value.name)).toEqual(['动员部署', '集中整治', '总结验收']);
    expect(p.period?.value).toEqual({ start: '2022-03-01', end: '2022-12-31' });
  });
});

describe('stages named in one sentence', () => {
  it('分为动员部署、自查整改和总结提高三个阶段 → three stages without dates', () => {
    expect(stagesOf('某镇学校安全检查通知\n此次行动将持续一个月，分为动员部署、自查整改和总结提高三个阶段，全面推进。\n')).toEqual([
      ['动员部署', null, null],
      ['自查整改', null, null],
      ['总结提高', null, null],
    ]);
    expect(stagesOf('通知\n本次检查分学校自查和教育局督查两个阶段进行。\n').map((s) => s[0])).toEqual(['学校自查', '教育局督查']);
  });
});

describe('stage dates', () => {
  it('a stage with only a deadline (10月底前) starts the day after the stage before it', () => {
    expect(stagesOf(doc('三、工作步骤', '1.动员部署阶段（2022年3月至6月）', '2.集中整治阶段（2022年7月—9月）', '3.总结阶段（2022年10月底前）'))[2]).toEqual([
      '总结',
      '2022-10-01',
      '2022-10-31',
    ]);
  });

  it('即日起至 a day already past when the text is read: the start is not known, not today', () => {
    expect(stagesOf(doc('三、实施步骤', '（一）宣传发动阶段（即日起至2022年5月10日）', '（二）排查整治阶段（2022年5月11日至9月30日）'))[0]).toEqual([
      '宣传发动',
      null,
      '2022-05-10',
    ]);
  });

  it('a bracket cut off after its year (排查整治阶段(2021) starts that year', () => {
    expect(stagesOf(doc('三、时间安排', '动员部署阶段(2020年12月底前)', '明确职责。', '排查整治阶段(2021'))[1]).toEqual(['排查整治', '2021-01-01', null]);
  });

  it('a heading that is itself a dated stage (2．实施阶段（…）) is a stage of the section above it', () => {
    const p = parsePlan(doc('三、工作安排', '1．部署阶段（2021年3月）：制定方案。', '2．实施阶段（2021年4月—10月）：全面排查。', '3．总结阶段（2021年11月）：总结。'), {
      today: TODAY,
    });
    expect(p.stages.map((s) => s.value.name)).toEqual(['部署', '实施', '总结']);
    expect(p.period?.value).toEqual({ start: '2021-03-01', end: '2021-11-30' });
  });

  it('the intro of a section without numbered items ends at its first dated stage', () => {
    const p = parsePlan(doc('四、实施步骤', '2022年3月—4月为动员部署阶段。', '2022年5月—10月为集中整治阶段。'), { today: TODAY });
    expect(p.period?.value).toEqual({ start: '2022-03-01', end: '2022-10-31' });
  });
});

describe('period', () => {
  it('a template year (20xx年) states no year: 自20xx年9月1日起至20xx年12月31日止 is a year-less range', () => {
    const d = findDates('自20xx年9月1日起至20xx年12月31日止', { year: 2026 });
    expect(d[0]).toMatchObject({ from: '2026-09-01', to: '2026-12-31', range: true });
    const p = parsePlan(doc('三、时间安排', '专项整治自20xx年9月1日起至20xx年12月31日止，分三个阶段：', '（一）部署阶段（9月1日—9月10日）'), { today: TODAY });
    expect(p.period?.value).toEqual({ start: '2026-09-01', end: '2026-12-31' });
  });

  it('no period from the stages when a stage starts after every stated end', () => {
    const p = parsePlan(doc('三、时间安排', '动员部署阶段(2020年12月底前)', '明确职责。', '排查整治阶段(2021'), { today: TODAY });
    expect(p.period).toBeNull();
  });
});

describe('focus domains from what the document says it is for and what it checks', () => {
  it('the purpose clause that opens the text (为做好冬季校车安全管理工作，…)', () => {
    expect(domainsOf('为做好冬季校车安全管理工作，确保学生出行平安，根据上级要求，县教育局开展一次联合排查。\n')).toEqual(['traffic_bus']);
  });

  it('not a purpose clause inside a sentence (…的时候，为了上级更好的决策)', () => {
    expect(domainsOf('工作方案怎么写？在计划开展某项工作的时候，为了上级更好的决策，需要准备方案。\n')).toEqual([]);
  });

  it('the campaign named before the outline (启动…校园及周边环境综合整治行动)', () => {
    expect(domainsOf('记者获悉，该区即日起正式启动为期一个月的校园及周边环境综合整治行动，旨在改善环境。\n')).toEqual(['security']);
  });

  it('what is checked: 检查内容包括… / 主要内容为… / 重点检查… / 以…为重点', () => {
    expect(domainsOf('乡里启动春季检查。此次检查的主要内容为食品安全、消防安全和校园安保情况。\n')).toEqual(['food', 'fire', 'security']);
    expect(domainsOf('区教育局开展检查。检查内容包括危险化学品的管理使用情况；\n')).toEqual(['lab_chemicals']);
    expect(domainsOf('本次行动以校车和接送车辆为重点，兼顾其他。\n')).toEqual(['traffic_bus']);
  });

  it('the list before 等重点领域 / 等方面, not the rooms before 等重点部位', () => {
    expect(domainsOf('各部门对学生宿舍、食堂、实验实训室等重点部位和危险化学品、特种设备等重点领域进行了排查。\n')).toEqual(['lab_chemicals']);
  });

  it('not 实习 in 落实习近平…, not 实训 in 实训室', () => {
    expect(domainsOf('为全面贯彻落实习近平总书记关于安全生产的重要论述，结合实际，制定本方案。\n')).toEqual([]);
  });
});
