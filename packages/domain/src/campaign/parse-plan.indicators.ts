/**
 * Indicators (指标): …率达(到)N% · A率、B率达N% · “四个100%” lists · N%合格/达标 → …合格率 ·
 * N%实现“X” → X覆盖率.
 */
import { QUOTES, normalizeText, sentenceAt, stripTrailingPunct } from './parse-plan.text.js';
import type { Proposed, ProposedIndicator } from './plan.types.js';

const RE_LEAD_VERBS =
  /^.*(确保完成|确保|努力实现|力争实现|力争|实现|推动|推进|做到|要求|达到|完成|使|并且|并|其中|全面|年底前|年内|逐步|均|要)/;

function cleanIndicatorName(raw: string): string {
  let s = raw.replace(QUOTES, '').replace(/[\s\u3000]/g, '');
  const m = RE_LEAD_VERBS.exec(s);
  if (m && s.length - m[0].length >= 3) s = s.slice(m[0].length);
  return stripTrailingPunct(s);
}

/** The clause (back to the last ，。；：) that ends at `end`. */
function clauseBefore(s: string, end: number): string {
  let b = end;
  while (b > 0 && !/[，,。；;：:\n！？]/.test(s[b - 1] ?? '')) b--;
  return s.slice(b, end);
}

type Push = (name: string, target: number, at: number, asWritten?: boolean) => void;

/** 「…率、…率“四个100%”」. */
function countedLists(src: string, push: Push): void {
  for (const m of src.matchAll(/[“"]?([一二三四五六七八九十两]|[0-9])个\s*([0-9]{1,3}(?:\.[0-9]+)?)\s*[%％][”"]?/g)) {
    // 「全市中小学、幼儿园“4个100%”成果」 names who, not which rates: only rates are indicators
    const names = clauseBefore(src, m.index).split(/[、]/).filter((x) => /率[”"]?\s*$/.test(x));
    for (const nm of names) push(nm, Number(m[2]), m.index);
  }
}

/** 「X率达（到）100%」, 「A率、B率达100%」, 「X达到95%」. */
function rateReaches(src: string, push: Push): void {
  for (const m of src.matchAll(/(要达到|均达到|均达|达到|达|保持在|保持|做到|不低于|超过|提高到|提升至|提升到)\s*([0-9]{1,3}(?:\.[0-9]+)?)\s*[%％]/g)) {
    const items = clauseBefore(src, m.index).split(/[、]/).filter((x) => x.trim());
    const withRate = items.filter((x) => /率[”"]?$/.test(x.trim()));
    const use = withRate.length ? withRate : items.slice(-1);
    for (const nm of use) push(nm, Number(m[2]), m.index);
  }
}

/** 「X100%合格/达标/覆盖」, 「X100%排查到位」, 「100%实现“X”」 and 「60%的学校完成“平安校园”创建」. */
function percentAchieved(src: string, push: Push): void {
  for (const m of src.matchAll(/([0-9]{1,3}(?:\.[0-9]+)?)\s*[%％]\s*([\u4e00-\u9fa5]{0,4}?)(合格|达标|覆盖|完成|落实|到位)/g)) {
    const before = clauseBefore(src, m.index);
    if (!before.trim() || /[一二三四五六七八九十两0-9]个$/.test(before)) continue;
    push(`${cleanIndicatorName(before)}${m[2]}${m[3]}率`, Number(m[1]), m.index);
  }
  for (const m of src.matchAll(/([0-9]{1,3}(?:\.[0-9]+)?)\s*[%％]\s*的([^，,。；;、\n]{2,20}?(?:完成|实现|达到|通过|建成)[^，,。；;、\n]{1,12})(?=[，,。；;\n]|$)/g)) {
    push(m[2] ?? '', Number(m[1]), m.index, true);
  }
  for (const m of src.matchAll(/([0-9]{1,3}(?:\.[0-9]+)?)\s*[%％]\s*(?:实现|覆盖|配备|建成|开展)([“"]?[^，。；;、\n]{2,15}?[”"]?)(?=[，。；;、\n]|$)/g)) {
    const x = (m[2] ?? '').replace(QUOTES, '');
    push(`${x}${/率$/.test(x) ? '' : '覆盖率'}`, Number(m[1]), m.index);
  }
}

/** 「X率 100%」, 「X率为95%」: the rate stated without a verb. */
function rateIs(src: string, push: Push): void {
  for (const m of src.matchAll(/率\s*(?:为|是|[:：])?\s*([0-9]{1,3}(?:\.[0-9]+)?)\s*[%％]/g)) {
    push(clauseBefore(src, m.index + 1), Number(m[1]), m.index);
  }
}

export function findIndicators(src: string): Proposed<ProposedIndicator>[] {
  const out: Proposed<ProposedIndicator>[] = [];
  const seen = new Set<string>();
  const push: Push = (name, target, at, asWritten = false) => {
    const n = asWritten ? stripTrailingPunct(name.replace(QUOTES, '').replace(/[\s\u3000]/g, '')) : cleanIndicatorName(name);
    if (n.length < 2 || n.length > 30) return;
    const key = normalizeText(n);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ value: { name: n, target, unit: '%' }, evidence: sentenceAt(src, at) });
  };
  countedLists(src, push);
  rateReaches(src, push);
  percentAchieved(src, push);
  rateIs(src, push);
  return out;
}
