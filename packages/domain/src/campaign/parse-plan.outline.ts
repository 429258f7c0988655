/**
 * The outline of a plan: sections found by their heading words (主要任务, 实施步骤 …), the
 * numbered items inside them as a tree, and an item's own text and title.
 */
import { RE_ANNEX, stripTrailingPunct, type Line } from './parse-plan.text.js';

export type Block = { head: Line; from: number; to: number; rank: number };

export type Item = { line: Line; to: number; children: Item[]; parent: Item | null };

/** A heading's title: its text up to the first 。：（, at most 30 characters. */
export function headTitle(l: Line): string {
  const b = tight(l.num ? l.body : l.text);
  const cut = b.search(/[。：:（(]/);
  return (cut >= 0 ? b.slice(0, cut) : b).slice(0, 30);
}

/** Without the spaces between two characters that blanked pinyin glosses (指導(dǎo)思想) or PDF extraction (生 命) leave. */
export const tight = (s: string): string => s.replace(/([\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])/g, '$1');

/** The rank of a heading line (numbered, or a short unnumbered line such as 实施步骤), else null. */
function headingRank(l: Line): number | null {
  if (l.num && l.num.style !== 'circled' && l.num.style !== 'cn-shi') return l.num.rank;
  if (!l.num && !l.tab && l.text.length > 0 && l.text.length <= 14 && !/[。，]/.test(l.text)) return 1;
  return null;
}

/** Sections whose heading matches `re`; a section ends at the next heading of the same or an outer rank. */
export function findBlocks(lines: Line[], re: RegExp): Block[] {
  const out: Block[] = [];
  for (const l of lines) {
    const rank = headingRank(l);
    if (rank === null || !re.test(headTitle(l))) continue;
    let to = l.index + 1;
    for (; to < lines.length; to++) {
      const x = lines[to];
      if (!x) break;
      if (x.num && x.num.style !== 'circled' && x.num.rank <= rank && !x.tab) break;
      if (RE_ANNEX.test(x.text) && !x.tab) break;
    }
    out.push({ head: l, from: l.index + 1, to, rank });
  }
  return out;
}

/** An item's text runs until its next sibling/outer item, or its first child. */
function fixEnds(items: Item[], end: number): void {
  items.forEach((it, k) => {
    const nxt = items[k + 1];
    const itemEnd = nxt ? nxt.line.index : end;
    const firstChild = it.children[0];
    it.to = firstChild ? firstChild.line.index : itemEnd;
    fixEnds(it.children, itemEnd);
  });
}

/**
 * Numbered items in a block as a tree (by rank), ignoring ① sub-points; 一是/二是 are items
 * only where nothing numbered stands above them (else they are points of their item's text).
 */
export function itemsOf(lines: Line[], b: Block, opts: { skipTab?: boolean } = {}): Item[] {
  const flat: Line[] = [];
  for (let i = b.from; i < b.to; i++) {
    const l = lines[i];
    if (!l?.num || l.num.style === 'circled' || l.num.rank <= b.rank) continue;
    if (opts.skipTab && l.tab) continue;
    if (l.num.style === 'cn-shi' && flat.some((x) => x.num?.style !== 'cn-shi')) continue;
    flat.push(l);
  }
  const roots: Item[] = [];
  const stack: Item[] = [];
  flat.forEach((l, k) => {
    const next = flat[k + 1];
    const item: Item = { line: l, to: next ? next.index : b.to, children: [], parent: null };
    while (stack.length && (stack[stack.length - 1]?.line.num?.rank ?? 0) >= (l.num?.rank ?? 0)) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) {
      item.parent = parent;
      parent.children.push(item);
    } else roots.push(item);
    stack.push(item);
  });
  fixEnds(roots, b.to);
  return roots;
}

export function leaves(items: Item[]): Item[] {
  const out: Item[] = [];
  for (const it of items) {
    if (it.children.length) out.push(...leaves(it.children));
    else out.push(it);
  }
  return out;
}

/** The text of an item's own lines (title line + unnumbered paragraphs before its first child). */
export function itemBody(lines: Line[], it: Item): { text: string; last: Line } {
  const parts: string[] = [it.line.body];
  let last = it.line;
  for (let i = it.line.index + 1; i < it.to; i++) {
    const l = lines[i];
    if (!l || l.tab) break;
    if (RE_ANNEX.test(l.text)) break;
    if (l.text) {
      parts.push(l.text);
      last = l;
    }
  }
  return { text: parts.join('\n'), last };
}

/** Title = the heading phrase before the first 。/：, else the short line itself. */
export function splitTitle(body: string): { title: string; rest: string } {
  const rawFirst = body.split('\n')[0] ?? '';
  const firstLine = tight(rawFirst);
  const restLines = body.slice(rawFirst.length).replace(/^\n/, '');
  const cut = firstLine.search(/[。：:！]/);
  if (cut > 0 && cut <= 45) {
    return { title: stripTrailingPunct(firstLine.slice(0, cut)), rest: `${firstLine.slice(cut + 1)}\n${restLines}`.trim() };
  }
  if (firstLine.length <= 45) return { title: stripTrailingPunct(firstLine), rest: restLines.trim() };
  const comma = firstLine.search(/[，,；;]/);
  const title = comma > 0 && comma <= 30 ? firstLine.slice(0, comma) : `${firstLine.slice(0, 30)}…`;
  return { title: stripTrailingPunct(title), rest: body.trim() };
}
