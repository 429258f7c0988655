import { describe, expect, it } from 'vitest';
import { ROLES } from '../roles.js';
import {
  allowedActions,
  applyAction,
  checkHazardAction,
  hazardInvariantViolations,
  isHazardOverdue,
  requiresOverdueExplanation,
  transitionFor,
} from './hazard.machine.js';
import {
  HAZARD_ACTIONS,
  HAZARD_ACTION_ROLES,
  HAZARD_RECORD_ACTION_STATES,
  HAZARD_STATE_ACTIONS,
  HAZARD_TRANSITIONS,
  type HazardFailure,
  type HazardResult,
} from './hazard.table.js';
import { HAZARD_STATES, currentListing, pendingExtension, type Hazard } from './hazard.types.js';
import {
  AFTER_PHOTO,
  DOCUMENT,
  MAJOR_CONTROLS,
  NOW,
  PHOTO,
  actor,
  admin,
  admin2,
  bureau,
  deepFreeze,
  fixedInput,
  hazardIn,
  leader,
  must,
  registerInput,
  reportInput,
  staff,
  sysadmin,
  team,
} from './test-support.js';

function refused(r: HazardResult): HazardFailure {
  if (r.ok) throw new Error('expected a refusal');
  return r;
}
const fieldsOf = (r: HazardResult) => refused(r).fields.map((f) => f.field);
const at = (iso: string) => new Date(iso);

describe('the transition table', () => {
  it('gives every state action at least one row and every state a way in', () => {
    for (const a of HAZARD_STATE_ACTIONS) expect(HAZARD_TRANSITIONS.some((t) => t.action === a)).toBe(true);
    for (const s of HAZARD_STATES) expect(HAZARD_TRANSITIONS.some((t) => t.to === s)).toBe(true);
  });
  it('leaves rejected and closed final: no row and no record action starts there', () => {
    for (const s of ['rejected', 'closed'] as const) {
      expect(HAZARD_TRANSITIONS.filter((t) => t.from === s)).toEqual([]);
      for (const states of Object.values(HAZARD_RECORD_ACTION_STATES)) expect(states).not.toContain(s);
    }
  });
  it('has exactly one row for each action, state and registration', () => {
    const keys = HAZARD_TRANSITIONS.map((t) => `${t.action}|${t.from}|${t.when ?? '*'}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
  it('returns a registered hazard to rectifying and a never-registered 立行立改 hazard to reported', () => {
    expect(transitionFor(hazardIn('pending_verification'), 'return')?.to).toBe('rectifying');
    const fixed = must(null, 'report_fixed', fixedInput(), staff);
    expect(transitionFor(fixed, 'return')?.to).toBe('reported');
  });
  it('keeps the bureau leader read-only and lets only school roles fix on the spot', () => {
    for (const a of HAZARD_ACTIONS) expect(HAZARD_ACTION_ROLES[a]).not.toContain('bureau_leader');
    expect(HAZARD_ACTION_ROLES.report_fixed).toEqual(['school_staff', 'school_admin']);
  });
});

describe('report (上报)', () => {
  it('creates a reported hazard with an event from nothing', () => {
    const r = applyAction(null, 'report', reportInput(), staff, NOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.next.state).toBe('reported');
    expect(r.next.reportedBy).toEqual({ userId: 'staff-1', role: 'school_staff' });
    expect(r.event).toMatchObject({ action: 'report', from: null, to: 'reported', actor: { userId: 'staff-1' } });
    expect(r.event.changedFields).toEqual(expect.arrayContaining(['title', 'description', 'foundAt', 'photos']));
    expect(r.event.changedFields).not.toContain('state');
    expect(r.event.changedFields).not.toContain('owner');
  });
  it('is refused to the bureau leader and outside the actor’s scope', () => {
    expect(refused(applyAction(null, 'report', reportInput(), leader, NOW)).code).toBe('ROLE_NOT_ALLOWED');
    expect(refused(applyAction(null, 'report', reportInput(), actor('school_staff', 'x', false), NOW)).code).toBe('OUT_OF_SCOPE');
  });
  it('lists every missing or invalid field in Chinese', () => {
    const r = refused(
      applyAction(null, 'report', { ...reportInput(), title: ' ', domain: 'kitchen' as never, foundAt: '2024-02-30' }, staff, NOW),
    );
    expect(r.code).toBe('INVALID_INPUT');
    expect(r.fields.map((f) => f.field)).toEqual(['domain', 'title', 'foundAt']);
    expect(r.message).toContain('请填写隐患名称');
  });
  it('refuses a found date after today in Beijing, but accepts today even when UTC is still yesterday', () => {
    expect(refused(applyAction(null, 'report', reportInput({ foundAt: '2024-03-11' }), staff, NOW)).code).toBe('FOUND_IN_FUTURE');
    const lateEvening = at('2024-03-10T16:30:00Z'); // 00:30 on 11 March in Beijing
    expect(applyAction(null, 'report', reportInput({ foundAt: '2024-03-11' }), staff, lateEvening).ok).toBe(true);
  });
  it('lets a team member report what the supervision found', () => {
    expect(must(null, 'report', reportInput({ source: 'supervision' }), team).reportedBy.role).toBe('team_member');
  });
});

describe('register (登记) requires the five commitments', () => {
  const reported = hazardIn('reported');

  it('registers with owner, measures, funds (0 allowed), due date and contingency plan', () => {
    const r = applyAction(reported, 'register', registerInput({ fundsFen: 0 }), admin, NOW);
    expect(r.ok && r.next.state).toBe('registered');
    expect(r.ok && r.event.changedFields).toEqual(
      expect.arrayContaining(['owner', 'measures', 'fundsFen', 'dueDate', 'contingencyPlan', 'registeredAt']),
    );
  });
  it.each(['owner', 'measures', 'fundsFen', 'dueDate', 'contingencyPlan'] as const)('refuses without %s', (field) => {
    const r = refused(applyAction(reported, 'register', { ...registerInput(), [field]: undefined }, admin, NOW));
    expect(r.code).toBe('COMMITMENTS_INCOMPLETE');
    expect(r.fields.map((f) => f.field)).toEqual([field]);
  });
  it('names all five when nothing is given', () => {
    expect(fieldsOf(applyAction(reported, 'register', {} as never, admin, NOW))).toEqual([
      'owner',
      'measures',
      'fundsFen',
      'dueDate',
      'contingencyPlan',
    ]);
  });
  it('refuses negative or fractional funds (integer fen)', () => {
    expect(refused(applyAction(reported, 'register', registerInput({ fundsFen: -1 }), admin, NOW)).code).toBe('INVALID_INPUT');
    expect(refused(applyAction(reported, 'register', registerInput({ fundsFen: 1.5 }), admin, NOW)).code).toBe('INVALID_INPUT');
  });
  it('refuses a due date before the found date, and accepts the found date itself', () => {
    const r = refused(applyAction(reported, 'register', registerInput({ dueDate: '2024-03-08' }), admin, NOW));
    expect(r.code).toBe('DUE_BEFORE_FOUND');
    expect(r.message).toContain('2024-03-09');
    expect(applyAction(reported, 'register', registerInput({ dueDate: '2024-03-09' }), admin, NOW).ok).toBe(true);
  });
  it('binds the school to a supervision team’s deadline: a later 整改时限 is refused, the deadline itself accepted', () => {
    const found = { ...reported, requiredDueDate: '2024-03-20' };
    const late = refused(applyAction(found, 'register', registerInput({ dueDate: '2024-03-31' }), admin, NOW));
    expect(late.code).toBe('DUE_AFTER_REQUIRED');
    expect(late.fields.map((f) => f.field)).toEqual(['dueDate']);
    expect(late.message).toContain('2024-03-20');
    expect(applyAction(found, 'register', registerInput({ dueDate: '2024-03-20' }), admin, NOW).ok).toBe(true);
    expect(applyAction(reported, 'register', registerInput({ dueDate: '2024-03-31' }), admin, NOW).ok).toBe(true);
  });
  it('requires interim controls and a watcher for a major hazard', () => {
    const major = hazardIn('reported', 'major');
    const r = refused(applyAction(major, 'register', registerInput(), admin, NOW));
    expect(r.code).toBe('MAJOR_CONTROLS_REQUIRED');
    expect(r.fields.map((f) => f.field)).toEqual(['interimControls', 'watcher']);
    expect(refused(applyAction(major, 'register', registerInput({ interimControls: '警戒', watcher: ' ' }), admin, NOW)).fields).toHaveLength(1);
    expect(applyAction(major, 'register', registerInput(MAJOR_CONTROLS), admin, NOW).ok).toBe(true);
  });
  it('keeps plan milestones between the found date and the due date', () => {
    const plan = [
      { title: '采购', dueDate: '2024-03-12' },
      { title: '施工', dueDate: '2024-03-25' },
    ];
    const r = refused(applyAction(reported, 'register', registerInput({ plan }), admin, NOW));
    expect(r.fields.map((f) => f.field)).toEqual(['plan[1].dueDate']);
    const ok = must(reported, 'register', registerInput({ plan: plan.slice(0, 1) }), admin);
    expect(ok.plan).toEqual([{ title: '采购', dueDate: '2024-03-12', doneAt: null, progress: [] }]);
  });
  it('is done by the school admin only', () => {
    for (const who of [staff, team, bureau, leader, sysadmin]) {
      expect(refused(applyAction(reported, 'register', registerInput(), who, NOW)).code).toBe('ROLE_NOT_ALLOWED');
    }
  });
});

describe('reject (不予登记)', () => {
  it('records the reason and the text', () => {
    const h = must(hazardIn('reported'), 'reject', { reason: 'not_a_hazard', text: '已有围挡，不构成隐患' }, admin);
    expect(h.state).toBe('rejected');
    expect(h.rejection).toMatchObject({ reason: 'not_a_hazard', text: '已有围挡，不构成隐患', by: { userId: 'admin-1' } });
  });
  it('needs a known reason and a text', () => {
    expect(fieldsOf(applyAction(hazardIn('reported'), 'reject', { reason: 'bored' as never, text: '' }, admin, NOW))).toEqual([
      'reason',
      'text',
    ]);
  });
  it('does not let a school strike off what the supervision team found', () => {
    const byTeam = must(null, 'report', reportInput({ source: 'supervision' }), team);
    expect(refused(applyAction(byTeam, 'reject', { reason: 'duplicate', text: '重复' }, admin, NOW)).code).toBe('REJECT_NOT_ALLOWED');
    expect(applyAction(byTeam, 'reject', { reason: 'duplicate', text: '重复' }, bureau, NOW).ok).toBe(true);
  });
});

describe('rectification and verification by someone else', () => {
  it('needs evidence and a note to submit for verification', () => {
    const r = refused(applyAction(hazardIn('rectifying'), 'request_verification', { evidence: [], note: '' }, admin, NOW));
    expect(r.code).toBe('EVIDENCE_REQUIRED');
    expect(r.fields.map((f) => f.field)).toEqual(['evidence', 'note']);
  });
  it('records the rectifier, who may then neither close nor return it', () => {
    const h = hazardIn('pending_verification');
    expect(h.rectifiedBy).toEqual({ userId: 'admin-1', role: 'school_admin' });
    expect(refused(applyAction(h, 'close', {}, admin, NOW)).code).toBe('SAME_PERSON');
    expect(refused(applyAction(h, 'return', { reason: '未整改到位' }, admin, NOW)).code).toBe('SAME_PERSON');
    expect(allowedActions(h, admin, NOW)).not.toContain('close');
  });
  it('lets another school admin close a general hazard of its own school', () => {
    const r = applyAction(hazardIn('pending_verification'), 'close', { comment: '已复查' }, admin2, NOW);
    expect(r.ok && r.next.state).toBe('closed');
    expect(r.ok && r.next.closedBy).toEqual({ userId: 'admin-2', role: 'school_admin' });
    expect(r.ok && r.event.comment).toBe('已复查');
  });
  it('leaves major hazards to the supervision team or the bureau', () => {
    const h = hazardIn('pending_verification', 'major');
    expect(refused(applyAction(h, 'close', {}, admin2, NOW)).code).toBe('CLOSE_AUTHORITY');
    expect(refused(applyAction(h, 'return', { reason: 'x' }, admin2, NOW)).code).toBe('CLOSE_AUTHORITY');
    expect(applyAction(h, 'close', {}, team, NOW).ok).toBe(true);
    expect(applyAction(h, 'close', {}, bureau, NOW).ok).toBe(true);
    expect(refused(applyAction(h, 'close', {}, actor('team_member', 'team-9', false), NOW)).code).toBe('OUT_OF_SCOPE');
    expect(refused(applyAction(h, 'close', {}, leader, NOW)).code).toBe('ROLE_NOT_ALLOWED');
  });
  it('leaves listed (挂牌督办) general hazards to the supervision team or the bureau, and delists on closure', () => {
    const listed = must(hazardIn('pending_verification'), 'list', { supervisingUnitId: 'bureau-1', reason: '群众反映强烈' }, bureau);
    expect(refused(applyAction(listed, 'close', {}, admin2, NOW)).code).toBe('CLOSE_AUTHORITY');
    const closed = must(listed, 'close', {}, team);
    expect(currentListing(closed)).toBeNull();
    expect(closed.listings[0]).toMatchObject({ delistReason: '隐患已销号', delistedBy: { userId: 'team-1' } });
  });
  it('requires evidence of the fix to close, which the verifier may add', () => {
    const noEvidence: Hazard = { ...hazardIn('pending_verification'), evidence: [] };
    expect(refused(applyAction(noEvidence, 'close', {}, team, NOW)).code).toBe('EVIDENCE_REQUIRED');
    const r = applyAction(noEvidence, 'close', { files: [DOCUMENT] }, team, NOW);
    expect(r.ok && r.next.evidence).toEqual([DOCUMENT]);
  });
  it('returns to rectifying with a reason, and the next submission names the new rectifier', () => {
    const back = must(hazardIn('pending_verification'), 'return', { reason: '杂物仍未清理干净' }, team);
    expect(back.state).toBe('rectifying');
    expect(back.returns).toMatchObject([{ reason: '杂物仍未清理干净', by: { userId: 'team-1' } }]);
    expect(refused(applyAction(back, 'return', { reason: '' }, team, NOW)).code).toBe('STATE_NOT_ALLOWED');
    const again = must(back, 'request_verification', { evidence: [PHOTO], note: '已彻底清理' }, admin2);
    expect(again.evidence).toHaveLength(2);
    expect(applyAction(again, 'close', {}, admin, NOW).ok).toBe(true);
    expect(refused(applyAction(again, 'close', {}, admin2, NOW)).code).toBe('SAME_PERSON');
  });
  it('refuses the system admin: administrators act on no hazard (三员分立)', () => {
    const h = hazardIn('pending_verification', 'major');
    expect(refused(applyAction(h, 'close', {}, sysadmin, NOW)).code).toBe('ROLE_NOT_ALLOWED');
    expect(refused(applyAction(null, 'report', reportInput(), sysadmin, NOW)).code).toBe('ROLE_NOT_ALLOWED');
  });
});

describe('fixed on the spot (立行立改)', () => {
  it('goes straight to pending verification with before and after photos, the reporter as rectifier', () => {
    const h = must(null, 'report_fixed', fixedInput(), staff);
    expect(h).toMatchObject({ state: 'pending_verification', fixedOnSpot: true, evidence: [AFTER_PHOTO], rectifiedBy: { userId: 'staff-1' } });
    expect(hazardInvariantViolations(h)).toEqual([]);
    expect(allowedActions(h, admin, NOW)).toEqual(expect.arrayContaining(['close', 'return']));
    expect(must(h, 'close', {}, admin).state).toBe('closed');
  });
  it('is for general hazards only', () => {
    const r = refused(applyAction(null, 'report_fixed', fixedInput({ grade: 'major' }), staff, NOW));
    expect(r.code).toBe('ON_THE_SPOT_GENERAL_ONLY');
  });
  it('needs a before photo and an after photo (documents do not count)', () => {
    const r = refused(applyAction(null, 'report_fixed', fixedInput({ photos: [], fixPhotos: [DOCUMENT] }), staff, NOW));
    expect(r.code).toBe('PHOTOS_REQUIRED');
    expect(r.fields.map((f) => f.field)).toEqual(['photos', 'fixPhotos']);
  });
  it('when the fix fails, goes back to reported for registration with the five commitments, and the school may not strike it off', () => {
    const back = must(must(null, 'report_fixed', fixedInput(), staff), 'return', { reason: '未彻底整改' }, team);
    expect(back.state).toBe('reported');
    expect(refused(applyAction(back, 'reject', { reason: 'not_a_hazard', text: 'x' }, admin, NOW)).code).toBe('REJECT_NOT_ALLOWED');
    const registered = must(back, 'register', registerInput(), admin);
    expect(registered.state).toBe('registered');
    expect(hazardInvariantViolations(registered)).toEqual([]);
  });
  it('cannot be raised to major while waiting for verification', () => {
    const h = must(null, 'report_fixed', fixedInput(), staff);
    expect(refused(applyAction(h, 'edit', { grade: 'major' }, team, NOW)).code).toBe('ON_THE_SPOT_GENERAL_ONLY');
  });
});

describe('overdue (逾期) is derived from the due date in Beijing time', () => {
  const registered = hazardIn('registered'); // due 2024-03-20
  const lastSecond = at('2024-03-20T15:59:59Z');
  const nextDay = at('2024-03-20T16:00:00Z');

  it('is not overdue on the due day and is from 00:00 Beijing time the next day', () => {
    expect(isHazardOverdue(registered, lastSecond)).toBe(false);
    expect(isHazardOverdue(registered, nextDay)).toBe(true);
    expect(requiresOverdueExplanation(registered, lastSecond)).toBe(false);
    expect(requiresOverdueExplanation(registered, nextDay)).toBe(true);
  });
  it('is never overdue before registration or after closure', () => {
    expect(isHazardOverdue(hazardIn('reported'), nextDay)).toBe(false);
    expect(isHazardOverdue(hazardIn('closed'), at('2030-01-01T00:00:00Z'))).toBe(false);
  });
  it('takes an overdue explanation with a new plan only while overdue', () => {
    const input = { reason: '材料未到货', plan: [{ title: '更换防火门', dueDate: '2024-03-28' }] };
    expect(refused(applyAction(registered, 'file_overdue_explanation', input, admin, lastSecond)).code).toBe('NOT_OVERDUE');
    const r = applyAction(registered, 'file_overdue_explanation', input, admin, nextDay);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.next.plan).toMatchObject([{ title: '更换防火门', dueDate: '2024-03-28' }]);
    expect(r.next.overdueExplanations).toMatchObject([{ forDueDate: '2024-03-20', reason: '材料未到货' }]);
    expect(requiresOverdueExplanation(r.next, nextDay)).toBe(false);
    expect(isHazardOverdue(r.next, nextDay)).toBe(true);
  });
  it('wants a new plan dated from today on', () => {
    const r = refused(
      applyAction(registered, 'file_overdue_explanation', { reason: 'x', plan: [{ title: 'y', dueDate: '2024-03-20' }] }, admin, nextDay),
    );
    expect(r.fields.map((f) => f.field)).toEqual(['plan[0].dueDate']);
    expect(fieldsOf(applyAction(registered, 'file_overdue_explanation', { reason: 'x' }, admin, nextDay))).toEqual(['plan']);
  });
  it('asks no explanation for a fix submitted on time and still waiting for verification', () => {
    const onTime = hazardIn('pending_verification'); // submitted 2024-03-10
    expect(isHazardOverdue(onTime, nextDay)).toBe(true);
    expect(requiresOverdueExplanation(onTime, nextDay)).toBe(false);
    const rectifying = hazardIn('rectifying');
    const late = must(rectifying, 'request_verification', { evidence: [PHOTO], note: '完成' }, admin, nextDay);
    expect(requiresOverdueExplanation(late, nextDay)).toBe(true);
  });
});

describe('extension (延期申请)', () => {
  const h = hazardIn('rectifying'); // due 2024-03-20

  it('asks for a later date that is not in the past', () => {
    expect(refused(applyAction(h, 'request_extension', { requestedDueDate: '2024-03-20', reason: 'x' }, admin, NOW)).code).toBe(
      'EXTENSION_DATE_INVALID',
    );
    const afterDue = at('2024-03-25T02:00:00Z');
    expect(
      refused(applyAction(h, 'request_extension', { requestedDueDate: '2024-03-22', reason: 'x' }, admin, afterDue)).message,
    ).toContain('不能早于今天');
    expect(applyAction(h, 'request_extension', { requestedDueDate: '2024-03-25', reason: 'x' }, admin, afterDue).ok).toBe(true);
  });
  it('sets the new due date on approval by the team and keeps the old one in the record', () => {
    const asked = must(h, 'request_extension', { requestedDueDate: '2024-04-10', reason: '需等寒假施工' }, admin);
    expect(refused(applyAction(asked, 'request_extension', { requestedDueDate: '2024-04-11', reason: 'x' }, admin, NOW)).code).toBe(
      'EXTENSION_PENDING',
    );
    expect(refused(applyAction(asked, 'approve_extension', {}, admin, NOW)).code).toBe('ROLE_NOT_ALLOWED');
    const r = applyAction(asked, 'approve_extension', { comment: '同意' }, team, NOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.next.dueDate).toBe('2024-04-10');
    expect(r.next.extensions[0]).toMatchObject({ previousDueDate: '2024-03-20', decision: { approved: true, newDueDate: '2024-04-10' } });
    expect(r.event.changedFields).toEqual(['dueDate', 'extensions']);
    expect(pendingExtension(r.next)).toBeNull();
  });
  it('may approve a different date, still later and not in the past', () => {
    const asked = must(h, 'request_extension', { requestedDueDate: '2024-04-10', reason: 'x' }, admin);
    expect(must(asked, 'approve_extension', { newDueDate: '2024-04-01' }, bureau).dueDate).toBe('2024-04-01');
    expect(refused(applyAction(asked, 'approve_extension', { newDueDate: '2024-03-15' }, bureau, NOW)).code).toBe(
      'EXTENSION_DATE_INVALID',
    );
  });
  it('ends overdue when approved after the due date', () => {
    const late = at('2024-03-22T02:00:00Z');
    const asked = must(h, 'request_extension', { requestedDueDate: '2024-04-01', reason: 'x' }, admin, late);
    expect(isHazardOverdue(asked, late)).toBe(true);
    expect(isHazardOverdue(must(asked, 'approve_extension', {}, team, late), late)).toBe(false);
  });
  it('keeps the due date when refused, with a reason', () => {
    const asked = must(h, 'request_extension', { requestedDueDate: '2024-04-10', reason: 'x' }, admin);
    expect(fieldsOf(applyAction(asked, 'reject_extension', { reason: '' }, team, NOW))).toEqual(['reason']);
    const no = must(asked, 'reject_extension', { reason: '可在假期前完成' }, team);
    expect(no.dueDate).toBe('2024-03-20');
    expect(no.extensions[0]?.decision).toMatchObject({ approved: false, newDueDate: null, comment: '可在假期前完成' });
  });
  it('cannot be decided when nothing is pending', () => {
    expect(refused(applyAction(h, 'approve_extension', {}, team, NOW)).code).toBe('NO_PENDING_EXTENSION');
  });
});

describe('supervision, escalation and progress', () => {
  it('lists and delists for supervision (team and bureau only), never twice at once', () => {
    const h = hazardIn('rectifying');
    expect(refused(applyAction(h, 'list', { supervisingUnitId: 'b', reason: 'r' }, admin, NOW)).code).toBe('ROLE_NOT_ALLOWED');
    const listed = must(h, 'list', { supervisingUnitId: 'bureau-1', reason: '重大隐患' }, team);
    expect(currentListing(listed)).toMatchObject({ supervisingUnitId: 'bureau-1', reason: '重大隐患', listedBy: { userId: 'team-1' } });
    expect(refused(applyAction(listed, 'list', { supervisingUnitId: 'b', reason: 'r' }, bureau, NOW)).code).toBe('ALREADY_LISTED');
    const delisted = must(listed, 'delist', { reason: '已落实管控' }, bureau);
    expect(currentListing(delisted)).toBeNull();
    expect(delisted.listings).toHaveLength(1);
    expect(refused(applyAction(delisted, 'delist', { reason: 'x' }, bureau, NOW)).code).toBe('NOT_LISTED');
  });
  it('escalates to the government by bureau staff with a note', () => {
    const h = hazardIn('rectifying', 'major');
    expect(refused(applyAction(h, 'escalate', { note: 'x' }, team, NOW)).code).toBe('ROLE_NOT_ALLOWED');
    expect(fieldsOf(applyAction(h, 'escalate', { note: '' }, bureau, NOW))).toEqual(['note']);
    expect(must(h, 'escalate', { note: '需规划部门协调拆除违建' }, bureau).escalations).toMatchObject([{ note: '需规划部门协调拆除违建' }]);
  });
  it('adds progress to a milestone and marks it done, offered only when there is a plan', () => {
    expect(allowedActions(hazardIn('registered'), admin, NOW)).not.toContain('add_progress');
    const h = must(hazardIn('reported'), 'register', registerInput({ plan: [{ title: '采购', dueDate: '2024-03-12' }] }), admin);
    expect(allowedActions(h, admin, NOW)).toContain('add_progress');
    expect(fieldsOf(applyAction(h, 'add_progress', { milestoneIndex: 1, note: 'x' }, admin, NOW))).toEqual(['milestoneIndex']);
    const done = must(h, 'add_progress', { milestoneIndex: 0, note: '已下单', done: true, files: [DOCUMENT] }, admin);
    expect(done.plan[0]).toMatchObject({ doneAt: NOW.toISOString(), progress: [{ note: '已下单', files: [DOCUMENT] }] });
  });
});

describe('edit (修改) is recorded and keeps the rules', () => {
  it('names the changed fields', () => {
    const r = applyAction(hazardIn('registered'), 'edit', { description: '更新描述', owner: '赵主任' }, admin, NOW);
    expect(r.ok && r.event.changedFields).toEqual(['description', 'owner']);
    expect(r.ok && r.event.from).toBe('registered');
    expect(r.ok && r.event.to).toBe('registered');
  });
  it('refuses an edit that changes nothing, and the due date (extension only)', () => {
    const h = hazardIn('registered');
    expect(refused(applyAction(h, 'edit', { title: h.title }, admin, NOW)).code).toBe('NOTHING_CHANGED');
    expect(fieldsOf(applyAction(h, 'edit', { dueDate: '2024-05-01' } as never, admin, NOW))).toEqual(['dueDate']);
  });
  it('lets the reporting teacher correct their own report before registration only', () => {
    expect(applyAction(hazardIn('reported'), 'edit', { title: '新标题' }, staff, NOW).ok).toBe(true);
    expect(refused(applyAction(hazardIn('reported'), 'edit', { title: '新标题' }, actor('school_staff', 'staff-2'), NOW)).code).toBe(
      'NOT_OWN_REPORT',
    );
    expect(refused(applyAction(hazardIn('registered'), 'edit', { title: '新标题' }, staff, NOW)).code).toBe('NOT_OWN_REPORT');
  });
  it('does not let a school lower a registered major hazard, but the team may', () => {
    const h = hazardIn('rectifying', 'major');
    expect(refused(applyAction(h, 'edit', { grade: 'general' }, admin, NOW)).code).toBe('GRADE_LOWER_NOT_ALLOWED');
    expect(applyAction(h, 'edit', { grade: 'general' }, team, NOW).ok).toBe(true);
    expect(applyAction(hazardIn('reported', 'major'), 'edit', { grade: 'general' }, admin, NOW).ok).toBe(true);
  });
  it('keeps a major hazard under interim controls and a watcher', () => {
    expect(refused(applyAction(hazardIn('rectifying', 'major'), 'edit', { watcher: null }, team, NOW)).code).toBe(
      'MAJOR_CONTROLS_REQUIRED',
    );
    const h = hazardIn('rectifying');
    expect(refused(applyAction(h, 'edit', { grade: 'major' }, admin, NOW)).code).toBe('MAJOR_CONTROLS_REQUIRED');
    expect(applyAction(h, 'edit', { grade: 'major', ...MAJOR_CONTROLS }, admin, NOW).ok).toBe(true);
  });
  it('keeps the five commitments complete and refuses them before registration', () => {
    expect(refused(applyAction(hazardIn('registered'), 'edit', { owner: '' }, admin, NOW)).code).toBe('COMMITMENTS_INCOMPLETE');
    expect(fieldsOf(applyAction(hazardIn('reported'), 'edit', { owner: '李' }, admin, NOW))).toEqual(['owner']);
    expect(refused(applyAction(hazardIn('registered'), 'edit', { foundAt: '2024-03-10', fundsFen: -5 }, admin, NOW)).code).toBe(
      'INVALID_INPUT',
    );
  });
  it('appends photos and milestones, never removes them', () => {
    const h = must(hazardIn('registered'), 'edit', { addPhotos: [DOCUMENT], addMilestones: [{ title: '验收', dueDate: '2024-03-19' }] }, admin);
    expect(h.photos).toEqual([PHOTO, DOCUMENT]);
    expect(h.plan).toHaveLength(1);
  });
  it('freezes the record for the school while waiting for verification, and for everyone once closed or rejected', () => {
    expect(refused(applyAction(hazardIn('pending_verification'), 'edit', { title: 'x' }, admin2, NOW)).code).toBe('STATE_NOT_ALLOWED');
    expect(applyAction(hazardIn('pending_verification'), 'edit', { title: 'x' }, team, NOW).ok).toBe(true);
    for (const state of ['closed', 'rejected'] as const) {
      for (const role of ROLES) expect(allowedActions(hazardIn(state), actor(role, 'someone-else'), NOW)).toEqual([]);
    }
  });
});

describe('allowedActions lists what each actor may do now', () => {
  it.each([
    ['reported', admin, ['register', 'reject', 'edit']],
    ['reported', staff, ['edit']],
    ['reported', team, ['reject', 'edit', 'list']],
    ['registered', admin, ['start_rectification', 'edit', 'request_extension']],
    ['rectifying', admin, ['request_verification', 'edit', 'request_extension']],
    ['rectifying', bureau, ['edit', 'list', 'escalate']],
    ['pending_verification', admin2, ['close', 'return']],
    ['pending_verification', team, ['close', 'return', 'edit', 'list']],
  ] as const)('%s for %o', (state, who, actions) => {
    expect(allowedActions(hazardIn(state), who, NOW)).toEqual(actions);
  });
  it('offers the creation actions on nothing', () => {
    expect(allowedActions(null, staff, NOW)).toEqual(['report', 'report_fixed']);
    expect(allowedActions(null, team, NOW)).toEqual(['report']);
    expect(allowedActions(null, leader, NOW)).toEqual([]);
  });
  it('gives the bureau leader nothing in any state, and nothing outside the actor’s scope', () => {
    for (const s of ['reported', 'registered', 'rectifying', 'pending_verification'] as const) {
      expect(allowedActions(hazardIn(s), leader, NOW)).toEqual([]);
      expect(allowedActions(hazardIn(s), actor('bureau_staff', 'b', false), NOW)).toEqual([]);
    }
  });
  it('shows the overdue explanation only while overdue', () => {
    const h = hazardIn('rectifying');
    expect(allowedActions(h, admin, at('2024-03-20T15:59:59Z'))).not.toContain('file_overdue_explanation');
    expect(allowedActions(h, admin, at('2024-03-20T16:00:00Z'))).toContain('file_overdue_explanation');
  });
  it('agrees with checkHazardAction', () => {
    const h = hazardIn('pending_verification');
    for (const a of HAZARD_ACTIONS) expect(allowedActions(h, team, NOW).includes(a)).toBe(checkHazardAction(h, a, team, NOW) === null);
  });
});

describe('purity', () => {
  it('never changes the hazard it is given', () => {
    const h = deepFreeze(hazardIn('pending_verification'));
    const before = JSON.stringify(h);
    expect(applyAction(h, 'close', { files: [DOCUMENT] }, team, NOW).ok).toBe(true);
    expect(applyAction(h, 'return', { reason: 'x' }, team, NOW).ok).toBe(true);
    expect(applyAction(h, 'list', { supervisingUnitId: 'b', reason: 'r' }, team, NOW).ok).toBe(true);
    expect(JSON.stringify(h)).toBe(before);
  });
  it('throws only for an invalid clock, never for a rule', () => {
    expect(() => applyAction(null, 'report', reportInput(), staff, new Date(Number.NaN))).toThrow(RangeError);
    expect(applyAction(hazardIn('closed'), 'close', null as never, team, NOW).ok).toBe(false);
    expect(applyAction(hazardIn('reported'), 'register', null as never, admin, NOW).ok).toBe(false);
  });
  it('refuses actions on nothing other than creation', () => {
    expect(refused(applyAction(null, 'close', {}, team, NOW)).code).toBe('STATE_NOT_ALLOWED');
    expect(refused(applyAction(hazardIn('reported'), 'report', reportInput(), staff, NOW)).code).toBe('STATE_NOT_ALLOWED');
  });
  it('produces records that satisfy the invariants along the normal path', () => {
    for (const s of ['reported', 'registered', 'rectifying', 'pending_verification', 'closed', 'rejected'] as const) {
      expect(hazardInvariantViolations(hazardIn(s))).toEqual([]);
      expect(hazardInvariantViolations(hazardIn(s, 'major'))).toEqual([]);
    }
  });
});
