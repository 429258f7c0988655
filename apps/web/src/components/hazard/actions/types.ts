import type { ComponentType, ReactNode } from 'react';
import type { Hazard } from '@xiaoan/domain';
import type { HazardActionBody, HazardDetail, HazardRouteAction } from '../../../api/types';

/** A form's values as antd hands them over. */
export type FormValues = Record<string, unknown>;

/** What the rules text and the fields of an action read. */
export type ActionCtx = {
  detail: HazardDetail;
  record: Hazard;
  userName: (id: string | undefined | null) => string;
};

export type FieldsProps = ActionCtx & {
  /** True while an upload in the form is still running (submit waits for it). */
  onBusy: (busy: boolean) => void;
};

/** How an action's button looks: the loop's next step stands out, destructive ones are red. */
export type ActionTone = 'primary' | 'default' | 'danger';

/** The request body of an action without `version`, which the modal adds from the record it read. */
export type ActionBody<A extends HazardRouteAction> = Omit<HazardActionBody<A>, 'version'>;

/** Everything the detail page and the action modal know about one action. */
export type ActionForm<A extends HazardRouteAction> = {
  /** The action's name, the domain's HAZARD_ACTION_LABELS (the button, the modal's title, the timeline). */
  label: string;
  /** The submit button's text. */
  submitText: string;
  /** A fixed tone, or one that depends on the hazard (逾期说明 stands out once it is required). */
  tone: ActionTone | ((detail: HazardDetail) => ActionTone);
  /** Position among the detail page's buttons: the next step of the loop first. */
  order: number;
  /** A wide modal on desktops, for the long forms. */
  wide?: boolean;
  /**
   * Taken with one click, no modal: the action asks for nothing (开始整改 on a hazard
   * registered before registering started the rectification). The button sends `body({}, record)`.
   */
  direct?: boolean;
  /**
   * The body carries only what the user changed: nothing changed is "没有改动", and on a
   * 409 the form keeps only the user's own changes on top of the fresh record.
   */
  changesOnly?: boolean;
  /** What the rules require, shown before the user fills the form; null when nothing needs saying. */
  rules: (ctx: ActionCtx) => ReactNode;
  /** The form's starting values from the record it opens on. */
  initialValues: (record: Hazard) => FormValues;
  /** The request body (without version) from the form's values and the record the form opened on. */
  body: (values: FormValues, record: Hazard) => ActionBody<A>;
  /** The inputs (and any notes above them) inside the modal's form. */
  Fields: ComponentType<FieldsProps>;
};

/** One form per action; a mapped type, so each entry's `body` returns its own action's body. */
export type ActionForms<K extends HazardRouteAction = HazardRouteAction> = { [A in K]: ActionForm<A> };

export const noInitialValues = (): FormValues => ({});
