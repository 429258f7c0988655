/**
 * Focus domains (重点领域): HazardDomain codes named by the title, the task titles and the
 * numbered headings outside 保障措施 / 工作要求 / 组织领导 sections.
 */
import { headTitle, splitTitle } from './parse-plan.outline.js';
import { RE_STAGE_HEAD } from './parse-plan.stages.js';
import { evLine, type Line } from './parse-plan.text.js';
import type { Evidence, Proposed } from './plan.types.js';

const DOMAIN_KEYWORDS: [string, RegExp][] = [
  ['lab_chemicals', /实验室|危化品|危险化学品|化学品/],
  ['fire', /消防|火灾|防火/],
  ['traffic_bus', /校车|交通/],
  ['food', /食品|食堂|餐饮|饮用水|食物中毒|营养餐|供餐/],
  ['gas', /燃气|煤气|液化气|液化石油气|天然气/],
  ['ebike', /电动自行车|电动车|电瓶车/],
  ['buildings', /校舍|建筑|危房|设施设备|设备设施|施工|房屋|围墙|危墙/],
  // not 落实习近平…; 实训室 is a room
  ['internship', /(?<!落)实习(?!近平)|实训(?!室|楼)/],
  ['mental_health', /心理/],
  ['natural_disaster', /自然灾害|防汛|防台|台风|暴雨|洪涝|洪灾|山洪|泥石流|雷电|地震|地质灾害|防灾减灾|极端天气|气象灾害|溺水/],
  ['network', /网络安全|网络信息|舆情|网络诈骗|文明上网/],
  ['stability', /涉稳|维稳|稳定风险|意识形态|信访|政治安全|群体性事件/],
  ['security', /治安|安保|保安|门卫|三防|人防|技防|物防|欺凌|安防|安全防范|护校安园|反恐|防暴|扫黑除恶|管制刀具|一键报警|巡逻防控|(?:校园|学校)(?:及|和|与)?周边(?:环境|秩序|安全)?(?:综合)?(?:治理|整治)|周边环境/],
];

/** Sections whose headings name no focus domain (保障措施, 工作要求, 组织领导 …). */
const EXCLUDED_SECTION = /保障|要求|组织|指导思想|原则|领导|意义|背景|机构/;

/** HazardDomain codes a phrase names, in order of first appearance. */
export function domainsIn(text: string): string[] {
  const hits: [number, string][] = [];
  for (const [code, re] of DOMAIN_KEYWORDS) {
    const m = re.exec(text);
    if (m) hits.push([m.index, code]);
  }
  return hits.sort((a, b) => a[0] - b[0]).map((h) => h[1]);
}

/**
 * Sentences that list what the campaign checks or puts right, three or more 「…安全」 in a row:
 * 「排查整治重点主要包括学校安全教育、技防建设、消防安全、设施设备安全、校车安全、食品安全…」,
 * 「交通安全、食品安全、消防安全等隐患即时得到有效治理」.
 */
function enumerations(lines: readonly Line[]): Evidence[] {
  const out: Evidence[] = [];
  for (const l of lines) {
    if (l.tab || !l.text) continue;
    for (const m of l.text.matchAll(/[^。；;！？]+[。；;！？]?/g)) {
      if ((m[0].match(/安全(?=[、，,等])/g)?.length ?? 0) < 3) continue;
      // what is checked or put right, not the topics of safety education (…等专题教育): named
      // before the list (排查…) or after it (交通安全、食品安全、消防安全等隐患…得到治理)
      const first = m[0].search(/安全(?=[、，,])/);
      const before = m[0].slice(0, first);
      const after = m[0].slice(m[0].lastIndexOf('安全') + 2);
      const checked = /(重点|排查|整治|检查|着重|包括)/.test(before) || /^等?(?:方面的?|领域的?)?(?:隐患|问题|风险)/.test(after);
      if (!checked || /等(?:专题)?(?:教育|宣传)/.test(m[0])) continue;
      out.push({ text: m[0], start: l.textStart + m.index, end: l.textStart + m.index + m[0].length });
    }
  }
  return out;
}

/**
 * What the document says the campaign is for or looks at, outside the numbered outline:
 * the purpose clause that opens it (「为做好冬季校车安全管理工作，…」 up to 根据 / 按照 / 特制定
 * / 决定 …) and the sentences that state what is checked (检查内容 / 主要内容 / 重点检查 /
 * 以…为重点 …, from the cue on). A news item or a one-paragraph notice has nothing else.
 */
function statedScope(lines: readonly Line[]): Evidence[] {
  const out: Evidence[] = [];
  let purposeSeen = false;
  let preamble = true;
  for (const l of lines) {
    if (l.tab || !l.text) continue;
    if (l.num) preamble = false;
    for (const m of l.text.matchAll(/[^。；;！？]+[。；;！？]?/g)) {
      const sentence = m[0];
      const at = l.textStart + m.index;
      // before the outline: 「…启动为期一个月的…校园及周边环境综合整治行动」 names the campaign
      if (preamble) {
        const named = /(?:开展|启动|部署|组织)([^。；;，,]{2,40}?)(?:专项)?(?:行动|整治|检查|活动|攻坚)/.exec(sentence);
        if (named) out.push({ text: named[0], start: at + named.index, end: at + named.index + named[0].length });
      }
      if (!purposeSeen && preamble) {
        // before the outline, the sentence opens with 为 (为进一步加强…, 为了…): the campaign's purpose
        const p = /^\s*(为)(?!了?(?:师生|广大|学生|全体))/.exec(sentence);
        if (p) {
          purposeSeen = true;
          const from = p.index + p[0].length - 1;
          const stop = sentence.slice(from).search(/[，,](?:根据|按照|依据|结合|经研究|特|现|决定)|根据|按照|依据|结合我|特制定|特提出|现将|决定/);
          const clause = stop > 0 ? sentence.slice(from, from + stop) : sentence.slice(from);
          out.push({ text: clause, start: at + from, end: at + from + clause.length });
        }
      }
      const cue = /(检查|排查|整治|治理|专项)(?:的)?(?:主要)?(?:内容|重点)(?:主要)?(?:包括|为|是|有)?|主要内容(?:包括|为|是)?|重点(?:检查|排查|整治|治理)(?:了)?|以[^。；，,]{2,40}为重点/.exec(sentence);
      if (cue) {
        // from the cue to the end of its clause run, at most 80 characters
        const rest = sentence.slice(cue.index, cue.index + 80);
        out.push({ text: rest, start: at + cue.index, end: at + cue.index + rest.length });
      }
      // 「认真排查学校校舍和各类设备设施的安全隐患」: what the hazards are looked for in
      for (const h of sentence.matchAll(/排查(?:整治|整改|治理)?([^。；;，,]{2,30}?)(?:的|等)?(?:安全)?(?:风险)?隐患/g)) {
        const s0 = h.index;
        out.push({ text: h[0], start: at + s0, end: at + s0 + h[0].length });
      }
      // 「…和危险化学品、特种设备等重点领域」「…交通、消防等方面」: the list before 等…领域/方面
      for (const e of sentence.matchAll(/等(?:重点|多个|各)?(?:领域|方面)/g)) {
        const head = sentence.slice(0, e.index);
        const b = Math.max(head.search(/[^，,：:；;]*$/), head.lastIndexOf('等') + 1, e.index - 40);
        const list = sentence.slice(b, e.index).replace(/^[^、]*?(?:部位|场所|区域)(?:和|及|与)/, '');
        const s0 = e.index - list.length;
        if (list.length >= 2) out.push({ text: sentence.slice(s0, e.index + e[0].length), start: at + s0, end: at + e.index + e[0].length });
      }
    }
  }
  return out;
}

export type FocusSources = {
  title: Proposed<string> | null;
  tasks: readonly Proposed<{ title: string }>[];
  /** Task-section items that have children (group headings such as （一）消防安全). */
  groupHeadings: readonly Line[];
};

/** The focus domains, each once, with the first phrase that named it. */
export function findFocusDomains(lines: readonly Line[], from: FocusSources): Proposed<string>[] {
  const focusDomains: Proposed<string>[] = [];
  const seen = new Set<string>();
  const addDomains = (t: string, ev: Evidence) => {
    for (const d of domainsIn(t)) {
      if (seen.has(d)) continue;
      seen.add(d);
      focusDomains.push({ value: d, evidence: ev });
    }
  };
  if (from.title) addDomains(from.title.value, from.title.evidence);
  for (const t of from.tasks) {
    const firstLine = t.evidence.text.split('\n')[0] ?? '';
    addDomains(t.value.title, { ...t.evidence, text: t.evidence.text.split('\n')[0] ?? t.evidence.text, end: t.evidence.start + firstLine.length });
  }
  for (const g of from.groupHeadings) addDomains(headTitle(g), evLine(g));
  for (const e of enumerations(lines)) addDomains(e.text, e);
  for (const e of statedScope(lines)) addDomains(e.text, e);
  let sectionOk = true;
  for (const l of lines) {
    if (l.tab || !l.num || l.num.style === 'circled' || l.num.style === 'cn-shi') continue;
    // a hazard criterion (…安全出口未分开设置的；) names a place, not a focus of the campaign
    if (/的[；;。]?$/.test(l.body)) continue;
    if (l.num.rank === 1) {
      sectionOk = !EXCLUDED_SECTION.test(headTitle(l));
      continue;
    }
    if (sectionOk && !RE_STAGE_HEAD.test(headTitle(l))) addDomains(splitTitle(l.body).title, evLine(l));
  }
  return focusDomains;
}
