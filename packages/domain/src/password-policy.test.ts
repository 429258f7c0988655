import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy } from './password-policy.js';

describe('password policy', () => {
  it('accepts 8+ characters with three classes', () => {
    expect(checkPasswordPolicy('Anquan#88')).toEqual([]);
    expect(checkPasswordPolicy('anquan#88x')).toEqual([]);
  });
  it('refuses short passwords', () => {
    expect(checkPasswordPolicy('Ab#1')).toContain('密码至少 8 位');
  });
  it('refuses passwords with fewer than three classes', () => {
    expect(checkPasswordPolicy('abcdefgh12')[0]).toContain('至少三类');
  });
  it('refuses common passwords even when dressed up with symbols', () => {
    expect(checkPasswordPolicy('P@ssw0rd')).toContain('密码过于常见，请换一个');
    expect(checkPasswordPolicy('Woaini@1314')).toContain('密码过于常见，请换一个');
  });
  it('refuses a password containing the username', () => {
    expect(checkPasswordPolicy('Zhangsan#2026', 'zhangsan')).toContain('密码不能包含用户名');
  });
  it('refuses the published demo password outside demo mode, in any dress', () => {
    expect(checkPasswordPolicy('Tianning@2026')).toContain('不能使用公开的演示密码');
    expect(checkPasswordPolicy('tianning#2026')).toContain('不能使用公开的演示密码');
    expect(checkPasswordPolicy('Tianning@2026', undefined, { demo: true })).toEqual([]);
  });
});
