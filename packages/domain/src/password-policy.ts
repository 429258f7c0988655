import { COMMON_PASSWORDS } from './common-passwords.js';

export const PASSWORD_MIN_LENGTH = 8;

/** The demo district's password, published in the README: never a real account's password. */
export const DEMO_PASSWORD = 'Tianning@2026';

export type PasswordPolicyOptions = {
  /** Demo mode: the published demo password is allowed (the demo accounts use it). */
  demo?: boolean;
};

/**
 * Checks a new password against the platform policy: at least 8 characters, at
 * least 3 of the 4 classes (lower, upper, digit, symbol), not a common password
 * not the username, and outside demo mode not the published demo password. (That it
 * is not the current password needs the hash: the server checks it.) Returns the
 * Chinese reasons it fails, empty when it passes.
 */
export function checkPasswordPolicy(password: string, username?: string, options: PasswordPolicyOptions = {}): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`密码至少 ${PASSWORD_MIN_LENGTH} 位`);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('密码须包含大写字母、小写字母、数字、符号中的至少三类');
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(lower.replace(/[^a-z0-9]/g, ''))) {
    problems.push('密码过于常见，请换一个');
  }
  const bare = (p: string) => p.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!options.demo && bare(password) === bare(DEMO_PASSWORD)) {
    problems.push('不能使用公开的演示密码');
  }
  if (username && lower.includes(username.toLowerCase()) && username.length >= 3) {
    problems.push('密码不能包含用户名');
  }
  return problems;
}
