import { describe, expect, it } from 'vitest';
import { hazardInvariantViolations } from './hazard.machine.js';
import { explainLedgerHeader, ledgerLayoutKey, matchLedgerColumn, matchLedgerHeader, parseRectificationStatus } from './ledger-headers.js';
import { LEDGER_NOT_RECORDED, LEDGER_PERSON_USER_ID, ledgerRowOutcome, playLedgerStory, type LedgerClosure } from './ledger-history.js';
import { DOCUMENT, NOW, admin, bureau } from './test-support.js';

describe('ledger headers from other systems and older ledgers', () => {
  it.each([
    // The other names of one column, as 双重预防 systems, provincial templates and older ledgers write them.
    ...['隐患名称', '隐患标题', '问题名称'].map((h) => [h, 'title']),
    ...['问题描述', '存在问题', '隐患内容', '隐患具体情况'].map((h) => [h, 'description']),
    ...['整改责任人', '责任人', '整改负责人'].map((h) => [h, 'owner']),
    ...['整改时限', '完成时限', '整改期限', '计划完成时间'].map((h) => [h, 'dueDate']),
    ...['整改措施', '整改方案', '治理措施'].map((h) => [h, 'measures']),
    ['整改资金', 'funds'],
    ['资金（万元）', 'fundsTenThousandYuan'],
    ['整改资金(万)', 'fundsTenThousandYuan'],
    ...['排查日期', '检查时间', '发现日期'].map((h) => [h, 'foundAt']),
    ...['隐患级别', '等级'].map((h) => [h, 'grade']),
    ...['隐患类型', '类别', '所属领域'].map((h) => [h, 'domain']),
    ...['整改状态', '完成情况', '是否整改', '隐患状态', '状态'].map((h) => [h, 'status']),
    ...['验收人', '复查人', '销号人'].map((h) => [h, 'verifier']),
    ...['验收时间', '销号时间', '复查日期'].map((h) => [h, 'verifiedAt']),
    ...['验收意见', '复查结果'].map((h) => [h, 'verificationResult']),
    ...['整改完成时间', '实际完成时间'].map((h) => [h, 'rectifiedAt']),
    ['单位名称', 'school'],
  ])('%s → %s', (header, field) => {
    expect(matchLedgerColumn(header)).toBe(field);
    expect(explainLedgerHeader(header)).toMatchObject({ field, confidence: expect.any(Number) });
  });

  it('keeps matchLedgerHeader to the first eighteen fields (the closure columns are matchLedgerColumn’s)', () => {
    expect(matchLedgerHeader('验收人')).toBeNull();
    expect(matchLedgerHeader('存在问题')).toBe('description');
  });

  it('says how sure it is and why: the usual name, another name, a keyword guess, or nothing', () => {
    expect(explainLedgerHeader('隐患描述')).toMatchObject({ field: 'description', basis: 'standard', confidence: 1 });
    expect(explainLedgerHeader('存在问题')).toMatchObject({ field: 'description', basis: 'synonym', confidence: 0.9 });
    expect(explainLedgerHeader('隐患整改负责人（签字）')).toMatchObject({ field: 'owner', basis: 'keyword', confidence: 0.6 });
    expect(explainLedgerHeader('复查验收结论')).toMatchObject({ field: 'verificationResult', basis: 'keyword' });
    expect(explainLedgerHeader('整改投入资金(万元)')).toMatchObject({ field: 'fundsTenThousandYuan', basis: 'keyword' });
    expect(explainLedgerHeader('计划整改完成日期')).toMatchObject({ field: 'dueDate', basis: 'keyword' });
    for (const h of ['序号', '备注', '隐患编号', '资金来源说明', '整改前照片']) expect(explainLedgerHeader(h)).toMatchObject({ field: null, basis: 'none', confidence: 0 });
    expect(explainLedgerHeader('随便一列').reason).toContain('无法识别');
  });

  it('identifies a layout by its normalised headers in order', () => {
    expect(ledgerLayoutKey(['序号', ' 存在 问题 ', '*整改时限：'])).toBe(ledgerLayoutKey(['序号', '存在问题', '整改时限']));
    expect(ledgerLayoutKey(['存在问题', '序号'])).not.toBe(ledgerLayoutKey(['序号', '存在问题']));
  });

  it.each([
    ['已整改', 'closed'],
    ['已销号', 'closed'],
    ['已验收', 'closed'],
    ['是', 'closed'],
    ['合格', 'closed'],
    ['同意销号。', 'closed'],
    ['待验收', 'pending'],
    ['未整改', 'open'],
    ['整改中', 'open'],
    ['否', 'open'],
    ['不合格', 'open'],
    ['已购买灯具，等待安装', null],
    ['', null],
  ] as const)('reads the status %j as %s', (text, status) => {
    expect(parseRectificationStatus(text)).toBe(status);
  });
});

const closure = (c: Partial<LedgerClosure> = {}): LedgerClosure => ({ status: null, rectifiedAt: null, verifier: null, verifiedAt: null, result: null, progress: null, ...c });
const report = { unitId: 'school-1', domain: 'fire' as const, grade: 'general' as const, source: 'self' as const, title: '灭火器过期', description: '灭火器过期', location: '', foundAt: '2024-03-01', foundBy: '王老师' };
const commitments = { owner: '王老师', measures: '更换', fundsFen: null, dueDate: '2024-03-05', contingencyPlan: null, interimControls: null, watcher: null };

describe('a closed ledger row becomes a closed hazard with its history', () => {
  it('decides where the story ends: the status, else a verification', () => {
    expect(ledgerRowOutcome(closure({ status: 'closed' }))).toBe('closed');
    expect(ledgerRowOutcome(closure({ verifiedAt: '2024-03-04' }))).toBe('closed');
    expect(ledgerRowOutcome(closure({ verifier: '李校长' }))).toBe('closed');
    expect(ledgerRowOutcome(closure({ status: 'pending' }))).toBe('pending');
    expect(ledgerRowOutcome(closure({ status: 'open', verifier: '李校长' }))).toBe('open');
    expect(ledgerRowOutcome(closure())).toBe('open');
  });

  it('plays report → register → start → submit → close for a school admin, on the ledger’s dates, the verifier being the ledger’s person', () => {
    const story = playLedgerStory({ report, commitments, closure: closure({ status: 'closed', verifier: '李校长', verifiedAt: '2024-03-04', result: '合格' }), evidence: DOCUMENT, outcome: 'closed' }, admin, NOW);
    if (!story.ok) throw new Error(story.failure.message);
    expect(story.steps.map((s) => s.event.action)).toEqual(['report', 'register', 'start_rectification', 'request_verification', 'close']);
    const doc = story.steps[4]!.next;
    expect(hazardInvariantViolations(doc)).toEqual([]);
    expect(doc.state).toBe('closed');
    expect(doc.closedAt).toBe('2024-03-04T08:00:00.000Z'); // 16:00 in Beijing
    expect(doc.closedBy).toEqual({ userId: LEDGER_PERSON_USER_ID, role: 'school_admin' });
    expect(doc.rectifiedBy).toEqual({ userId: admin.userId, role: 'school_admin' });
    expect(doc.closeComment).toBe('验收人：李校长；验收意见：合格；销号时间：2024-03-04（据原台账）');
    expect(doc).toMatchObject({ fundsFen: 0, contingencyPlan: LEDGER_NOT_RECORDED, evidence: [DOCUMENT] });
    expect(story.filled).toEqual(['整改资金', '应急预案']);
    const times = story.steps.map((s) => s.event.at);
    expect([...times].sort()).toEqual(times);
  });

  it('lets the bureau close what it imports, the school’s steps being the ledger’s; a major hazard gets its controls marked not recorded', () => {
    const story = playLedgerStory({ report: { ...report, grade: 'major' }, commitments, closure: closure({ status: 'closed' }), evidence: DOCUMENT, outcome: 'closed' }, bureau, NOW);
    if (!story.ok) throw new Error(story.failure.message);
    const doc = story.steps[story.steps.length - 1]!.next;
    expect(hazardInvariantViolations(doc)).toEqual([]);
    expect(doc.closedBy).toEqual({ userId: bureau.userId, role: 'bureau_staff' });
    expect(doc.registeredBy).toEqual({ userId: LEDGER_PERSON_USER_ID, role: 'school_admin' });
    expect(doc).toMatchObject({ interimControls: LEDGER_NOT_RECORDED, watcher: LEDGER_NOT_RECORDED });
    // No date of closure: the due date it kept (on or before today).
    expect(doc.closedAt!.slice(0, 10)).toBe('2024-03-05');
  });

  it('stops at 待验收 for a pending row', () => {
    const story = playLedgerStory({ report, commitments, closure: closure({ status: 'pending', rectifiedAt: '2024-03-03' }), evidence: DOCUMENT, outcome: 'pending' }, admin, NOW);
    if (!story.ok) throw new Error(story.failure.message);
    expect(story.steps[story.steps.length - 1]!.next).toMatchObject({ state: 'pending_verification', closedAt: null });
  });

  it.each([
    [{ verifiedAt: '2024-02-28' }, 'verifiedAt', '验收（销号）时间（2024-02-28）早于发现时间（2024-03-01），请核对'],
    [{ rectifiedAt: '2024-02-20' }, 'rectifiedAt', '整改完成时间（2024-02-20）早于发现时间（2024-03-01），请核对'],
    [{ verifiedAt: '2024-04-01' }, 'verifiedAt', '验收（销号）时间（2024-04-01）晚于今天，请核对'],
    [{ rectifiedAt: '2024-03-05', verifiedAt: '2024-03-04' }, 'verifiedAt', '验收（销号）时间（2024-03-04）早于整改完成时间（2024-03-05），请核对'],
  ] as const)('refuses impossible dates %j in Chinese', (c, field, message) => {
    const story = playLedgerStory({ report, commitments, closure: closure({ status: 'closed', ...c }), evidence: DOCUMENT, outcome: 'closed' }, admin, NOW);
    expect(story.ok).toBe(false);
    if (!story.ok) expect(story.failure.fields).toEqual([{ field, code: 'INVALID_INPUT', message }]);
  });

  it('passes the domain’s own refusals through (a due date before the discovery)', () => {
    const story = playLedgerStory({ report, commitments: { ...commitments, dueDate: '2024-02-01' }, closure: closure({ status: 'closed' }), evidence: DOCUMENT, outcome: 'closed' }, admin, NOW);
    expect(story.ok).toBe(false);
    if (!story.ok) expect(story.failure.fields.map((f) => f.field)).toEqual(['dueDate']);
  });
});
