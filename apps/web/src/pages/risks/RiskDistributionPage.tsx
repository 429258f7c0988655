import { Fragment } from 'react';
import { Link } from 'react-router';
import { Breadcrumb, Card, Empty, List, Skeleton, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { HAZARD_DOMAIN_LABELS, HAZARD_DOMAINS, RISK_LEVEL_COLOURS, RISK_LEVEL_LABELS, RISK_LEVELS, type HazardDomain, type RiskLevel } from '@xiaoan/domain';
import { useRiskDistribution, type RiskDistribution, type RiskHeatCell } from '../../api/risk-picture';
import { FilterSelect, PageTitle, QueryError } from '../../components/common';
import { ResponsiveList } from '../../components/ResponsiveList';
import { useIsMobile } from '../../lib/useIsMobile';
import { useUrlState } from '../../lib/useUrlState';
import { EMPTY_STYLE, LEVEL_STYLE, LevelBadge, levelShort } from './RiskDistributionPalette';

/*
 * 风险分布 (issue 17 item 4): the active risks of the caller's scope — the district for the bureau,
 * its schools for a team, itself for a school — by level; the heat table of areas (or an area's
 * schools) × domains, each cell coloured and labelled by the worst level present with its count;
 * the schools with major (red) risks; and every school's counts. A row or cell of an area opens
 * the area's schools; of a school, the school's risk register (/risks?unitId=).
 */

const CSS = `
.xa-heat-counts { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 8px; margin-bottom: 16px; }
@media (max-width: 768px) { .xa-heat-counts { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
.xa-heat-scroll { overflow-x: auto; }
.xa-heat { border-collapse: separate; border-spacing: 4px; min-width: 100%; }
.xa-heat th { text-align: left; font-weight: 600; padding: 4px 6px; white-space: nowrap; }
.xa-heat thead th { font-size: 13px; }
.xa-heat td { padding: 0; min-width: 72px; }
.xa-heat tfoot td, .xa-heat tfoot th { padding: 4px 6px; border-top: 1px solid #d9d9d9; }
.xa-heat-cell { display: inline-block; min-width: 64px; width: 100%; box-sizing: border-box; text-align: center; padding: 6px 8px; border-radius: 4px; font-weight: 600; white-space: nowrap; }
a.xa-heat-cell:hover, a.xa-heat-cell:focus-visible { outline: 2px solid #000; outline-offset: 1px; }
.xa-heat-cell:not(a) { font-weight: 400; }
.xa-heat-chip .xa-heat-cell, .xa-heat-total .xa-heat-cell { width: auto; min-width: 0; padding: 2px 8px; }
`;

type Row = RiskDistribution['rows'][number];
type SchoolRow = RiskDistribution['schools'][number];

const countsText = (c: RiskHeatCell) =>
  RISK_LEVELS.filter((l) => c.counts[l] > 0)
    .map((l) => `${RISK_LEVEL_LABELS[l]} ${c.counts[l]}`)
    .join('，');

/** Where a row (or one of its cells) leads: an area to its schools here, a school to its register. */
function drillTo(row: Pick<Row, 'id' | 'kind'>, domain: string | undefined): string {
  const q = new URLSearchParams({ unitId: row.id });
  if (domain) q.set('domain', domain);
  return row.kind === 'area' ? `/risks/distribution?${q}` : `/risks?${q}`;
}

/** One cell: `domain` is where it drills (the filter's domain for a row's total), `total` marks the row's total (data-domain=""). */
function HeatCell({ row, domain, cell, label, total }: { row: Row; domain?: HazardDomain; cell: RiskHeatCell; label: string; total?: boolean }) {
  const column = total ? '' : (domain ?? '');
  if (!cell.worst) {
    return (
      <span className="xa-heat-cell" style={EMPTY_STYLE} data-testid="heat-cell" data-row={row.id} data-domain={column} data-level="" aria-label={`${label}：无在管风险`}>
        —
      </span>
    );
  }
  return (
    <Link
      to={drillTo(row, domain)}
      className="xa-heat-cell"
      style={LEVEL_STYLE[cell.worst]}
      data-testid="heat-cell"
      data-row={row.id}
      data-domain={column}
      data-level={cell.worst}
      data-colour={RISK_LEVEL_COLOURS[cell.worst]}
      aria-label={`${label}：${levelShort(cell.worst)} ${cell.total}（最高${RISK_LEVEL_LABELS[cell.worst]}，共 ${cell.total} 项：${countsText(cell)}）`}
      title={countsText(cell)}
    >
      {levelShort(cell.worst)} {cell.total}
    </Link>
  );
}

function LevelCounts({ all }: { all: RiskHeatCell }) {
  return (
    <div className="xa-heat-counts" data-testid="risk-level-counts">
      {RISK_LEVELS.map((l) => (
        <Card key={l} size="small" data-testid="risk-level-count" data-level={l}>
          <LevelBadge level={l} />
          <div style={{ fontSize: 26, fontWeight: 600, marginTop: 4 }}>
            {all.counts[l]}
            <span style={{ fontSize: 14, fontWeight: 400, marginInlineStart: 4 }}>项</span>
          </div>
        </Card>
      ))}
      <Card size="small">
        <span style={{ fontWeight: 600 }}>在管风险合计</span>
        <div style={{ fontSize: 26, fontWeight: 600, marginTop: 4 }} data-testid="risk-total">
          {all.total}
          <span style={{ fontSize: 14, fontWeight: 400, marginInlineStart: 4 }}>项</span>
        </div>
      </Card>
    </div>
  );
}

function HeatTable({ data }: { data: RiskDistribution }) {
  const rowLabel = data.rowKind === 'area' ? '片区' : '学校';
  if (!data.rows.length) return <Empty description="范围内没有学校" />;
  if (!data.domains.length) return <Empty description="还没有登记在管的风险" />;
  return (
    <div className="xa-heat-scroll">
      <table className="xa-heat" data-testid="heat-table">
        <caption className="xa-visually-hidden">
          {rowLabel} × 风险类别，每格为该类别在管风险的最高等级和数量
        </caption>
        <thead>
          <tr>
            <th scope="col">{rowLabel}</th>
            {data.domains.map((d) => (
              <th scope="col" key={d}>
                {HAZARD_DOMAIN_LABELS[d]}
              </th>
            ))}
            <th scope="col">合计</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row) => (
            <tr key={`${row.kind}:${row.id}`} data-testid="heat-row" data-row={row.id}>
              <th scope="row">
                <Link to={drillTo(row, data.domain ?? undefined)} data-testid="heat-row-link">
                  {row.name}
                </Link>
                {row.kind === 'area' && <div className="xa-muted" style={{ fontSize: 12, fontWeight: 400 }}>{row.schoolCount} 所学校</div>}
              </th>
              {row.cells.map((c) => (
                <td key={c.domain}>
                  <HeatCell row={row} domain={c.domain} cell={c.cell} label={`${row.name} ${HAZARD_DOMAIN_LABELS[c.domain]}`} />
                </td>
              ))}
              <td>
                <HeatCell row={row} domain={data.domain ?? undefined} cell={row.all} label={`${row.name} 合计`} total />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">合计</th>
            {data.byDomain.map((c) => (
              <td key={c.domain} style={{ fontWeight: 600 }}>
                {c.cell.total}
              </td>
            ))}
            <td style={{ fontWeight: 600 }}>{data.all.total}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The phone's heat table: one card per row with its domains as labelled chips. */
function HeatCards({ data }: { data: RiskDistribution }) {
  if (!data.rows.length) return <Empty description="范围内没有学校" />;
  return (
    <div data-testid="heat-table" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      {data.rows.map((row) => (
        <Card key={`${row.kind}:${row.id}`} size="small" data-testid="heat-row" data-row={row.id}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'center', marginBottom: 6 }}>
            <Link to={drillTo(row, data.domain ?? undefined)} data-testid="heat-row-link" style={{ fontWeight: 600 }}>
              {row.name}
              {row.kind === 'area' && `（${row.schoolCount} 所）`}
            </Link>
            <span className="xa-heat-total">
              <HeatCell row={row} domain={data.domain ?? undefined} cell={row.all} label={`${row.name} 合计`} total />
            </span>
          </div>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
            {row.cells
              .filter((c) => c.cell.total > 0)
              .map((c) => (
                <span key={c.domain} className="xa-heat-chip" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
                  <span style={{ fontSize: 13 }}>{HAZARD_DOMAIN_LABELS[c.domain]}</span>
                  <HeatCell row={row} domain={c.domain} cell={c.cell} label={`${row.name} ${HAZARD_DOMAIN_LABELS[c.domain]}`} />
                </span>
              ))}
            {row.all.total === 0 && <Typography.Text type="secondary">无在管风险</Typography.Text>}
          </div>
        </Card>
      ))}
    </div>
  );
}

export default function RiskDistributionPage() {
  const isMobile = useIsMobile();
  const { values, set } = useUrlState(['unitId', 'domain'] as const);
  const domain = values.domain && (HAZARD_DOMAINS as readonly string[]).includes(values.domain) ? (values.domain as HazardDomain) : undefined;
  const q = useRiskDistribution({ unitId: values.unitId, domain });
  const data = q.data;

  const schoolColumns: TableColumnsType<SchoolRow> = [
    {
      title: '学校',
      render: (_, s) => (
        <Link to={drillTo({ id: s.id, kind: 'school' }, domain)} data-testid="risk-school-link">
          {s.name}
        </Link>
      ),
    },
    { title: '片区', dataIndex: 'areaName', width: 140, render: (v: string | null) => v ?? '—' },
    ...RISK_LEVELS.map((l: RiskLevel) => ({ title: RISK_LEVEL_LABELS[l], key: l, width: 100, render: (_: unknown, s: SchoolRow) => s.all.counts[l] || '—' })),
    { title: '合计', key: 'total', width: 80, render: (_: unknown, s: SchoolRow) => s.all.total },
  ];

  return (
    <div>
      <style>{CSS}</style>
      <PageTitle title="风险分布" sub="在管风险按片区、学校和类别分布；点击片区看其学校，点击学校看该校风险清单" />
      {data && data.trail.length > 1 && (
        <Breadcrumb
          style={{ marginBottom: 12 }}
          items={data.trail.map((u, i) => ({
            key: `${u.kind}:${u.id}`,
            title:
              i === data.trail.length - 1 ? (
                u.name
              ) : (
                <Link to={i === 0 ? `/risks/distribution${domain ? `?domain=${domain}` : ''}` : `/risks/distribution?${new URLSearchParams({ unitId: u.id, ...(domain ? { domain } : {}) })}`}>{u.name}</Link>
              ),
          }))}
          data-testid="risk-trail"
        />
      )}
      <div className="xa-filters" style={{ marginBottom: 12 }}>
        <FilterSelect
          label="风险类别"
          width={220}
          value={domain}
          onChange={(v) => set({ domain: v })}
          options={HAZARD_DOMAINS.map((d) => ({ value: d, label: HAZARD_DOMAIN_LABELS[d] }))}
        />
      </div>
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending && <Skeleton active />}
      {data && (
        <>
          <LevelCounts all={data.all} />
          <Card
            size="small"
            title={`${data.unit.name}：${data.rowKind === 'area' ? '片区' : '学校'} × 风险类别`}
            style={{ marginBottom: 16 }}
            extra={!isMobile && <span className="xa-muted">格内为最高等级和在管风险数</span>}
          >
            {isMobile ? <HeatCards data={data} /> : <HeatTable data={data} />}
          </Card>
          <Card size="small" title={`有重大风险的学校（${data.majorSchools.length}）`} style={{ marginBottom: 16 }} data-testid="risk-major-schools">
            {data.majorSchools.length === 0 ? (
              <Typography.Text type="secondary">没有重大（红色）风险</Typography.Text>
            ) : (
              <List
                dataSource={data.majorSchools}
                renderItem={(s) => (
                  <List.Item data-testid="risk-major-school" key={s.id}>
                    <div style={{ minWidth: 0 }}>
                      <Link to={`/risks?${new URLSearchParams({ unitId: s.id, level: 'major' })}`} style={{ fontWeight: 600, textDecoration: 'underline' }} data-testid="risk-major-school-link">
                        {s.name}
                      </Link>
                      {s.areaName && <Typography.Text type="secondary">（{s.areaName}）</Typography.Text>} <LevelBadge level="major" short /> {s.major} 项
                      <div className="xa-wrap" style={{ fontSize: 13 }}>
                        {s.risks.map((r, i) => (
                          <Fragment key={r.id}>
                            {i > 0 && '；'}
                            {r.name}（{HAZARD_DOMAIN_LABELS[r.domain]}
                            {r.pointName && ` · ${r.pointName}`}）
                          </Fragment>
                        ))}
                      </div>
                    </div>
                  </List.Item>
                )}
              />
            )}
          </Card>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            各校在管风险（等级高的在前）
          </Typography.Title>
          <ResponsiveList<SchoolRow>
            rows={[...data.schools].sort((a, b) => RISK_LEVELS.map((l) => b.all.counts[l] - a.all.counts[l]).find((x) => x !== 0) ?? 0)}
            columns={schoolColumns}
            rowKey="id"
            rowTestId="risk-school-row"
            empty={<Empty description="范围内没有学校" />}
            unit="所学校"
            card={(s) => (
              <>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                  <Link to={drillTo({ id: s.id, kind: 'school' }, domain)} style={{ fontWeight: 600 }} className="xa-wrap">
                    {s.name}
                  </Link>
                  <span>共 {s.all.total} 项</span>
                </div>
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, marginTop: 4 }}>
                  {s.areaName && <Typography.Text type="secondary">{s.areaName}</Typography.Text>}
                  {RISK_LEVELS.filter((l) => s.all.counts[l] > 0).map((l) => (
                    <span key={l}>
                      <LevelBadge level={l} short /> {s.all.counts[l]}
                    </span>
                  ))}
                </div>
              </>
            )}
          />
        </>
      )}
    </div>
  );
}
