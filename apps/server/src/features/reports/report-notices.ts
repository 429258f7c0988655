import type { DbOrTrx } from '../../db/database.js';
import type { DueReport, MissingReportList, ReportReturnedEvent } from '../../kernel/events.js';
import { findBureauStaff, findCoveringTeams, findSubmitterUsers } from './reminder.repository.js';

/**
 * The reporting reminders' notifications, for the one notifier (kernel/notifier.ts): who is
 * told and in what words. Each carries a dedupe key, so a sweep run twice a day (or on two
 * instances) sends nothing twice.
 */

/** A notification row as the notifier writes it (notifications/notification.repository.ts NewNotification). */
type NewNotification = { userId: string; kind: string; title: string; body?: string; hazardId?: string | null; dedupeKey: string };

export const REPORT_NOTIFICATION_KINDS = { dueSoon: 'report_due_soon', missing: 'report_missing', returned: 'report_returned' } as const;

export const reportDueDedupeKey = (r: Pick<DueReport, 'reportTypeId' | 'periodKey' | 'submitterId' | 'days'>) => `report:${r.reportTypeId}:${r.periodKey}:${r.submitterId}:due_in_${r.days}_days`;
export const reportMissingDedupeKey = (l: Pick<MissingReportList, 'reportTypeId' | 'periodKey'>, audience: string) => `report_missing:${l.reportTypeId}:${l.periodKey}:${audience}`;

/** 3 days and 1 day before the due date: the submitter's own users (school accounts, team members, department staff). */
export async function reportDueNotifications(db: DbOrTrx, reports: readonly DueReport[]): Promise<NewNotification[]> {
  const rows: NewNotification[] = [];
  for (const kind of ['school', 'team', 'department'] as const) {
    const mine = reports.filter((r) => r.submitterKind === kind);
    if (!mine.length) continue;
    const users = await findSubmitterUsers(db, kind, mine.map((r) => r.submitterId));
    for (const r of mine) {
      const when = r.days === 1 ? '明天' : `还有 ${r.days} 天`;
      const title = `${r.reportTypeName}${r.days === 1 ? '明天截止' : `还有 ${r.days} 天截止`}：${r.periodLabel}`;
      const body = `${r.submitterName}的“${r.reportTypeName}”（${r.periodLabel}）须于 ${r.dueDate} 24时前（北京时间）报送，${when}截止，目前尚未报送。`;
      for (const userId of users.get(r.submitterId) ?? []) rows.push({ userId, kind: REPORT_NOTIFICATION_KINDS.dueSoon, title, body, dedupeKey: reportDueDedupeKey(r) });
    }
  }
  return rows;
}

const names = (xs: readonly { name: string }[]) => (xs.length > 10 ? `${xs.slice(0, 10).map((x) => x.name).join('、')}等 ${xs.length} 个单位` : xs.map((x) => x.name).join('、'));

/** The day after the due date: the missing list to each covering team (its own schools) and to the bureau's staff (all). */
export async function reportMissingNotifications(db: DbOrTrx, lists: readonly MissingReportList[]): Promise<NewNotification[]> {
  const rows: NewNotification[] = [];
  for (const l of lists) {
    if (l.missing.length === 0) continue;
    const title = `${l.reportTypeName}（${l.periodLabel}）${l.missing.length} 个单位未报送`;
    for (const userId of await findBureauStaff(db, l.bureauUnitId)) {
      rows.push({ userId, kind: REPORT_NOTIFICATION_KINDS.missing, title, body: `截至 ${l.dueDate} 24时，未报送：${names(l.missing)}。`, dedupeKey: reportMissingDedupeKey(l, 'bureau') });
    }
    if (l.submitterKind !== 'school') continue;
    const { teamsOf, membersOf, teamNames } = await findCoveringTeams(db, l.missing.map((m) => m.id));
    const byTeam = new Map<string, { id: string; name: string }[]>();
    for (const m of l.missing) for (const teamId of teamsOf.get(m.id) ?? []) byTeam.set(teamId, [...(byTeam.get(teamId) ?? []), m]);
    for (const [teamId, schools] of byTeam) {
      const body = `${teamNames.get(teamId) ?? '督查组'}负责的学校中，截至 ${l.dueDate} 24时未报送“${l.reportTypeName}”（${l.periodLabel}）：${names(schools)}。请督促报送。`;
      for (const userId of membersOf.get(teamId) ?? []) {
        rows.push({ userId, kind: REPORT_NOTIFICATION_KINDS.missing, title: `${l.reportTypeName}（${l.periodLabel}）本组 ${schools.length} 所学校未报送`, body, dedupeKey: reportMissingDedupeKey(l, `team:${teamId}`) });
      }
    }
  }
  return rows;
}

/** A returned report: the submitter's users, with the reviewer's comment (one notice per returned version). */
export async function reportReturnedNotifications(db: DbOrTrx, r: ReportReturnedEvent['report']): Promise<NewNotification[]> {
  const users = await findSubmitterUsers(db, r.submitterKind, [r.submitterId]);
  return (users.get(r.submitterId) ?? []).map((userId) => ({
    userId,
    kind: REPORT_NOTIFICATION_KINDS.returned,
    title: `${r.reportTypeName}（${r.periodLabel}）被退回`,
    body: `退回意见：${r.comment}。请修改后重新报送。`,
    dedupeKey: `report_returned:${r.submissionId}:${r.versionNo}`,
  }));
}
