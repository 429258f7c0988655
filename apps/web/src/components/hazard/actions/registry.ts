/**
 * The action-form registry: one entry per action on an existing hazard, giving its label,
 * tone, order, rules, initial values, request body and fields. The action modal is a shell
 * around an entry; the detail page takes its buttons' labels, order and tone from here.
 */
import type { HazardAction } from '@xiaoan/domain';
import type { HazardDetail, HazardRouteAction } from '../../../api/types';
import { deadlineForms } from './deadline';
import { recordForms } from './record';
import { registerForms } from './register';
import { supervisionForms } from './supervision';
import type { ActionForm, ActionForms, ActionTone } from './types';
import { verificationForms } from './verification';

/** Every domain action but the two that create a hazard (随手报 and /hazards/new have their own pages). */
export type DetailAction = Exclude<HazardAction, 'report' | 'report_fixed'>;

// A new domain action fails to compile until the contracts give it a route body (here) and
// it has a form (HAZARD_ACTION_FORMS below).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ContractCoversDomain = Assert<Same<DetailAction, HazardRouteAction>>;

export const HAZARD_ACTION_FORMS: ActionForms<DetailAction> = {
  ...registerForms,
  ...verificationForms,
  ...recordForms,
  ...supervisionForms,
  ...deadlineForms,
};

/** True for an action this registry has a form for (the server may offer one the web does not know yet). */
export const hasActionForm = (a: string): a is DetailAction => Object.prototype.hasOwnProperty.call(HAZARD_ACTION_FORMS, a);

export const actionForm = <A extends DetailAction>(a: A): ActionForm<A> => HAZARD_ACTION_FORMS[a] as ActionForm<A>;

/** The allowed actions that have a form, in button order. */
export function orderedActions(allowed: readonly string[]): DetailAction[] {
  return allowed.filter(hasActionForm).sort((a, b) => HAZARD_ACTION_FORMS[a].order - HAZARD_ACTION_FORMS[b].order);
}

export function actionTone(a: DetailAction, detail: HazardDetail): ActionTone {
  const { tone } = HAZARD_ACTION_FORMS[a];
  return typeof tone === 'function' ? tone(detail) : tone;
}
