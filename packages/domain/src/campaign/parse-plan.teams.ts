/**
 * Supervision teams (督查组): 第X(督查/督导/检查…)(小)组 followed by 组长 / 副组长 / 成员 /
 * 督查单位 / 联系学校 / … labels, inline or one per line.
 */
import { RE_ANNEX, evLines, withText, type Line } from './parse-plan.text.js';
import type { Proposed, ProposedTeam } from './plan.types.js';

const RE_TEAM_HEAD =
  /^(第[一二三四五六七八九十0-9０-９]+(?:督查|督导|检查|巡查|工作|包保|联络|指导|专项|暗访|明查暗访)?(?:小组|组)|(?:督查|督导|检查|巡查)[一二三四五六七八九十0-9０-９]+组)/;
const RE_TEAM_LABEL =
  /(副\s*组\s*长|组\s*长|成\s*员|督查单位|督导单位|督查学校|督导学校|联系学校|联系单位|负责学校|分管学校|检查学校|检查单位|包保学校|挂钩学校|对口学校|督查对象|督导对象|检查对象|责任学校|联系片区|督查范围|督导范围)\s*[:：]/g;

/** A person's name on a line: the first or last token, padded names (任  洁) joined. */
function personFromLine(line: string): string | null {
  const t = line.trim();
  if (!t) return null;
  const tokens = t.split(/[\s\u3000]+/).filter(Boolean);
  if (tokens.length === 0) return null;
  const isName = (s: string) => /^[\u4e00-\u9fa5·]{2,4}$/.test(s);
  const t0 = tokens[0] ?? '';
  const t1 = tokens[1] ?? '';
  if (t0.length === 1 && t1.length === 1) return t0 + t1;
  if (isName(t0) && (tokens.length > 1 || t0.length <= 4)) return t0;
  const tl = tokens[tokens.length - 1] ?? '';
  const tl2 = tokens[tokens.length - 2] ?? '';
  if (tl.length === 1 && tl2.length === 1) return tl2 + tl;
  if (isName(tl)) return tl;
  return null;
}

function personsFrom(value: string): string[] {
  const lines = value.split('\n').map((x) => x.trim()).filter(Boolean);
  if (lines.length === 1 && /[、，,]/.test(lines[0] ?? '') && !/[\s\u3000]{2,}/.test(lines[0] ?? '')) {
    return (lines[0] ?? '').split(/[、，,]/).map((x) => x.trim().replace(/[。；;]$/, '')).filter((x) => x && x.length <= 6);
  }
  return lines.map(personFromLine).filter((x): x is string => x !== null);
}

/** Split on 、，, at the top level (not inside brackets). */
export function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (/[（(【\[]/.test(c)) depth++;
    if (/[）)】\]]/.test(c)) depth = Math.max(0, depth - 1);
    if (depth === 0 && /[、，,；;\n]/.test(c)) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out.map((x) => x.replace(/[。.]$/, '')).filter(Boolean);
}

/** The team's lines: up to the next team, or an outer heading or annex line before it. */
function teamLines(lines: Line[], h: Line, next: Line | undefined): Line[] {
  let endIdx = next ? next.index : lines.length;
  for (let i = h.index + 1; i < endIdx; i++) {
    const l = lines[i];
    if (l && !l.tab && ((l.num && l.num.rank <= 2) || RE_ANNEX.test(l.text))) {
      endIdx = i;
      break;
    }
  }
  return lines.slice(h.index, endIdx).filter((l) => l.text);
}

/** Leader, members and schools from the labelled values of one team. */
function readTeam(joined: string, name: string): ProposedTeam | null {
  const labels = [...joined.matchAll(RE_TEAM_LABEL)];
  if (labels.length === 0) return null;
  let leader: string | null = null;
  const members: string[] = [];
  const schools: string[] = [];
  labels.forEach((lm, j) => {
    const nxt = labels[j + 1];
    const value = joined.slice(lm.index + lm[0].length, nxt ? nxt.index : joined.length);
    const label = (lm[1] ?? '').replace(/\s/g, '');
    if (label === '组长') leader = personsFrom(value)[0] ?? leader;
    else if (label === '副组长' || label === '成员') members.push(...personsFrom(value));
    else schools.push(...splitTopLevel(value.replace(/\n/g, '、')));
  });
  if (!leader && members.length === 0 && schools.length === 0) return null;
  return { name, leader, members, schools };
}

export function findTeams(lines: Line[], src: string): Proposed<ProposedTeam>[] {
  const out: Proposed<ProposedTeam>[] = [];
  const heads = lines.filter((l) => l.text && RE_TEAM_HEAD.test(l.text.replace(/[\s\u3000]/g, '')));
  heads.forEach((h, k) => {
    const own = teamLines(lines, h, heads[k + 1]);
    const joined = own.map((l) => l.text).join('\n');
    const headMatch = RE_TEAM_HEAD.exec(joined.replace(/[\s\u3000]/g, ''));
    const team = readTeam(joined, headMatch?.[1] ?? h.text);
    if (!team) return;
    const last = own[own.length - 1] ?? h;
    out.push({ value: team, evidence: withText(src, evLines(h, last)) });
  });
  return out;
}
