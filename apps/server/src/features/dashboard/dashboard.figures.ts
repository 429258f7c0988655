import { dashboardRate, emptyOverdueAge, OVERDUE_AGE_BUCKETS, type OverdueAge } from '@xiaoan/domain';
import type { DashboardFigures } from '@xiaoan/contracts';

/**
 * Pure: one school's counts, their sum over any set of schools, and the figures of a unit
 * (rates as the summed numerators over the summed denominators, never an average of rates).
 */

export type Counts = {
  schools: number;
  open: number;
  major: number;
  listed: number;
  overdue: number;
  age: OverdueAge;
  oldest: number | null;
  found: number;
  rejected: number;
  foundClosed: number;
  checksDue: number;
  checksDone: number;
  reportsDue: number;
  reportsOnTime: number;
  overdueTasks: number;
  supervised: number;
};

export const emptyCounts = (): Counts => ({
  schools: 0,
  open: 0,
  major: 0,
  listed: 0,
  overdue: 0,
  age: emptyOverdueAge(),
  oldest: null,
  found: 0,
  rejected: 0,
  foundClosed: 0,
  checksDue: 0,
  checksDone: 0,
  reportsDue: 0,
  reportsOnTime: 0,
  overdueTasks: 0,
  supervised: 0,
});

/** Adds `b` into `a`. */
export function addCounts(a: Counts, b: Counts): Counts {
  for (const k of ['schools', 'open', 'major', 'listed', 'overdue', 'found', 'rejected', 'foundClosed', 'checksDue', 'checksDone', 'reportsDue', 'reportsOnTime', 'overdueTasks', 'supervised'] as const) a[k] += b[k];
  for (const k of OVERDUE_AGE_BUCKETS) a.age[k] += b.age[k];
  if (b.oldest !== null) a.oldest = a.oldest === null ? b.oldest : Math.max(a.oldest, b.oldest);
  return a;
}

export function sumCounts(xs: Iterable<Counts>): Counts {
  const total = emptyCounts();
  for (const x of xs) addCounts(total, x);
  return total;
}

export function toFigures(c: Counts): DashboardFigures {
  const den = c.found - c.rejected;
  return {
    schools: c.schools,
    openHazards: c.open,
    overdueHazards: c.overdue,
    majorHazards: c.major,
    listedHazards: c.listed,
    rectificationRate: dashboardRate(c.foundClosed, den),
    rectificationNum: c.foundClosed,
    rectificationDen: den,
    dailyCheckCompletion: dashboardRate(c.checksDone, c.checksDue),
    checksDone: c.checksDone,
    checksDue: c.checksDue,
    reportingOnTimeRate: dashboardRate(c.reportsOnTime, c.reportsDue),
    reportsOnTime: c.reportsOnTime,
    reportsDue: c.reportsDue,
    overdueTasks: c.overdueTasks,
    overdueAge: { ...c.age },
    oldestOverdueDays: c.oldest,
    supervisedSchools: c.supervised,
  };
}
