import { Type, type Static } from 'typebox';
import { Nullable } from './common.js';

export const RoleSchema = Type.Union([
  Type.Literal('system_admin'),
  Type.Literal('security_admin'),
  Type.Literal('audit_admin'),
  Type.Literal('bureau_leader'),
  Type.Literal('bureau_staff'),
  Type.Literal('team_member'),
  Type.Literal('school_admin'),
  Type.Literal('school_staff'),
]);

/**
 * How far a sign-in has come: `full`, or waiting for the second factor
 * (`second_factor`), or for its first enrolment (`enrol_second_factor`), when only
 * finishing the sign-in is allowed.
 */
export const AuthStage = Type.Union([Type.Literal('full'), Type.Literal('second_factor'), Type.Literal('enrol_second_factor')]);
export type AuthStage = Static<typeof AuthStage>;

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const ScopeSummary = Type.Object({
  kind: Type.Union([Type.Literal('subtree'), Type.Literal('teams')]),
  description: Type.String(),
  unitCount: Type.Integer({ description: '范围内的学校数' }),
  teams: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
});

export const Me = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  roleLabel: Type.String(),
  unit: Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() }),
  department: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  scope: ScopeSummary,
  csrfToken: Type.String({ description: '改变状态的请求须在请求头 X-CSRF-Token 中带上此值' }),
  authStage: AuthStage,
  mustChangePassword: Type.Boolean({ description: '密码由管理员设置或重置：修改密码之前不能进行其他操作' }),
  secondFactor: Type.Object({
    enabled: Type.Boolean({ description: '已绑定动态验证码（TOTP）' }),
    required: Type.Boolean({ description: '本角色必须使用动态验证码登录' }),
    recoveryCodesLeft: Type.Integer({ minimum: 0 }),
  }),
});
export type Me = Static<typeof Me>;

/** A code from the authenticator app (6 digits) or one of the recovery codes. */
export const SecondFactorBody = Type.Object(
  { code: Type.String({ minLength: 6, maxLength: 20, pattern: '^[0-9A-Za-z -]+$' }) },
  { additionalProperties: false },
);
export type SecondFactorBody = Static<typeof SecondFactorBody>;

export const TotpSetup = Type.Object({
  secret: Type.String({ description: 'Base32 密钥（无法扫码时手工输入）' }),
  otpauthUrl: Type.String(),
  qrSvg: Type.String({ description: '二维码（SVG），用身份验证器 App 扫描' }),
});
export type TotpSetup = Static<typeof TotpSetup>;

export const TotpEnableBody = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$' }) },
  { additionalProperties: false },
);

export const RecoveryCodes = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: '一次性恢复码，只显示这一次，请妥善保存' }),
});
export type RecoveryCodes = Static<typeof RecoveryCodes>;

export const TotpDisableBody = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 200 }), code: Type.String({ minLength: 6, maxLength: 20 }) },
  { additionalProperties: false },
);

/** Confirms the caller's identity again before a sensitive account change (password, and the code when bound). */
export const ReauthBody = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 200 }), code: Type.Optional(Type.String({ minLength: 6, maxLength: 20 })) },
  { additionalProperties: false },
);

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const SetupStatus = Type.Object({ setupRequired: Type.Boolean(), demo: Type.Boolean() });

export const SetupBody = Type.Object(
  {
    bureauName: Type.String({ minLength: 2, maxLength: 100 }),
    username: Type.String({ pattern: '^[a-z0-9_.-]{3,40}$' }),
    displayName: Type.String({ minLength: 1, maxLength: 50 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
