import { useMemo } from 'react';
import { DatePicker, Select } from 'antd';
import dayjs from 'dayjs';
import { useMe } from '../../auth/session';
import { useCampaigns } from '../../api/campaigns';
import { useDashboard, type DashboardQuery } from '../../api/dashboard';
import { PageTitle, QueryError } from '../../components/common';
import { useIsMobile } from '../../lib/useIsMobile';
import { useUrlState } from '../../lib/useUrlState';
import { DashboardView, Trail } from './DashboardView';
import { Four100Strip } from '../indicators/Four100Strip';
import type { DashboardFilters } from './links';

const PARAMS = ['unitId', 'teamId', 'by', 'campaignId', 'from', 'to'] as const;
const ID = /^[0-9]{1,18}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 驾驶舱: one unit's picture, its place in the address (`?unitId=` an area or a school,
 * `?teamId=` a supervision team, `by`, `campaignId`, `from`/`to`), so every drill-down is a link
 * the back button and a shared address reproduce.
 */
export default function DashboardPage() {
  const me = useMe();
  const mobile = useIsMobile();
  const { values: v, set } = useUrlState(PARAMS);
  const schoolSide = me.unit.kind === 'school' || me.unit.kind === 'campus';

  // Only well-formed values reach the server (a hand-edited address answers with the whole scope, not a 400).
  const query: DashboardQuery = useMemo(
    () => ({
      unitId: v.unitId && ID.test(v.unitId) ? v.unitId : undefined,
      teamId: v.teamId && ID.test(v.teamId) ? v.teamId : undefined,
      by: v.by === 'team' ? 'team' : v.by === 'area' ? 'area' : undefined,
      campaignId: v.campaignId && ID.test(v.campaignId) ? v.campaignId : undefined,
      from: v.from && DAY.test(v.from) ? v.from : undefined,
      to: v.to && DAY.test(v.to) ? v.to : undefined,
    }),
    [v.unitId, v.teamId, v.by, v.campaignId, v.from, v.to],
  );
  const filters: DashboardFilters = { campaignId: query.campaignId, from: query.from, to: query.to };
  const q = useDashboard(query);
  const campaigns = useCampaigns();
  const data = q.data;

  const campaignOptions = (campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.title }));
  const period = data?.period;
  const extra = (
    <>
      <Select
        allowClear
        placeholder="全部专项整治"
        aria-label="按专项整治筛选"
        value={query.campaignId}
        onChange={(id: string | undefined) => set({ campaignId: id })}
        options={campaignOptions}
        loading={campaigns.isPending}
        style={{ width: mobile ? '100%' : 220 }}
        popupMatchSelectWidth={false}
        data-testid="dash-campaign"
      />
      <DatePicker.RangePicker
        aria-label="统计期间"
        placeholder={['期间从', '至']}
        value={[query.from ? dayjs(query.from) : period ? dayjs(period.from) : null, query.to ? dayjs(query.to) : period ? dayjs(period.to) : null]}
        onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
        allowClear
        inputReadOnly={mobile}
        style={{ width: mobile ? '100%' : 250 }}
        data-testid="dash-period"
      />
    </>
  );

  return (
    <div data-testid="dashboard-page">
      {data && <Trail data={data} filters={filters} />}
      <PageTitle title={data ? `驾驶舱 · ${data.unit.name}` : '驾驶舱'} sub={data ? <>{`${data.figures.schools} 所学校 · 统计期间 ${data.period.from} 至 ${data.period.to}`}{!query.teamId && data.unit.kind !== 'team' && <Four100Strip unitId={query.unitId} />}</> : me.scope.description} extra={extra} />
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      <DashboardView data={data} loading={q.isPending} filters={filters} schoolSide={schoolSide} onBy={(by) => set({ by: by === 'area' ? undefined : by })} />
    </div>
  );
}
