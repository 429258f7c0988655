import { HAZARD_STATES, type HazardGrade } from '@xiaoan/domain';
import type { DashboardQuery, DashboardUnit } from '../../api/dashboard';
import type { HazardFilter } from '../../api/hazards';
import { ledgerLink, OPEN } from '../../components/hazard/HazardHome';

/*
 * Where every number of the dashboard leads: a unit's own dashboard (the drill-down), or the
 * records behind the number with the same filters (the ledger, the check completion, the
 * reports, the campaign tasks). Pure functions, so the figure cards, the children table, the
 * ranking and the home pages build the same links.
 */

/** The filters that stay when drilling down: the campaign and the period. */
export type DashboardFilters = Pick<DashboardQuery, 'campaignId' | 'from' | 'to'>;

/**
 * The page address of a unit's dashboard; the caller's whole scope is the bare /dashboard. A
 * school reached through a team keeps the team (`teamId` beside `unitId`), so the breadcrumb
 * reads district → team → school.
 */
export function dashboardLink(unit: DashboardUnit | null, filters: DashboardFilters = {}, by?: DashboardQuery['by'], viaTeam?: string): string {
  const p = new URLSearchParams();
  if (unit?.kind === 'team') p.set('teamId', unit.id);
  else if (unit && (unit.kind === 'area' || unit.kind === 'school')) p.set('unitId', unit.id);
  if (unit?.kind === 'school' && viaTeam) p.set('teamId', viaTeam);
  if (by && (!unit || unit.kind === 'bureau')) p.set('by', by);
  if (filters.campaignId) p.set('campaignId', filters.campaignId);
  if (filters.from) p.set('from', filters.from);
  if (filters.to) p.set('to', filters.to);
  const s = p.toString();
  return s ? `/dashboard?${s}` : '/dashboard';
}

/** Whether a unit's records can be opened: the schools no area or team holds have no filter of their own. */
export const drillable = (unit: DashboardUnit) => unit.kind !== 'unassigned';

/** The ledger filter that limits the ledger to one unit of the dashboard. */
export function unitFilter(unit: DashboardUnit): HazardFilter {
  switch (unit.kind) {
    case 'school':
      return { schoolId: unit.id };
    case 'area':
      return { areaId: unit.id };
    case 'team':
      return { teamId: unit.id };
    default:
      // The bureau: the caller's whole scope, which the ledger shows unfiltered.
      return {};
  }
}

/** The hazard figures of the dashboard, each as the ledger filter that lists exactly those hazards. */
export type HazardFigureKey = 'open' | 'overdue' | 'major' | 'listed' | 'found' | 'closed';

/** Every state but 不予登记: the rectification rate's denominator. */
const FOUND_STATES = HAZARD_STATES.filter((s) => s !== 'rejected');
const MAJOR: HazardGrade = 'major';

export function figureFilter(key: HazardFigureKey, period?: { from: string; to: string }): HazardFilter {
  switch (key) {
    case 'open':
      return { state: OPEN };
    case 'overdue':
      // The contract: overdueHazards equals the ledger's total with overdue=true.
      return { overdue: true, sort: 'dueDate', order: 'asc' };
    case 'major':
      return { state: OPEN, grade: MAJOR };
    case 'listed':
      return { state: OPEN, listed: true };
    case 'found':
      return { state: [...FOUND_STATES], foundFrom: period?.from, foundTo: period?.to };
    case 'closed':
      return { state: ['closed'], foundFrom: period?.from, foundTo: period?.to };
  }
}

/** The ledger page behind one hazard figure of one unit. */
export function hazardLink(unit: DashboardUnit, key: HazardFigureKey, period?: { from: string; to: string }): string {
  return ledgerLink({ ...figureFilter(key, period), ...unitFilter(unit) });
}

/** The daily-check completion: the inspections page (a school's own due list, the completion table for the others). */
export function checksLink(unit: DashboardUnit, schoolSide: boolean): string {
  if (schoolSide) return '/inspections';
  if (unit.kind === 'school') return `/inspections?tab=weekly&schoolId=${unit.id}`;
  return '/inspections?tab=completion';
}

/** Reporting timeliness: the bureau's report management, or the school's own reports. */
export function reportsLink(schoolSide: boolean): string {
  return schoolSide ? '/reports' : '/reports/manage';
}

/** Overdue campaign tasks: the campaign chosen in the filter, or every campaign. */
export function tasksLink(campaignId?: string): string {
  return campaignId ? `/campaigns/${campaignId}` : '/campaigns';
}

/** Supervision coverage: the team's visits (a team's own), the supervision page otherwise. */
export function supervisionLink(unit: DashboardUnit): string {
  return unit.kind === 'team' ? `/supervision?teamId=${unit.id}` : '/supervision';
}
