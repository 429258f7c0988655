import { COMMON_PASSWORDS } from './common-passwords.js';

export const PASSWORD_MIN_LENGTH = 8;

/**
 * Checks a new password against the platform policy: at least 8 characters, at
 * least 3 of the 4 classes (lower, upper, digit, symbol), not a common password
 * and not the username. Returns the Chinese reasons it fails, empty when it passes.
 */
export function checkPasswordPolicy(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`密码至少 ${PASSWORD_MIN_LENGTH} 位`);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('密码须包含大写字母、小写字母、数字、符号中的至少三类');
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(lower.replace(/[^a-z0-9]/g, ''))) {
    problems.push('密码过于常见，请换一个');
  }
  if (username && lower.includes(username.toLowerCase()) && username.length >= 3) {
    problems.push('密码不能包含用户名');
  }
  return problems;
}
