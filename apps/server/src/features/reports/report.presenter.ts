import { dueDeadline, type DueRule, type ReportPeriod as DomainPeriod, type ReportPeriodKind, type ReportSchedule, type ReportSection, type ReportState } from '@xiaoan/domain';
import type { FileRef, ReportPeriod, ReportSubmissionSummary, ReportType } from '@xiaoan/contracts';
import type { ReportTypeRow, StageRow } from './report-type.repository.js';
import type { SubmissionRow } from './submission.repository.js';

/** Pure: rows of the reporting tables as contract shapes, and as the domain's schedule. */

export function scheduleOf(t: ReportTypeRow, stages: readonly StageRow[] = []): ReportSchedule {
  return {
    periodKind: t.period_kind as ReportPeriodKind,
    dueRule: t.due_rule as DueRule,
    periodNumbers: t.period_numbers,
    startsOn: t.starts_on,
    endsOn: t.ends_on,
    stages: stages.filter((s) => t.stage_ids.includes(s.id)),
  };
}

export const templateOf = (t: ReportTypeRow) => t.template as ReportSection[];

export function toReportType(t: ReportTypeRow, allowedActions: string[]): ReportType {
  return {
    id: t.id,
    code: t.code,
    name: t.name,
    periodKind: t.period_kind as ReportPeriodKind,
    dueRule: t.due_rule as ReportType['dueRule'],
    periodNumbers: t.period_numbers,
    submitterKind: t.submitter_kind,
    reviewer: t.reviewer,
    campaignId: t.campaign_id,
    stageIds: t.stage_ids,
    template: t.template as ReportType['template'],
    lateAccepted: t.late_accepted,
    startsOn: t.starts_on,
    endsOn: t.ends_on,
    ruleText: t.rule_text,
    status: t.status,
    version: t.version,
    createdAt: t.created_at.toISOString(),
    updatedAt: t.updated_at.toISOString(),
    allowedActions,
  };
}

export function toPeriod(p: DomainPeriod): ReportPeriod {
  return { key: p.key, label: p.label, start: p.start, end: p.end, dueDate: p.dueDate, dueAt: dueDeadline(p.dueDate).toISOString() };
}

export function toSubmissionSummary(r: SubmissionRow, state: ReportState): ReportSubmissionSummary {
  return {
    id: r.id,
    reportTypeId: r.report_type_id,
    reportTypeCode: r.report_type_code,
    reportTypeName: r.report_type_name,
    periodKey: r.period_key,
    submitterKind: r.submitter_kind,
    unitId: r.submitter_id,
    unitName: r.submitter_name,
    state,
    storedState: r.state,
    dueDate: r.due_date,
    currentVersion: r.current_version,
    firstSubmittedAt: r.first_submitted_at?.toISOString() ?? null,
    submittedAt: r.submitted_at?.toISOString() ?? null,
    onTime: r.on_time,
    reviewedAt: r.reviewed_at?.toISOString() ?? null,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Files in the order the record holds them (unknown ids left out). */
export function orderedFiles(ids: readonly string[], found: ReadonlyMap<string, FileRef>): FileRef[] {
  return ids.flatMap((id) => {
    const f = found.get(id);
    return f ? [f] : [];
  });
}
