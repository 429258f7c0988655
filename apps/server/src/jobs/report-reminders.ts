import { addDays, displayState, dueDeadline, reportPeriodsDueOn, shanghaiDate } from '@xiaoan/domain';
import type { DbOrTrx } from '../db/database.js';
import type { DueReport, MissingReportList } from '../kernel/events.js';
import { notify } from '../kernel/notifier.js';
import { findActiveReportTypes, findCampaignStages, findExpected, scheduleOf } from '../features/reports/index.js';

/**
 * The reporting part of the due-date sweep (jobs/reminder-sweep.ts calls it): for every active
 * report type, the periods due in 3 days and in 1 day remind each expected submitter that has
 * not submitted (its own users); the day after a due date (catching up for
 * MISSING_CATCH_UP_DAYS when the sweep was down), the list of missing submitters goes to the
 * teams covering them and to the bureau's staff. The notifier's dedupe keys make a second run
 * send nothing twice. The sweep reads every district (no caller scope: it is the system).
 */

export const MISSING_CATCH_UP_DAYS = 7;

const NOT_YET_SUBMITTED = new Set(['not_started', 'draft', 'missing']);

export async function sweepReportReminders(db: DbOrTrx, now: Date): Promise<{ reports: number; notifications: number }> {
  const today = shanghaiDate(now);
  const soonDates = [addDays(today, 3), addDays(today, 1)];
  const missingDates = Array.from({ length: MISSING_CATCH_UP_DAYS }, (_, i) => addDays(today, -(i + 1)));
  const due: DueReport[] = [];
  const lists: MissingReportList[] = [];
  for (const t of await findActiveReportTypes(db)) {
    const stages = t.period_kind === 'stage' && t.campaign_id ? await findCampaignStages(db, t.campaign_id) : [];
    const schedule = scheduleOf(t, stages);
    const periods = reportPeriodsDueOn(schedule, [...soonDates, ...missingDates]);
    if (periods.length === 0) continue;
    const everyone = { unitPaths: [t.bureau_unit_path] };
    const rows = await findExpected(db, everyone, t, periods, {}, { bureauInScope: true, ownTeamIds: [] });
    for (const p of periods) {
      const deadline = dueDeadline(p.dueDate);
      const mine = rows.filter((r) => r.period_key === p.key);
      const days = Math.round((Date.parse(p.dueDate) - Date.parse(today)) / 86_400_000);
      if (days > 0) {
        for (const r of mine) {
          const state = displayState(r.state ? { state: r.state, firstSubmittedAt: r.first_submitted_at } : null, deadline, now);
          if (!NOT_YET_SUBMITTED.has(state)) continue;
          due.push({ reportTypeId: t.id, reportTypeName: t.name, periodKey: p.key, periodLabel: p.label, dueDate: p.dueDate, submitterKind: t.submitter_kind, submitterId: r.unit_id, submitterName: r.unit_name, days });
        }
      } else {
        const missing = mine.filter((r) => displayState(r.state ? { state: r.state, firstSubmittedAt: r.first_submitted_at } : null, deadline, now) === 'missing');
        lists.push({
          reportTypeId: t.id,
          reportTypeName: t.name,
          periodKey: p.key,
          periodLabel: p.label,
          dueDate: p.dueDate,
          submitterKind: t.submitter_kind,
          bureauUnitId: t.bureau_unit_id,
          missing: missing.map((r) => ({ id: r.unit_id, name: r.unit_name })),
        });
      }
    }
  }
  const soon = due.length ? await notify(db, { action: 'report.due_soon', reports: due }) : { written: 0 };
  const late = lists.length ? await notify(db, { action: 'report.missing', lists }) : { written: 0 };
  return { reports: due.length + lists.reduce((a, l) => a + l.missing.length, 0), notifications: soon.written + late.written };
}
