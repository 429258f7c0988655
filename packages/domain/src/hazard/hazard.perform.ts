/**
 * What a performer is: given the record (null for the creation actions), the input, the
 * actor and the instant, the record after the action (before `applyAction` sets the state
 * from the table) and the comment for the history row — or a refusal.
 * `HAZARD_PERFORMERS` in hazard.machine.ts holds one per action.
 */
import { inputObject, type Errors } from './hazard.fields.js';
import { stateRefusal } from './hazard.guard.js';
import type { HazardAction, HazardActor, HazardFailure } from './hazard.table.js';
import type { Hazard, HazardActorRef } from './hazard.types.js';
import { shanghaiDate } from './deadline.js';

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The record after an action, before `applyAction` sets the state from the table. */
export type Performed = { readonly next: Hazard; readonly comment: string | null } | HazardFailure;

export type Performer = (hazard: Hazard | null, input: unknown, actor: HazardActor, now: Date) => Performed;

/** What an action on an existing record reads: the input's fields, an error list to fill, who and when. */
export type ActionContext = {
  readonly i: Record<string, unknown>;
  readonly e: Errors;
  readonly input: unknown;
  readonly actor: HazardActor;
  readonly now: Date;
  /** `now` as an ISO instant. */
  readonly at: string;
  readonly by: HazardActorRef;
  /** `now` as a calendar date in Asia/Shanghai. */
  readonly today: string;
};

export function ref(actor: HazardActor): HazardActorRef {
  return { userId: actor.userId, role: actor.role };
}

/** A performer for an action on an existing record (a null record is refused, as the guard does). */
export function onRecord(action: HazardAction, perform: (h: Hazard, c: ActionContext) => Performed): Performer {
  return (hazard, input, actor, now) => {
    if (hazard === null) return stateRefusal(null, action);
    const c: ActionContext = {
      i: inputObject(input),
      e: [],
      input,
      actor,
      now,
      at: now.toISOString(),
      by: ref(actor),
      today: shanghaiDate(now),
    };
    return perform(hazard, c);
  };
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function isBlank(v: unknown): boolean {
  return v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0);
}

/** Top-level fields that differ (for a new hazard: the fields that were set). Never 'state'. */
export function changedFields(prev: Hazard | null, next: Hazard): string[] {
  return (Object.keys(next) as (keyof Hazard)[]).filter(
    (k) => k !== 'state' && (prev === null ? !isBlank(next[k]) : !deepEqual(prev[k], next[k])),
  );
}

/** 重大隐患: interim controls and a named watcher are required. */
export function majorControlErrors(e: Errors, interimControls: string | null, watcher: string | null): void {
  if (interimControls === null) {
    e.push({ field: 'interimControls', code: 'MAJOR_CONTROLS_REQUIRED', message: '重大隐患须落实临时管控措施' });
  }
  if (watcher === null) {
    e.push({ field: 'watcher', code: 'MAJOR_CONTROLS_REQUIRED', message: '重大隐患须明确专人盯防' });
  }
}
