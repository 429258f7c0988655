/** Factories for the hazard tests (not exported from the package). */
import type { Role } from '../roles.js';
import { applyAction } from './hazard.machine.js';
import type {
  HazardAction,
  HazardActionInputs,
  HazardActor,
  HazardRegisterInput,
  HazardReportFixedInput,
  HazardReportInput,
  HazardResult,
} from './hazard.table.js';
import type { Hazard, HazardFile, HazardGrade } from './hazard.types.js';

/** 2024-03-10 10:00 in Beijing. */
export const NOW = new Date('2024-03-10T02:00:00Z');
export const TODAY = '2024-03-10';

export const PHOTO: HazardFile = { fileId: 'photo-1', kind: 'photo' };
export const AFTER_PHOTO: HazardFile = { fileId: 'photo-2', kind: 'photo' };
export const DOCUMENT: HazardFile = { fileId: 'doc-1', kind: 'document' };

export function actor(role: Role, userId: string = role, actorCoversUnit = true): HazardActor {
  return { userId, role, actorCoversUnit };
}

export const staff = actor('school_staff', 'staff-1');
export const admin = actor('school_admin', 'admin-1');
export const admin2 = actor('school_admin', 'admin-2');
export const team = actor('team_member', 'team-1');
export const bureau = actor('bureau_staff', 'bureau-1');
export const leader = actor('bureau_leader', 'leader-1');
export const sysadmin = actor('system_admin', 'sys-1');

export function reportInput(overrides: Partial<HazardReportInput> = {}): HazardReportInput {
  return {
    unitId: 'school-1',
    domain: 'fire',
    grade: 'general',
    source: 'self',
    title: '消防通道堵塞',
    description: '教学楼一楼东侧消防通道堆放杂物',
    location: '教学楼一楼',
    photos: [PHOTO],
    foundAt: '2024-03-09',
    foundBy: '张老师',
    ...overrides,
  };
}

export function fixedInput(overrides: Partial<HazardReportFixedInput> = {}): HazardReportFixedInput {
  return { ...reportInput(), fixPhotos: [AFTER_PHOTO], fixNote: '当场清理', ...overrides };
}

export function registerInput(overrides: Partial<HazardRegisterInput> = {}): HazardRegisterInput {
  return {
    owner: '李校长',
    measures: '清理杂物，设置禁止堆放标识',
    fundsFen: 0,
    dueDate: '2024-03-20',
    contingencyPlan: '通道堵塞时启用西侧疏散通道',
    ...overrides,
  };
}

export const MAJOR_CONTROLS = { interimControls: '设置警戒区，禁止学生进入', watcher: '王保安' } as const;

/** Applies an action that must succeed and returns the new record. */
export function must<A extends HazardAction>(
  hazard: Hazard | null,
  action: A,
  input: HazardActionInputs[A],
  who: HazardActor,
  now: Date = NOW,
): Hazard {
  const r: HazardResult = applyAction(hazard, action, input, who, now);
  if (!r.ok) throw new Error(`${action} failed: ${r.code} ${r.message}`);
  return r.next;
}

/** A hazard brought to `state` by the normal path (school staff reports, school admin rectifies). */
export function hazardIn(
  state: 'reported' | 'registered' | 'rectifying' | 'pending_verification' | 'closed' | 'rejected',
  grade: HazardGrade = 'general',
): Hazard {
  let h = must(null, 'report', reportInput({ grade }), staff);
  if (state === 'reported') return h;
  if (state === 'rejected') return must(h, 'reject', { reason: 'duplicate', text: '与 3 月 8 日上报的重复' }, admin);
  h = must(h, 'register', registerInput(grade === 'major' ? MAJOR_CONTROLS : {}), admin);
  if (state === 'registered') return h;
  h = must(h, 'start_rectification', {}, admin);
  if (state === 'rectifying') return h;
  h = must(h, 'request_verification', { evidence: [AFTER_PHOTO], note: '杂物已清理' }, admin);
  if (state === 'pending_verification') return h;
  return must(h, 'close', { comment: '通过' }, team);
}

/** Freezes a value and everything in it, so a mutation throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
