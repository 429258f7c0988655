/**
 * A ledger row that is already rectified, verified or struck off (已整改 / 已验收 / 已销号)
 * becomes a closed hazard WITH its history: report → register → start → submit → close,
 * each step through `applyAction` (as the demo's hazard generator plays its stories), so
 * the record is one the service could have written and satisfies every invariant.
 *
 * Decisions (a transcription of a paper history, not acts done in the system):
 * - The steps happen on the ledger's dates: reported and registered on the found date,
 *   submitted on the completion date, closed on the verification date (Beijing working
 *   hours, never after `now`, each after the previous one).
 * - Who: the importer takes the steps its role may take; the others were taken by people
 *   named in the ledger who have no account here, `LEDGER_PERSON` (user id '0'): for a
 *   school admin's import the verifier is that person, for the bureau's import the
 *   school's steps are. So the rectifier is never the verifier, as the rules require.
 *   The names the ledger gives (整改责任人, 验收人) stay in the texts and in each step's
 *   `performedBy`.
 * - Evidence: closing needs some; it is the uploaded ledger itself (the server stores it
 *   and passes its file).
 * - Five commitments the old ledger did not record are written as 原台账未填写 (funds 0,
 *   due date the completion date): a closed hazard must have been registered, and making
 *   up values would be worse than saying they are missing.
 */
import type { Role } from '../roles.js';
import { isDateInRange } from '../input-limits.js';
import { shanghaiDate } from './deadline.js';
import { applyAction } from './hazard.machine.js';
import type { HazardActor, HazardFailure, HazardReportInput, HazardSuccess } from './hazard.table.js';
import type { HazardFile } from './hazard.types.js';

/** The account-less person named in a ledger, as a history reference. */
export const LEDGER_PERSON_USER_ID = '0';
/** Written for a commitment an old ledger did not record. */
export const LEDGER_NOT_RECORDED = '原台账未填写';

/** What a row says about the end of its hazard's story. */
export type LedgerClosure = {
  /** From 整改状态 / 是否整改 / 验收意见 (parseRectificationStatus). */
  readonly status: 'closed' | 'pending' | 'open' | null;
  readonly rectifiedAt: string | null;
  readonly verifier: string | null;
  readonly verifiedAt: string | null;
  readonly result: string | null;
  /** 整改情况 as written, when it is a note rather than a status word. */
  readonly progress: string | null;
};

/**
 * Where a row's story ends: 'closed' when the status says so, or when nothing says
 * otherwise and the row carries a verification (date, person or result); 'pending'
 * (待验收) when rectified but not verified; else 'open' (today's report / register).
 */
export function ledgerRowOutcome(c: LedgerClosure): 'closed' | 'pending' | 'open' {
  if (c.status === 'closed' || c.status === 'pending') return c.status;
  if (c.status === 'open') return 'open';
  return c.verifiedAt !== null || c.verifier !== null || c.result !== null ? 'closed' : 'open';
}

export type LedgerCommitments = {
  readonly owner: string | null;
  readonly measures: string | null;
  readonly fundsFen: number | null;
  readonly dueDate: string | null;
  readonly contingencyPlan: string | null;
  readonly interimControls: string | null;
  readonly watcher: string | null;
};

export type LedgerStep = HazardSuccess & {
  /** The person the ledger names for this step, when there is one. */
  readonly performedBy: string | null;
};

export type LedgerStory =
  | { readonly ok: true; readonly steps: readonly LedgerStep[]; readonly closedOn: string | null; readonly filled: readonly string[] }
  /** `field` is the ledger field at fault (e.g. 'verifiedAt'), or an input field of the action refused. */
  | { readonly ok: false; readonly failure: HazardFailure };

const SCHOOL_STEP_ROLE: Role = 'school_admin';
const HOUR = 3_600_000;

function refused(field: string | null, message: string): { ok: false; failure: HazardFailure } {
  return {
    ok: false,
    failure: { ok: false, code: 'INVALID_INPUT', message, fields: field === null ? [] : [{ field, code: 'INVALID_INPUT', message }] },
  };
}

/** The instants of the steps: on the given Beijing date at the given hour, after the last one, never after now. */
class Clock {
  private last = 0;
  constructor(private readonly nowMs: number) {}
  at(date: string, beijingHour: number): Date {
    // China keeps UTC+8 all year.
    let t = Date.parse(`${date}T00:00:00Z`) + (beijingHour - 8) * HOUR;
    if (t <= this.last) t = this.last + 60_000;
    t = Math.min(t, this.nowMs - 1000);
    if (t <= this.last) t = this.last + 1;
    this.last = t;
    return new Date(t);
  }
}

/**
 * Plays a rectified (and, unless 'pending', verified) ledger row as the hazard's history.
 * `report` is the row's report (photos are ignored); `evidence` the stored ledger file.
 * Refusals name the ledger field at fault in Chinese: a closure before the discovery, a
 * date after today, or the domain's own refusal of a step.
 */
export function playLedgerStory(
  input: {
    readonly report: Omit<HazardReportInput, 'photos'>;
    readonly commitments: LedgerCommitments;
    readonly closure: LedgerClosure;
    readonly evidence: HazardFile;
    readonly outcome: 'closed' | 'pending';
  },
  importer: HazardActor,
  now: Date,
): LedgerStory {
  const { report, commitments: c, closure } = input;
  const today = shanghaiDate(now);
  const found = report.foundAt;
  const checkDate = (field: string, label: string, d: string | null): LedgerStory | null => {
    if (d === null) return null;
    if (d < found) return refused(field, `${label}（${d}）早于发现时间（${found}），请核对`);
    if (d > today) return refused(field, `${label}（${d}）晚于今天，请核对`);
    return null;
  };
  const bad = checkDate('verifiedAt', '验收（销号）时间', closure.verifiedAt) ?? checkDate('rectifiedAt', '整改完成时间', closure.rectifiedAt);
  if (bad) return bad;
  if (closure.rectifiedAt !== null && closure.verifiedAt !== null && closure.verifiedAt < closure.rectifiedAt) {
    return refused('verifiedAt', `验收（销号）时间（${closure.verifiedAt}）早于整改完成时间（${closure.rectifiedAt}），请核对`);
  }
  const dueDone = c.dueDate !== null && c.dueDate >= found && c.dueDate <= today ? c.dueDate : null;
  const doneOn = closure.rectifiedAt ?? closure.verifiedAt ?? dueDone ?? found;
  const closedOn = input.outcome === 'closed' ? (closure.verifiedAt ?? doneOn) : null;
  if (!isDateInRange(doneOn)) return refused('rectifiedAt', `整改完成时间（${doneOn}）超出允许范围`);

  // The importer takes what its role may; the ledger's people take the rest (see the top).
  const importerIsSchool = importer.role === 'school_admin';
  const person = (role: Role): HazardActor => ({ userId: LEDGER_PERSON_USER_ID, role, actorCoversUnit: true });
  const school: HazardActor = importerIsSchool ? importer : person(SCHOOL_STEP_ROLE);
  const verifierRole: Role = report.grade === 'major' ? 'team_member' : 'school_admin';
  const verifier: HazardActor = importerIsSchool ? person(verifierRole) : importer;

  const filled: string[] = [];
  const fill = (v: string | null, label: string): string => {
    if (v !== null && v !== '') return v;
    filled.push(label);
    return LEDGER_NOT_RECORDED;
  };
  const major = report.grade === 'major';
  const register = {
    owner: fill(c.owner, '责任人'),
    measures: fill(c.measures, '整改措施'),
    fundsFen: c.fundsFen ?? (filled.push('整改资金'), 0),
    dueDate: c.dueDate ?? (filled.push('整改时限'), doneOn),
    contingencyPlan: fill(c.contingencyPlan, '应急预案'),
    interimControls: major ? fill(c.interimControls, '临时管控措施') : c.interimControls,
    watcher: major ? fill(c.watcher, '专人盯防') : c.watcher,
  };

  const clock = new Clock(now.getTime());
  const steps: LedgerStep[] = [];
  let doc = null as HazardSuccess['next'] | null;
  const step = (r: ReturnType<typeof applyAction>, performedBy: string | null): HazardFailure | null => {
    if (!r.ok) return r;
    doc = r.next;
    steps.push({ ...r, performedBy });
    return null;
  };
  const fail = (f: HazardFailure): LedgerStory => ({ ok: false, failure: f });

  let f = step(applyAction(null, 'report', { ...report, photos: [] }, importer, clock.at(found, 9)), report.foundBy);
  if (f) return fail(f);
  f = step(applyAction(doc, 'register', register, school, clock.at(found, 9)), c.owner);
  if (f) return fail(f);
  f = step(applyAction(doc, 'start_rectification', { comment: '据原台账记录' }, school, clock.at(found, 9)), c.owner);
  if (f) return fail(f);
  const note = closure.progress ?? (closure.status === 'closed' || closure.status === 'pending' ? '已整改' : '已整改（据原台账）');
  f = step(applyAction(doc, 'request_verification', { evidence: [input.evidence], note: `${note}（据原台账，整改完成于 ${doneOn}）` }, school, clock.at(doneOn, 10)), c.owner);
  if (f) return fail(f);
  if (closedOn !== null) {
    const parts = [closure.verifier ? `验收人：${closure.verifier}` : null, closure.result ? `验收意见：${closure.result}` : null, `销号时间：${closedOn}`];
    const comment = `${parts.filter(Boolean).join('；')}（据原台账）`;
    f = step(applyAction(doc, 'close', { comment }, verifier, clock.at(closedOn, 16)), closure.verifier);
    if (f) return fail(f);
  }
  return { ok: true, steps, closedOn, filled };
}
