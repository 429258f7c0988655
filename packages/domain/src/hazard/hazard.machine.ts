/**
 * The hazard state machine's two entry points: `allowedActions` (what the UI may offer) and
 * `applyAction` (the guard, then the action's performer, then the state from the table).
 *
 * hazard.guard.ts decides who may act now; hazard.fields.ts parses inputs; the performers
 * (hazard.perform.*.ts) build the next record per action group; hazard.invariants.ts holds
 * what every stored record satisfies.
 */
import { checkHazardAction, isStateAction, transitionFor } from './hazard.guard.js';
import { changedFields, ref, type Performer } from './hazard.perform.js';
import { editPerformers } from './hazard.perform.edit.js';
import { recordPerformers } from './hazard.perform.record.js';
import { registerPerformers } from './hazard.perform.register.js';
import { reportPerformers } from './hazard.perform.report.js';
import { verifyPerformers } from './hazard.perform.verify.js';
import { HAZARD_ACTIONS, type HazardAction, type HazardActionInputs, type HazardActor, type HazardResult } from './hazard.table.js';
import type { Hazard } from './hazard.types.js';

export { checkHazardAction, isHazardOverdue, requiresOverdueExplanation, transitionFor } from './hazard.guard.js';
export { hazardInvariantViolations } from './hazard.invariants.js';

/** One performer per action: a missing action is a compile error here. */
const HAZARD_PERFORMERS: Record<HazardAction, Performer> = {
  ...reportPerformers,
  ...registerPerformers,
  ...verifyPerformers,
  ...editPerformers,
  ...recordPerformers,
};

/**
 * The actions this actor may take on this hazard now (`null`: the creation actions
 * open to it). The API returns this list with each record so the UI shows only these.
 */
export function allowedActions(hazard: Hazard | null, actor: HazardActor, now: Date): HazardAction[] {
  return HAZARD_ACTIONS.filter((a) => checkHazardAction(hazard, a, actor, now) === null);
}

/**
 * Applies an action. Pure: never mutates `hazard`, returns a new record and the event
 * to record in the same transaction, or a structured Chinese refusal (never throws for
 * a rule; throws RangeError only for an invalid `now`). `hazard` is null for the
 * creation actions `report` and `report_fixed`. The input is checked again here, since
 * the rules (dates, grade, the five commitments) are the domain's.
 */
export function applyAction<A extends HazardAction>(
  hazard: Hazard | null,
  action: A,
  input: HazardActionInputs[A],
  actor: HazardActor,
  now: Date,
): HazardResult {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new RangeError('invalid instant');
  const refused = checkHazardAction(hazard, action, actor, now);
  if (refused !== null) return refused;
  const performed = HAZARD_PERFORMERS[action](hazard, input, actor, now);
  if ('ok' in performed) return performed;
  // The new state comes from the table only; checkHazardAction has found the row.
  const row = isStateAction(action) ? transitionFor(hazard, action) : null;
  const next: Hazard = row === null ? performed.next : { ...performed.next, state: row.to };
  return {
    ok: true,
    next,
    event: {
      action,
      from: hazard?.state ?? null,
      to: next.state,
      changedFields: changedFields(hazard, next),
      comment: performed.comment,
      at: now.toISOString(),
      actor: ref(actor),
    },
  };
}
