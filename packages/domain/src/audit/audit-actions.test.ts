import { describe, expect, it } from 'vitest';
import { HAZARD_ACTIONS } from '../hazard/hazard.table.js';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, auditActionLabel } from './audit-actions.js';

describe('audit action labels', () => {
  it('gives every action a non-empty Chinese label', () => {
    expect(AUDIT_ACTIONS.length).toBeGreaterThan(0);
    for (const action of AUDIT_ACTIONS) {
      const label = AUDIT_ACTION_LABELS[action];
      expect(label.trim(), action).not.toBe('');
      expect(/[\u4e00-\u9fff]/.test(label), `${action}: ${label}`).toBe(true);
    }
  });

  it('covers every hazard action', () => {
    for (const a of HAZARD_ACTIONS) expect(AUDIT_ACTION_LABELS[`hazard.${a}`]).toBeTruthy();
  });

  it('names the actions the brief calls out', () => {
    expect(AUDIT_ACTION_LABELS['hazard.register']).toBe('登记隐患');
    expect(AUDIT_ACTION_LABELS['auth.login']).toBe('登录');
    expect(AUDIT_ACTION_LABELS['access.denied']).toBe('越权访问被拒绝');
    expect(AUDIT_ACTION_LABELS['audit.verify']).toBe('核验操作日志');
  });

  it('shows an unknown stored code as it is', () => {
    expect(auditActionLabel('legacy.thing')).toBe('legacy.thing');
  });
});
