import { describe, expect, it } from 'vitest';
import { AUTO_START_COMMENT, applyActionSteps } from './hazard.steps.js';
import { MAJOR_CONTROLS, NOW, admin, hazardIn, registerInput, staff, team } from './test-support.js';

describe('applyActionSteps: registering starts the rectification', () => {
  it('registers a reported hazard into 整改中 in one step, with both rows in the history', () => {
    const r = applyActionSteps(hazardIn('reported'), 'register', registerInput(), admin, NOW);
    if (!r.ok) throw new Error(r.message);
    expect(r.next.state).toBe('rectifying');
    expect(r.steps.map((s) => [s.event.action, s.event.from, s.event.to])).toEqual([
      ['register', 'reported', 'registered'],
      ['start_rectification', 'registered', 'rectifying'],
    ]);
    expect(r.steps[1]!.event.comment).toBe(AUTO_START_COMMENT);
    expect(r.next.owner).toBe('李校长');
  });

  it('a major hazard with its controls also goes straight to 整改中', () => {
    const r = applyActionSteps(hazardIn('reported', 'major'), 'register', registerInput(MAJOR_CONTROLS), admin, NOW);
    expect(r.ok && r.next.state).toBe('rectifying');
  });

  it('refuses as the register action does, and then writes nothing (incomplete commitments)', () => {
    const r = applyActionSteps(hazardIn('reported'), 'register', registerInput({ owner: '' }), admin, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('COMMITMENTS_INCOMPLETE');
  });

  it('refuses a school staff member who may only report (the policy table: register is for the school admin)', () => {
    const r = applyActionSteps(hazardIn('reported'), 'register', registerInput(), staff, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('ROLE_NOT_ALLOWED');
  });

  it('an action without a follow-on is one step (a team closing a hazard)', () => {
    const r = applyActionSteps(hazardIn('pending_verification'), 'close', { comment: '通过' }, team, NOW);
    expect(r.ok && r.steps.length).toBe(1);
    expect(r.ok && r.next.state).toBe('closed');
  });

  it('a hazard registered before this rule still starts with one click (start_rectification stays)', () => {
    const r = applyActionSteps(hazardIn('registered'), 'start_rectification', {}, admin, NOW);
    expect(r.ok && r.next.state).toBe('rectifying');
  });
});
