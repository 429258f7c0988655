import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Role } from '../roles.js';
import { addDays, shanghaiDate } from './deadline.js';
import { allowedActions, applyAction, checkHazardAction, hazardInvariantViolations } from './hazard.machine.js';
import {
  HAZARD_ACTIONS,
  HAZARD_ERROR_KINDS,
  HAZARD_RECORD_ACTION_STATES,
  HAZARD_STATE_ACTIONS,
  HAZARD_TRANSITIONS,
  type HazardAction,
  type HazardActor,
  type HazardResult,
} from './hazard.table.js';
import { HAZARD_STATES, currentListing, type Hazard, type HazardState } from './hazard.types.js';
import { NOW, deepFreeze } from './test-support.js';

const DAY = 86_400_000;
const SUPERVISORS: readonly Role[] = ['team_member', 'bureau_staff'];

/** Two people for most roles, so "someone else" is sometimes the same role and sometimes not. */
const USERS: readonly { userId: string; role: Role }[] = [
  { userId: 'staff-1', role: 'school_staff' },
  { userId: 'staff-2', role: 'school_staff' },
  { userId: 'admin-1', role: 'school_admin' },
  { userId: 'admin-2', role: 'school_admin' },
  { userId: 'team-1', role: 'team_member' },
  { userId: 'team-2', role: 'team_member' },
  { userId: 'bureau-1', role: 'bureau_staff' },
  { userId: 'leader-1', role: 'bureau_leader' },
  { userId: 'sys-1', role: 'system_admin' },
];

const actorArb: fc.Arbitrary<HazardActor> = fc
  .record({
    user: fc.constantFrom(...USERS),
    covers: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  })
  .map(({ user, covers }) => ({ ...user, actorCoversUnit: covers }));

/** Mostly valid, sometimes blank, sometimes the wrong type. */
function mostly<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 18, arbitrary: valid },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, '', '   ') },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 3 })) },
  );
}

const text = mostly(fc.constantFrom('内容', '杂物堆放', '李老师'));
/** A date as an offset in days from "today" at the time of the step, or junk. */
const dateSpec = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -15, max: 40 }).map((rel) => ({ rel })) },
  { weight: 1, arbitrary: fc.constantFrom('2021-02-30', '', undefined, '2024/3/5') },
);
const files = fc.oneof(
  { weight: 5, arbitrary: fc.constant([{ fileId: 'p', kind: 'photo' }]) },
  { weight: 2, arbitrary: fc.constant([{ fileId: 'd', kind: 'document' }]) },
  { weight: 2, arbitrary: fc.constant([]) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, [{ fileId: '', kind: 'photo' }], 'x') },
);
const EDIT_KEYS = [
  'title',
  'description',
  'location',
  'domain',
  'grade',
  'source',
  'foundAt',
  'foundBy',
  'addPhotos',
  'owner',
  'measures',
  'fundsFen',
  'contingencyPlan',
  'interimControls',
  'watcher',
  'addMilestones',
  'dueDate',
] as const;

const stepArb = fc.record({
  actor: actorArb,
  /** Most steps take one of the actor's allowed actions, so runs go deep; the rest try anything. */
  preferAllowed: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  pick: fc.nat(10_000),
  advanceMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * DAY }), fc.integer({ min: 0, max: 30 * DAY })),
  t1: text,
  t2: text,
  t3: text,
  t4: text,
  t5: text,
  d1: dateSpec,
  d2: dateSpec,
  found: fc.integer({ min: -30, max: 1 }),
  funds: mostly(fc.constantFrom(0, 100, 250_000)),
  grade: mostly(fc.constantFrom('general', 'major')),
  domain: mostly(fc.constantFrom('fire', 'food', 'gas')),
  source: mostly(fc.constantFrom('self', 'supervision', 'public_report')),
  files1: files,
  files2: files,
  milestones: fc.option(fc.array(fc.record({ title: text, date: dateSpec }), { maxLength: 3 }), { nil: undefined }),
  index: fc.integer({ min: -1, max: 3 }),
  done: fc.option(fc.boolean(), { nil: undefined }),
  rejectReason: mostly(fc.constantFrom('duplicate', 'not_a_hazard')),
  editKeys: fc.subarray([...EDIT_KEYS], { minLength: 1, maxLength: 4 }),
  withNull: fc.boolean(),
});
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

function dateOf(spec: Step['d1'], today: string): unknown {
  return typeof spec === 'object' && spec !== null ? addDays(today, spec.rel) : spec;
}

function inputFor(action: HazardAction, s: Step, today: string): unknown {
  const d1 = dateOf(s.d1, today);
  const d2 = dateOf(s.d2, today);
  const plan = s.milestones?.map((m) => ({ title: m.title, dueDate: dateOf(m.date, today) }));
  const report = {
    unitId: 'school-1',
    domain: s.domain,
    grade: s.grade,
    source: s.source,
    title: s.t1,
    description: s.t2,
    location: s.t3,
    photos: s.files1,
    foundAt: addDays(today, s.found),
    foundBy: s.t4,
  };
  switch (action) {
    case 'report':
      return report;
    case 'report_fixed':
      return { ...report, fixPhotos: s.files2, fixNote: s.t5 };
    case 'register':
      return {
        owner: s.t1,
        measures: s.t2,
        fundsFen: s.funds,
        dueDate: d1,
        contingencyPlan: s.t3,
        interimControls: s.t4,
        watcher: s.t5,
        plan,
      };
    case 'reject':
      return { reason: s.rejectReason, text: s.t1 };
    case 'start_rectification':
      return { comment: s.t1 };
    case 'request_verification':
      return { evidence: s.files1, note: s.t2 };
    case 'close':
      return { comment: s.t1, files: s.files2 };
    case 'return':
      return { reason: s.t1 };
    case 'edit': {
      const all: Record<(typeof EDIT_KEYS)[number], unknown> = {
        title: s.t1,
        description: s.t2,
        location: s.t3,
        domain: s.domain,
        grade: s.grade,
        source: s.source,
        foundAt: addDays(today, s.found),
        foundBy: s.t4,
        addPhotos: s.files1,
        owner: s.t1,
        measures: s.t2,
        fundsFen: s.funds,
        contingencyPlan: s.t3,
        interimControls: s.withNull ? null : s.t4,
        watcher: s.withNull ? null : s.t5,
        addMilestones: plan,
        dueDate: d2,
      };
      return Object.fromEntries(s.editKeys.map((k) => [k, all[k]]));
    }
    case 'list':
      return { supervisingUnitId: s.t1, reason: s.t2 };
    case 'delist':
      return { reason: s.t1 };
    case 'escalate':
      return { note: s.t1 };
    case 'file_overdue_explanation':
      return { reason: s.t1, plan };
    case 'request_extension':
      return { requestedDueDate: d1, reason: s.t2 };
    case 'approve_extension':
      return s.withNull ? { comment: s.t1 } : { newDueDate: d2, comment: s.t1 };
    case 'reject_extension':
      return { reason: s.t1 };
    case 'add_progress':
      return { milestoneIndex: s.index, note: s.t1, done: s.done, files: s.files1 };
    default: {
      const never: never = action;
      return never;
    }
  }
}

const seenStates = new Set<HazardState>();
const seenActions = new Set<HazardAction>();
const seenCodes = new Set<string>();

/** Applies one step and checks everything the ledger promises about it. Returns the new hazard. */
function stepAndCheck(prev: Hazard | null, action: HazardAction, input: unknown, actor: HazardActor, now: Date): Hazard | null {
  if (prev !== null) deepFreeze(prev);
  const snapshot = JSON.stringify(prev);
  const guard = checkHazardAction(prev, action, actor, now);
  const allowed = allowedActions(prev, actor, now).includes(action);
  const r: HazardResult = applyAction(prev, action, input as never, actor, now);

  expect(JSON.stringify(prev)).toBe(snapshot); // pure
  expect(allowed).toBe(guard === null);
  if (!r.ok) {
    seenCodes.add(r.code);
    expect(r.code in HAZARD_ERROR_KINDS).toBe(true);
    expect(r.message).toMatch(/[\u4e00-\u9fff]/);
    for (const f of r.fields) expect(f.code in HAZARD_ERROR_KINDS).toBe(true);
    if (guard !== null) expect(r.code).toBe(guard.code); // refused before the input is read
    return prev;
  }

  // Only what allowedActions offered can succeed; the bureau leader never changes anything.
  expect(allowed).toBe(true);
  expect(actor.role).not.toBe('bureau_leader');
  expect(actor.actorCoversUnit).toBe(true);
  const { next, event } = r;
  seenActions.add(action);
  seenStates.add(next.state);

  // Every state change follows a row of the table; record actions keep the state.
  const from = prev?.state ?? null;
  expect(event).toMatchObject({ action, from, to: next.state, actor: { userId: actor.userId, role: actor.role } });
  expect(event.changedFields).not.toContain('state');
  if ((HAZARD_STATE_ACTIONS as readonly string[]).includes(action)) {
    expect(HAZARD_TRANSITIONS.some((t) => t.action === action && t.from === from && t.to === next.state)).toBe(true);
  } else {
    expect(next.state).toBe(from);
    expect(HAZARD_RECORD_ACTION_STATES[action as keyof typeof HAZARD_RECORD_ACTION_STATES]).toContain(from);
    expect(event.changedFields.length).toBeGreaterThan(0);
  }

  expect(hazardInvariantViolations(next)).toEqual([]);
  if (next.state === 'closed') {
    expect(next.evidence.length).toBeGreaterThan(0);
    expect(next.closedBy?.userId).toBeDefined();
    expect(next.closedBy?.userId).not.toBe(next.rectifiedBy?.userId);
  }
  if (action === 'close' || action === 'return') {
    expect(actor.userId).not.toBe(prev?.rectifiedBy?.userId);
    if (prev !== null && (prev.grade === 'major' || currentListing(prev) !== null)) expect(SUPERVISORS).toContain(actor.role);
  }
  if (next.grade === 'major' && (next.state === 'rectifying' || next.state === 'registered')) {
    expect(next.interimControls?.trim()).toBeTruthy();
    expect(next.watcher?.trim()).toBeTruthy();
  }
  if (next.state === 'registered' || next.state === 'rectifying') {
    for (const c of [next.owner, next.measures, next.dueDate, next.contingencyPlan]) expect(c?.trim()).toBeTruthy();
    expect(Number.isSafeInteger(next.fundsFen) && (next.fundsFen ?? -1) >= 0).toBe(true);
    expect((next.dueDate ?? '') >= next.foundAt).toBe(true);
  }
  if (next.state === 'pending_verification' && next.registeredAt === null) {
    expect(next.fixedOnSpot && next.grade === 'general').toBe(true);
  }

  if (next.state === 'pending_verification') probeVerification(next, now);

  // Nothing is ever deleted: every list only grows, and what was there stays.
  if (prev !== null) {
    for (const k of ['photos', 'evidence', 'returns', 'escalations', 'overdueExplanations'] as const) {
      expect(next[k].slice(0, prev[k].length)).toEqual(prev[k]);
    }
    expect(next.listings.length).toBeGreaterThanOrEqual(prev.listings.length);
    prev.listings.forEach((l, i) => expect(next.listings[i]).toMatchObject({ listedAt: l.listedAt, reason: l.reason }));
    expect(next.extensions.length).toBeGreaterThanOrEqual(prev.extensions.length);
    prev.extensions.forEach((x, i) => {
      if (x.decision !== null) expect(next.extensions[i]).toEqual(x);
    });
    expect(next.plan.length).toBeGreaterThanOrEqual(prev.plan.length === 0 || action !== 'file_overdue_explanation' ? prev.plan.length : 1);
    if (prev.registeredAt !== null) expect(next.registeredAt).toBe(prev.registeredAt);
    expect(next.reportedBy).toEqual(prev.reportedBy);
    expect(next.unitId).toBe(prev.unitId);
  }
  return next;
}

/** State changes and the rarer record actions, preferred so histories go deep and wide. */
const PREFERRED: readonly HazardAction[] = [
  ...HAZARD_STATE_ACTIONS,
  'request_extension',
  'approve_extension',
  'reject_extension',
  'file_overdue_explanation',
  'add_progress',
];

/**
 * Whoever waits for verification: the rectifier may neither close nor return it, and a
 * school admin may not close a major or listed one, whatever the input.
 */
function probeVerification(h: Hazard, now: Date): void {
  const rectifier = h.rectifiedBy;
  if (rectifier === null) throw new Error('pending verification without a rectifier');
  for (const action of ['close', 'return'] as const) {
    const own = applyAction(h, action, { reason: '复查', files: [{ fileId: 'p', kind: 'photo' }] } as never, { ...rectifier, actorCoversUnit: true }, now);
    expect(own.ok).toBe(false);
    if (!own.ok) seenCodes.add(own.code);
    if (!own.ok && rectifier.role !== 'school_staff') expect(own.code).toBe('SAME_PERSON');
    const other = USERS.find((u) => u.role === 'school_admin' && u.userId !== rectifier.userId);
    if (other === undefined) continue;
    const bySchool = applyAction(h, action, { reason: '复查' } as never, { ...other, actorCoversUnit: true }, now);
    const mustBeSupervised = h.grade === 'major' || currentListing(h) !== null;
    expect(bySchool.ok).toBe(!mustBeSupervised);
    if (!bySchool.ok) {
      seenCodes.add(bySchool.code);
      expect(bySchool.code).toBe('CLOSE_AUTHORITY');
    }
  }
}

/**
 * The next move: usually one of the moves some user is offered now (PREFERRED ones half
 * the time, rejection rarely, since it ends a history at once), otherwise an action
 * offered to someone or any action, tried by the step's random actor (mostly refused).
 */
function pickMove(h: Hazard | null, s: Step, now: Date): { action: HazardAction; actor: HazardActor } {
  const random = { action: HAZARD_ACTIONS[s.pick % HAZARD_ACTIONS.length] as HazardAction, actor: s.actor };
  const offered = USERS.flatMap((u) => {
    const who = { ...u, actorCoversUnit: true };
    return allowedActions(h, who, now).map((action) => ({ action, actor: who }));
  }).filter((m) => m.action !== 'reject' || s.pick % 8 === 0);
  if (!s.preferAllowed) {
    // Half the time, what someone else may do now, tried by the step's actor (the rectifier closing, a school closing a major hazard…).
    const someone = offered[Math.floor(s.pick / 2) % Math.max(offered.length, 1)];
    return s.pick % 2 === 0 && someone !== undefined ? { action: someone.action, actor: s.actor } : random;
  }
  const forward = offered.filter((m) => PREFERRED.includes(m.action));
  const pool = forward.length > 0 && s.pick % 2 === 0 ? forward : offered;
  return pool[Math.floor(s.pick / 2) % pool.length] ?? random;
}

describe('random histories never reach an invalid hazard (property)', () => {
  it('holds every rule after every step of random actions by random actors', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * DAY }),
        fc.constantFrom<HazardAction>('report', 'report_fixed'),
        stepArb,
        fc.array(stepArb, { minLength: 5, maxLength: 60 }),
        (startOffset, create, first, steps) => {
          let now = new Date(NOW.getTime() + startOffset);
          let h = stepAndCheck(null, create, inputFor(create, first, shanghaiDate(now)), first.actor, now);
          if (h === null) return;
          for (const s of steps) {
            now = new Date(now.getTime() + s.advanceMs);
            const { action, actor } = pickMove(h, s, now);
            h = stepAndCheck(h, action, inputFor(action, s, shanghaiDate(now)), actor, now);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('also holds when any action, not only the offered ones, is tried on the way', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 5, maxLength: 40 }),
        fc.constantFrom(...HAZARD_ACTIONS),
        actorArb,
        (steps, probe, prober) => {
          let now = NOW;
          let h: Hazard | null = null;
          for (const s of steps) {
            now = new Date(now.getTime() + s.advanceMs);
            const { action, actor } = pickMove(h, s, now);
            h = stepAndCheck(h, action, inputFor(action, s, shanghaiDate(now)), actor, now);
            // An arbitrary probe never changes h (it is checked and thrown away).
            stepAndCheck(h, probe, inputFor(probe, s, shanghaiDate(now)), prober, now);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  afterAll(() => {
    // The generators must actually exercise the machine, or the properties prove little.
    for (const s of HAZARD_STATES) expect(seenStates, `state ${s} was never reached`).toContain(s);
    for (const a of HAZARD_ACTIONS) expect(seenActions, `action ${a} never succeeded`).toContain(a);
    for (const c of ['SAME_PERSON', 'CLOSE_AUTHORITY', 'COMMITMENTS_INCOMPLETE', 'MAJOR_CONTROLS_REQUIRED', 'EVIDENCE_REQUIRED']) {
      expect(seenCodes, `refusal ${c} never happened`).toContain(c);
    }
  });
});
