/**
 * The district's risk picture (风险分布, issue 17 item 4): counts of active risks by level and
 * the heat table (groups × domains, each cell coloured by the worst level present). Pure: the
 * repository counts risks per (school, domain, level); these functions fold those tallies into
 * any grouping (area, school) without counting again, so every total equals the sum of its cells.
 */

import { RISK_LEVELS, type RiskLevel } from './risk-rules.js';

/** RISK_LEVELS lists the levels worst first; the heat table ranks them in that order. */
type DistributionLevel = RiskLevel;

/** Active risks of each level. */
export type RiskLevelCounts = Record<DistributionLevel, number>;

/** One cell of the heat table: the counts, their total and the worst level present (null when empty). */
export type RiskHeatCell = { counts: RiskLevelCounts; total: number; worst: DistributionLevel | null };

/** One count of the repository: `n` active risks of `level` in `domain` at the school `schoolId`. */
export type RiskTally = { schoolId: string; domain: string; level: DistributionLevel; n: number };

export type RiskHeat = {
  /** Group id → domain → cell; only domains with risks have cells. */
  cells: Record<string, Record<string, RiskHeatCell>>;
  /** Group id → all its domains together. */
  rows: Record<string, RiskHeatCell>;
  /** Domain → all groups together. */
  columns: Record<string, RiskHeatCell>;
  /** Everything. */
  all: RiskHeatCell;
};

export const emptyRiskLevelCounts = (): RiskLevelCounts => ({ major: 0, significant: 0, general: 0, low: 0 });

const rank = (l: DistributionLevel) => RISK_LEVELS.indexOf(l);

/** The worst of these levels (major before significant before general before low), or null for none. */
export function worstRiskLevel(levels: Iterable<DistributionLevel | null | undefined>): DistributionLevel | null {
  let worst: DistributionLevel | null = null;
  for (const l of levels) if (l && (worst === null || rank(l) < rank(worst))) worst = l;
  return worst;
}

/** The worst level with a non-zero count, or null. */
export function worstOfCounts(c: RiskLevelCounts): DistributionLevel | null {
  return RISK_LEVELS.find((l) => c[l] > 0) ?? null;
}

const emptyCell = (): RiskHeatCell => ({ counts: emptyRiskLevelCounts(), total: 0, worst: null });

function add(cell: RiskHeatCell, level: DistributionLevel, n: number): void {
  cell.counts[level] += n;
  cell.total += n;
  cell.worst = worstOfCounts(cell.counts);
}

/**
 * Folds per-school tallies into a heat table whose rows are the groups `groupOf` names (the
 * school's area, or the school itself). Tallies whose school has no group are left out of
 * every figure, rows and columns alike, so `all` is both the sum of the rows and of the columns.
 */
export function buildRiskHeat(tallies: readonly RiskTally[], groupOf: (schoolId: string) => string | undefined): RiskHeat {
  const heat: RiskHeat = { cells: {}, rows: {}, columns: {}, all: emptyCell() };
  for (const t of tallies) {
    if (t.n <= 0) continue;
    const g = groupOf(t.schoolId);
    if (g === undefined) continue;
    const row = (heat.cells[g] ??= {});
    add((row[t.domain] ??= emptyCell()), t.level, t.n);
    add((heat.rows[g] ??= emptyCell()), t.level, t.n);
    add((heat.columns[t.domain] ??= emptyCell()), t.level, t.n);
    add(heat.all, t.level, t.n);
  }
  return heat;
}

/** The cell of a group and domain (an empty cell when it has no risks). */
export function heatCellOf(heat: RiskHeat, group: string, domain?: string): RiskHeatCell {
  const cell = domain === undefined ? heat.rows[group] : heat.cells[group]?.[domain];
  return cell ?? emptyCell();
}
