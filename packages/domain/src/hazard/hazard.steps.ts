/**
 * One user step, the records it writes: an action and the actions that follow from it on
 * their own. 登记 with the five commitments starts the rectification (整改中) at once, since
 * the owner, the measures and the due date are what starting means; there is nothing left
 * for the school to confirm. The history keeps both rows (登记, then 开始整改 with the note
 * `AUTO_START_COMMENT`), so the ledger reads as before. `start_rectification` stays an action
 * for records registered before this rule (imports, old data), where it is one click.
 */
import { applyAction } from './hazard.machine.js';
import type { HazardAction, HazardActionInputs, HazardActor, HazardFailure, HazardStateAction, HazardSuccess } from './hazard.table.js';
import type { Hazard } from './hazard.types.js';

/** The note on the 开始整改 row that registration writes. */
export const AUTO_START_COMMENT = '登记后自动开始整改';

/** The action that follows each action on its own (when the same actor may take it). */
export const HAZARD_FOLLOW_ONS: Partial<Record<HazardAction, { readonly action: HazardStateAction; readonly input: unknown }>> = {
  register: { action: 'start_rectification', input: { comment: AUTO_START_COMMENT } },
};

export type HazardSteps = { readonly ok: true; readonly next: Hazard; readonly steps: readonly HazardSuccess[] } | HazardFailure;

/**
 * `applyAction`, then the follow-on actions, each on the record the previous one left. The
 * first step's refusal is the answer; a follow-on the actor may not take is simply not taken
 * (the record stays where the first step left it). Pure, like `applyAction`.
 */
export function applyActionSteps<A extends HazardAction>(
  hazard: Hazard | null,
  action: A,
  input: HazardActionInputs[A],
  actor: HazardActor,
  now: Date,
): HazardSteps {
  const first = applyAction(hazard, action, input, actor, now);
  if (!first.ok) return first;
  const steps: HazardSuccess[] = [first];
  let follow = HAZARD_FOLLOW_ONS[action];
  while (follow !== undefined) {
    const last = steps[steps.length - 1]!;
    const r = applyAction(last.next, follow.action, follow.input as never, actor, now);
    if (!r.ok) break;
    steps.push(r);
    follow = HAZARD_FOLLOW_ONS[follow.action];
  }
  return { ok: true, next: steps[steps.length - 1]!.next, steps };
}
