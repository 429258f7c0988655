/**
 * Form values → request fields. antd hands a form's values over untyped; these helpers
 * turn them into what the contracts take. Pure, so the action forms' bodies can be tested.
 */

/** Yuan from an InputNumber as the API's decimal string ('12.50'). */
export const fundsString = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(2) : undefined);

/** Trimmed text, or undefined when blank. */
export const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/**
 * Trimmed text of a field the contract requires. The form's own rules stop a blank one;
 * should one get through, the empty string lets the server name the field.
 */
export const requiredText = (v: unknown) => text(v) ?? '';

/** A calendar date 'YYYY-MM-DD' as the date inputs keep it, or undefined when not chosen. */
export const date = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** The ids an UploadField holds, or undefined when it holds none. */
export function fileIds(v: unknown): string[] | undefined {
  const ids = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  return ids.length ? ids : undefined;
}

/** Milestones as the API takes them; incomplete rows are left for the form's own rules. */
export function milestones(v: unknown): { title: string; dueDate: string }[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = (v as { title?: string; dueDate?: string }[])
    .filter((m) => m && (m.title?.trim() || m.dueDate))
    .map((m) => ({ title: (m.title ?? '').trim(), dueDate: m.dueDate ?? '' }));
  return out.length ? out : undefined;
}

/** The five commitments (and the interim controls and plan) as the register body takes them, from the commitments fields. */
export function commitmentsBody(v: Record<string, unknown>) {
  return {
    owner: requiredText(v.owner),
    measures: requiredText(v.measures),
    funds: fundsString(v.funds) ?? '',
    dueDate: date(v.dueDate) ?? '',
    contingencyPlan: requiredText(v.contingencyPlan),
    interimControls: text(v.interimControls),
    watcher: text(v.watcher),
    plan: milestones(v.plan),
  };
}

/** The antd rule of a text the user must fill ("请填写…"). */
export const mustFill = (label: string) => [{ required: true, whitespace: true, message: `请填写${label}` }];

/** The form values this user changed, compared with the values the form was opened on. */
export function ownChanges(before: Record<string, unknown>, now: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(now)) if (JSON.stringify(v ?? null) !== JSON.stringify(before[k] ?? null)) out[k] = v;
  return out;
}
