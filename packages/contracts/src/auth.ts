import { Type, type Static } from 'typebox';
import { Nullable } from './common.js';

export const RoleSchema = Type.Union([
  Type.Literal('system_admin'),
  Type.Literal('bureau_leader'),
  Type.Literal('bureau_staff'),
  Type.Literal('team_member'),
  Type.Literal('school_admin'),
  Type.Literal('school_staff'),
]);

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
});
export type Me = Static<typeof Me>;

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
