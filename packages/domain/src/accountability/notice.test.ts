import { describe, expect, it } from 'vitest';
import {
  categoryOfKind,
  checkNoticeFields,
  checkQueryParams,
  docPrefixOf,
  draftNoticeText,
  formatDocNumber,
  isAnswerOverdue,
  isNoticeEditable,
  mayAnswer,
  mayReviewAnswer,
  noticeAllowedActions,
} from './notice.js';

const fields = { title: '关于……的通报', docNumber: '天教安〔2026〕1号', unitCount: 2, ordersRectification: true, answerDueDate: '2026-12-20' };

describe('notice rules', () => {
  it('refuses a notice naming no units, an empty title, an answer due before the issue date', () => {
    expect(checkNoticeFields(fields, '2026-12-06')).toEqual([]);
    expect(checkNoticeFields({ ...fields, unitCount: 0 }, '2026-12-06')).toEqual([{ field: 'units', reason: '通报须至少点名一个单位' }]);
    expect(checkNoticeFields({ ...fields, title: '  ' }, '2026-12-06').map((i) => i.field)).toEqual(['title']);
    expect(checkNoticeFields({ ...fields, answerDueDate: '2026-12-05' }, '2026-12-06')[0]!.reason).toContain('不能早于印发日期');
    expect(checkNoticeFields({ ...fields, answerDueDate: '2026-12-06' }, '2026-12-06')).toEqual([]);
    expect(checkNoticeFields({ ...fields, answerDueDate: null }, '2026-12-06').map((i) => i.field)).toEqual(['answerDueDate']);
    expect(checkNoticeFields({ ...fields, ordersRectification: false, answerDueDate: null }, '2026-12-06')).toEqual([]);
  });

  it('keeps an issued notice as it was: only a draft is editable', () => {
    expect(isNoticeEditable('draft')).toBe(true);
    expect(isNoticeEditable('issued')).toBe(false);
  });

  it('runs answers awaiting → submitted → accepted | returned → submitted', () => {
    expect(mayAnswer('awaiting')).toBe(true);
    expect(mayAnswer('returned')).toBe(true);
    expect(mayAnswer('submitted')).toBe(false);
    expect(mayAnswer('accepted')).toBe(false);
    expect(mayReviewAnswer('submitted')).toBe(true);
    expect(mayReviewAnswer('awaiting')).toBe(false);
  });

  it('counts an answer overdue from the day after its due date (Beijing time), until submitted', () => {
    expect(isAnswerOverdue('awaiting', '2026-12-06', new Date('2026-12-06T15:59:59Z'))).toBe(false);
    expect(isAnswerOverdue('awaiting', '2026-12-06', new Date('2026-12-06T16:00:00Z'))).toBe(true);
    expect(isAnswerOverdue('returned', '2026-12-06', new Date('2026-12-08T00:00:00Z'))).toBe(true);
    expect(isAnswerOverdue('submitted', '2026-12-06', new Date('2026-12-08T00:00:00Z'))).toBe(false);
    expect(isAnswerOverdue('awaiting', null, new Date('2026-12-08T00:00:00Z'))).toBe(false);
  });

  it('offers each role its actions', () => {
    expect(noticeAllowedActions('bureau_staff', { state: 'draft', ordersRectification: true }, null)).toEqual(['update', 'issue', 'delete', 'download']);
    expect(noticeAllowedActions('bureau_staff', { state: 'issued', ordersRectification: true }, null)).toEqual(['review', 'download']);
    expect(noticeAllowedActions('school_admin', { state: 'issued', ordersRectification: true }, 'awaiting')).toEqual(['download', 'answer']);
    expect(noticeAllowedActions('school_admin', { state: 'issued', ordersRectification: true }, 'accepted')).toEqual(['download']);
    expect(noticeAllowedActions('school_staff', { state: 'issued', ordersRectification: true }, 'awaiting')).toEqual(['download']);
    expect(noticeAllowedActions('bureau_leader', { state: 'draft', ordersRectification: true }, null)).toEqual(['download']);
  });

  it('checks the query parameters of each kind', () => {
    expect(checkQueryParams('overdue_hazards', {})).toEqual([]);
    expect(checkQueryParams('missed_reports', {}).map((i) => i.field)).toEqual(['params.reportTypeId']);
    expect(checkQueryParams('best_rectification', { from: '2026-12-01', to: '2026-11-01' }).map((i) => i.field)).toEqual(['params.to']);
    expect(categoryOfKind('best_rectification')).toBe('commendation');
    expect(categoryOfKind('overdue_hazards')).toBe('criticism');
  });

  it('numbers and words a draft in document style from the facts', () => {
    expect(docPrefixOf('常州市天宁区教育局')).toBe('天教安');
    expect(docPrefixOf('天宁区教育局')).toBe('天教安');
    expect(formatDocNumber('天教安', 2026, 3)).toBe('天教安〔2026〕3号');
    const t = draftNoticeText({ kind: 'overdue_hazards', bureauName: '天宁区教育局', params: { minDaysOverdue: 30 }, units: [{ name: '华润小学', summary: '' }, { name: '局前街小学', summary: '' }], today: '2026-12-06', answerDueDate: '2026-12-21' });
    expect(t.title).toBe('关于2所学校安全隐患逾期未整改情况的通报');
    expect(t.body).toContain('华润小学、局前街小学等2个单位');
    expect(t.body).toContain('2026年12月21日前通过平台报送整改报告');
    const c = draftNoticeText({ kind: 'best_rectification', bureauName: '天宁区教育局', params: { from: '2026-09-01', to: '2026-11-30' }, units: [{ name: '华润小学', summary: '' }], today: '2026-12-06', answerDueDate: null });
    expect(c.title).toBe('关于表扬华润小学安全隐患整改工作成效突出的通报');
  });
});
