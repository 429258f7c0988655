import { describe, expect, it } from 'vitest';
import {
  MEASURE_STATUSES,
  isMeasureOverdue,
  mayMoveMeasure,
  measureAllowedActions,
  measureInputIssues,
  measureMoveIssues,
  measureMoves,
  proposedMeasureTitle,
} from './measure.js';

const ok = { title: '危化品采购审批制度', kind: 'rule' as const, ownerName: '王明', dueOn: '2026-12-31' };

describe('measure input', () => {
  it('accepts a complete measure', () => {
    expect(measureInputIssues(ok)).toEqual([]);
  });
  it('names every missing field at once: title, kind, owner, due date', () => {
    expect(measureInputIssues({ title: '  ', kind: null, ownerName: '', dueOn: null }).map((i) => `${i.field}: ${i.message}`)).toEqual([
      'title: 请填写制度措施名称',
      'kind: 请选择类别（制度、机制或长效措施）',
      'ownerName: 请填写责任人',
      'dueOn: 请填写完成时限',
    ]);
  });
  it('refuses an over-long title or owner', () => {
    expect(measureInputIssues({ ...ok, title: '制'.repeat(201), ownerName: '王'.repeat(51) }).map((i) => i.field)).toEqual(['title', 'ownerName']);
  });
});

describe('measure moves', () => {
  it('moves forward, established only with a document and an adoption date not in the future', () => {
    expect(measureMoves('planned')).toEqual(['in_progress', 'established']);
    expect(mayMoveMeasure('established', 'planned')).toBe(false);
    expect(mayMoveMeasure('revised', 'revised')).toBe(true);
    for (const s of MEASURE_STATUSES) expect(measureMoves(s).length).toBeGreaterThan(0);
    const m = { status: 'in_progress' as const, adoptedOn: null };
    expect(measureMoveIssues(m, { to: 'established', adoptedOn: '2026-03-01', documentFileId: '7' }, '2026-03-02')).toEqual([]);
    expect(measureMoveIssues(m, { to: 'established', adoptedOn: null, documentFileId: null }, '2026-03-02').map((i) => i.field)).toEqual(['documentFileId', 'adoptedOn']);
    expect(measureMoveIssues(m, { to: 'established', adoptedOn: '2026-03-03', documentFileId: '7' }, '2026-03-02')).toEqual([{ field: 'adoptedOn', message: '印发日期不能晚于今天' }]);
  });
  it('refuses a move the table does not allow, and a document on a move that does not establish', () => {
    expect(measureMoveIssues({ status: 'established', adoptedOn: '2026-01-01' }, { to: 'planned', adoptedOn: null, documentFileId: null }, '2026-03-02')[0]!.message).toBe('“已建立”的制度措施不能改为“计划制定”');
    expect(measureMoveIssues({ status: 'planned', adoptedOn: null }, { to: 'in_progress', adoptedOn: '2026-03-01', documentFileId: null }, '2026-03-02')[0]!.field).toBe('adoptedOn');
  });
  it('a revision cannot be dated before the previous adoption', () => {
    expect(measureMoveIssues({ status: 'established', adoptedOn: '2026-02-01' }, { to: 'revised', adoptedOn: '2026-01-01', documentFileId: '8' }, '2026-03-02')[0]!.field).toBe('adoptedOn');
  });
});

describe('overdue, actions, proposal', () => {
  it('is overdue the day after its due date (Beijing days) until established', () => {
    expect(isMeasureOverdue({ status: 'planned', dueOn: '2026-03-01' }, '2026-03-01')).toBe(false);
    expect(isMeasureOverdue({ status: 'in_progress', dueOn: '2026-03-01' }, '2026-03-02')).toBe(true);
    expect(isMeasureOverdue({ status: 'established', dueOn: '2026-03-01' }, '2026-04-02')).toBe(false);
    expect(isMeasureOverdue({ status: 'revised', dueOn: '2026-03-01' }, '2026-04-02')).toBe(false);
  });
  it('only the school admin edits and moves', () => {
    expect(measureAllowedActions('school_admin')).toEqual(['edit', 'move']);
    expect(measureAllowedActions('bureau_staff')).toEqual([]);
    expect(measureAllowedActions('school_staff')).toEqual([]);
  });
  it('proposes a title from the hazard, trimmed of its end punctuation', () => {
    expect(proposedMeasureTitle('实验室危化品未双人双锁。')).toBe('实验室危化品未双人双锁（举一反三）长效管理制度');
  });
});
