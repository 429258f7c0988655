import { describe, expect, it } from 'vitest';
import { applyAction } from './hazard.machine.js';
import { nextActor, type NextStepPeople } from './next-step.js';
import { AFTER_PHOTO, NOW, admin, admin2, fixedInput, hazardIn, must, staff, team } from './test-support.js';

const one: NextStepPeople = { unitName: '实验小学', schoolAdmins: [{ userId: 'admin-1', name: '张三' }], teamName: '第一督查组' };
const two: NextStepPeople = { ...one, schoolAdmins: [...one.schoolAdmins, { userId: 'admin-2', name: '李四' }] };
const noTeam: NextStepPeople = { ...one, teamName: null };

describe('nextActor: who acts next, as the page says it', () => {
  it('a reported hazard waits for the school admin to register it, named when there is one', () => {
    const s = nextActor(hazardIn('reported'), one, NOW);
    expect(s).toMatchObject({ role: 'school_admin', unitName: '实验小学', userName: '张三' });
    expect(s.text).toBe('下一步：由 张三（学校安全管理员）登记（落实整改五落实）或不予登记');
  });

  it('with two school admins it names the role, not a person', () => {
    const s = nextActor(hazardIn('reported'), two, NOW);
    expect(s.userName).toBeNull();
    expect(s.text).toContain('由 实验小学（学校安全管理员）登记');
  });

  it('in 整改中 the school submits for verification, and the owner is said', () => {
    const s = nextActor(hazardIn('rectifying'), one, NOW);
    expect(s.role).toBe('school_admin');
    expect(s.text).toBe('下一步：由 张三（学校安全管理员）组织整改，完成后提交验收（整改责任人：李校长）');
  });

  it('a general hazard submitted by the only school admin waits for the team (the rectifier never verifies)', () => {
    const s = nextActor(hazardIn('pending_verification'), one, NOW);
    expect(s).toMatchObject({ role: 'team_member', unitName: '第一督查组', userName: null, text: '等待 第一督查组 验收' });
  });

  it('with another school admin, that admin verifies a general hazard (the team may too)', () => {
    const s = nextActor(hazardIn('pending_verification'), two, NOW);
    expect(s).toMatchObject({ role: 'school_admin', userName: '李四' });
    expect(s.text).toBe('等待 李四（学校安全管理员）验收（整改提交人以外的人验收；第一督查组也可验收）');
  });

  it('a major hazard is verified by the team even when the school has another admin', () => {
    const s = nextActor(hazardIn('pending_verification', 'major'), two, NOW);
    expect(s.text).toBe('等待 第一督查组 验收');
  });

  it('without a team the bureau verifies', () => {
    const s = nextActor(hazardIn('pending_verification', 'major'), noTeam, NOW);
    expect(s).toMatchObject({ role: 'bureau_staff', unitName: '教育局', text: '等待 教育局 验收' });
  });

  it('a pending extension waits for the team to decide', () => {
    const h = must(hazardIn('rectifying'), 'request_extension', { requestedDueDate: '2024-04-30', reason: '材料未到' }, admin);
    expect(nextActor(h, one, NOW).text).toBe('等待 第一督查组 审批延期申请');
  });

  it('an overdue hazard asks the school for its overdue explanation first', () => {
    const later = new Date('2024-03-25T02:00:00Z');
    expect(nextActor(hazardIn('rectifying'), one, later).text).toContain('填写逾期说明');
  });

  it('a 立行立改 reported by staff waits for the school admin to verify', () => {
    const r = applyAction(null, 'report_fixed', fixedInput(), staff, NOW);
    if (!r.ok) throw new Error(r.message);
    expect(nextActor(r.next, one, NOW)).toMatchObject({ role: 'school_admin', userName: '张三' });
  });

  it('closed and rejected hazards need nobody', () => {
    expect(nextActor(hazardIn('closed'), one, NOW)).toEqual({ role: null, unitName: null, userName: null, text: '已销号，无需操作' });
    expect(nextActor(hazardIn('rejected'), one, NOW).text).toBe('不予登记，无需操作');
  });

  it('after the team returns it, the school rectifies again', () => {
    const h = must(must(hazardIn('rectifying'), 'request_verification', { evidence: [AFTER_PHOTO], note: '已清理' }, admin2), 'return', { reason: '未清理干净' }, team);
    expect(nextActor(h, one, NOW).text).toContain('组织整改，完成后提交验收');
  });
});
