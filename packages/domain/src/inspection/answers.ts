/**
 * The answers of one inspection, checked against the checklist versions it used: every
 * applicable item answered exactly once, a "fail" always with a note, nothing unknown.
 */
import type { SchoolKind } from '../unit.js';
import type { Answer, ChecklistItem, PointType } from './inspection.types.js';
import { ANSWERS } from './inspection.types.js';

export type AnswerInput = {
  readonly checklistVersionId: string;
  readonly itemCode: string;
  readonly answer: Answer;
  readonly note?: string;
  readonly photoIds?: readonly string[];
};

export type VersionItems = { readonly checklistVersionId: string; readonly items: readonly ChecklistItem[] };

export type AnswerProblem = {
  readonly index: number | null;
  readonly code: 'UNKNOWN_ITEM' | 'DUPLICATE_ANSWER' | 'FAIL_NEEDS_NOTE' | 'MISSING_ANSWER' | 'INVALID_ANSWER' | 'NOTE_TOO_LONG' | 'TOO_MANY_PHOTOS';
  readonly message: string;
};

export const MAX_NOTE_LENGTH = 500;
export const MAX_PHOTOS_PER_ITEM = 6;

/** Does an item apply at a point of this type in a school of this kind? Empty lists mean "all". */
export function itemApplies(item: ChecklistItem, schoolKind: SchoolKind | null, pointType: PointType | null): boolean {
  const kindOk = item.schoolKinds.length === 0 || (schoolKind !== null && item.schoolKinds.includes(schoolKind));
  const typeOk = item.pointTypes.length === 0 || (pointType !== null && item.pointTypes.includes(pointType));
  return kindOk && typeOk;
}

/** Every problem with a set of answers, in input order; an empty list means they can be submitted. */
export function validateAnswers(
  versions: readonly VersionItems[],
  answers: readonly AnswerInput[],
  applies: (item: ChecklistItem) => boolean = () => true,
): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  const byVersion = new Map(versions.map((v) => [v.checklistVersionId, new Map(v.items.map((i) => [i.code, i]))]));
  const seen = new Set<string>();
  answers.forEach((a, index) => {
    const item = byVersion.get(a.checklistVersionId)?.get(a.itemCode);
    if (!item) {
      problems.push({ index, code: 'UNKNOWN_ITEM', message: `第 ${index + 1} 项：检查项 ${a.itemCode} 不在所用检查表中` });
      return;
    }
    const key = `${a.checklistVersionId}/${a.itemCode}`;
    if (seen.has(key)) {
      problems.push({ index, code: 'DUPLICATE_ANSWER', message: `检查项“${item.text}”被重复作答` });
      return;
    }
    seen.add(key);
    if (!(ANSWERS as readonly string[]).includes(a.answer)) {
      problems.push({ index, code: 'INVALID_ANSWER', message: `检查项“${item.text}”的结果应为合格、不合格或不适用` });
    }
    const note = a.note?.trim() ?? '';
    if (a.answer === 'fail' && note === '') {
      problems.push({ index, code: 'FAIL_NEEDS_NOTE', message: `检查项“${item.text}”不合格，请写明存在的问题` });
    }
    if (note.length > MAX_NOTE_LENGTH) {
      problems.push({ index, code: 'NOTE_TOO_LONG', message: `检查项“${item.text}”的说明不能超过 ${MAX_NOTE_LENGTH} 字` });
    }
    if ((a.photoIds?.length ?? 0) > MAX_PHOTOS_PER_ITEM) {
      problems.push({ index, code: 'TOO_MANY_PHOTOS', message: `检查项“${item.text}”最多附 ${MAX_PHOTOS_PER_ITEM} 张照片` });
    }
  });
  for (const v of versions) {
    for (const item of v.items) {
      if (applies(item) && !seen.has(`${v.checklistVersionId}/${item.code}`)) {
        problems.push({ index: null, code: 'MISSING_ANSWER', message: `检查项“${item.text}”尚未作答` });
      }
    }
  }
  return problems;
}

export type Tally = { pass: number; fail: number; na: number; score: number | null };

/** Counts and the weighted score (0–100, passes over answered-and-applicable, n/a excluded). */
export function tally(versions: readonly VersionItems[], answers: readonly AnswerInput[]): Tally {
  const weight = new Map<string, number>();
  for (const v of versions) for (const i of v.items) weight.set(`${v.checklistVersionId}/${i.code}`, i.weight || 1);
  let pass = 0, fail = 0, na = 0, wPass = 0, wAll = 0;
  for (const a of answers) {
    const w = weight.get(`${a.checklistVersionId}/${a.itemCode}`) ?? 1;
    if (a.answer === 'pass') { pass++; wPass += w; wAll += w; }
    else if (a.answer === 'fail') { fail++; wAll += w; }
    else na++;
  }
  return { pass, fail, na, score: wAll === 0 ? null : Math.round((wPass / wAll) * 1000) / 10 };
}

/** Validates a checklist's items as written by bureau or school staff. */
export function validateChecklistItems(items: readonly Partial<ChecklistItem>[]): string[] {
  const errors: string[] = [];
  if (items.length === 0) errors.push('检查表至少要有一个检查项');
  const codes = new Set<string>();
  items.forEach((i, n) => {
    const where = `第 ${n + 1} 项`;
    if (!i.code?.trim()) errors.push(`${where}：缺少编号`);
    else if (codes.has(i.code)) errors.push(`${where}：编号 ${i.code} 重复`);
    else codes.add(i.code);
    if (!i.text?.trim()) errors.push(`${where}：请填写检查内容`);
    if (i.weight !== undefined && (!Number.isFinite(i.weight) || i.weight < 1 || i.weight > 10)) errors.push(`${where}：权重应为 1–10`);
  });
  return errors;
}
