import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Card, Skeleton, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { INSPECTION_KIND_LABELS } from '@xiaoan/domain';
import { inspectionApi } from '../../api/inspections';
import { keys } from '../../api/keys';
import { useSubmissions, type SubmissionSummaryT } from '../../api/reports';
import { Placeholder, QueryError } from '../../components/common';
import { StateTag } from '../reports/reportUi';
import '../dashboard/dashboard.css';
import { dateTime } from '../../lib/format';
import { useRisks } from '../../api/risks';

/*
 * What waits on the bureau and on a supervision team, beside their picture: reports sent up and
 * not yet reviewed, and a team's planned visits.
 */

const MUTED = '#595959';

/** 待审核的报送: submitted (on time or late) and not yet approved or returned, oldest first. */
export function ReviewQueueCard({ limit = 6 }: { limit?: number }) {
  const onTime = useSubmissions({ state: 'submitted', pageSize: limit });
  const late = useSubmissions({ state: 'late', pageSize: limit });
  const error = onTime.error ?? late.error;
  const rows: SubmissionSummaryT[] = [...(late.data?.items ?? []), ...(onTime.data?.items ?? [])]
    .sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''))
    .slice(0, limit);
  const total = (onTime.data?.total ?? 0) + (late.data?.total ?? 0);
  return (
    <Card title={`待审核的报送${onTime.data && late.data ? `（${total} 份）` : ''}`} extra={<Link to="/reports/manage">报送管理</Link>} style={{ height: '100%' }} data-testid="home-review-queue" data-total={total}>
      {error && <QueryError error={error} onRetry={() => void (onTime.error ? onTime.refetch() : late.refetch())} />}
      {onTime.isPending || late.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : rows.length === 0 ? (
        <Placeholder text="没有等待审核的报送" />
      ) : (
        rows.map((s) => (
          <div key={s.id} className="xa-home-row" data-testid="home-review-item">
            <div style={{ minWidth: 0, flex: '1 1 200px' }}>
              <Space wrap size={6}>
                <Link to={`/reports/manage/${s.reportTypeId}?period=${encodeURIComponent(s.periodKey)}&q=${encodeURIComponent(s.unitName)}`} className="xa-wrap">
                  {s.unitName}
                </Link>
                <StateTag state={s.state} />
              </Space>
              <div style={{ fontSize: 13, color: MUTED }} className="xa-wrap">
                {s.reportTypeName} · {s.periodKey}
                {s.submittedAt && (
                  <>
                    {' · '}
                    <span style={{ whiteSpace: 'nowrap' }}>报送于 {dateTime(s.submittedAt)}</span>
                  </>
                )}
              </div>
            </div>
          </div>
        ))
      )}
    </Card>
  );
}

/** 督查计划: the visits planned and not yet made, soonest first, each opening the visit. */
export function PlannedVisitsCard({ limit = 6 }: { limit?: number }) {
  const filter = { status: 'planned' as const, pageSize: 100 };
  const q = useQuery({ queryKey: keys.supervision.visits(filter), queryFn: ({ signal }) => inspectionApi.visits(filter, signal) });
  const today = dayjs().format('YYYY-MM-DD');
  const items = [...(q.data?.items ?? [])].sort((a, b) => a.plannedOn.localeCompare(b.plannedOn));
  const shown = items.slice(0, limit);
  return (
    <Card title={`督查计划${q.data ? `（${items.length} 次待督查）` : ''}`} extra={<Link to="/supervision">督查</Link>} data-testid="home-planned-visits" data-total={items.length}>
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : shown.length === 0 ? (
        <Placeholder text={<span>没有已安排、尚未进行的督查：可在“<Link to="/supervision">督查</Link>”中为负责学校安排</span>} />
      ) : (
        shown.map((v) => (
          <div key={v.id} className="xa-home-row" data-testid="home-planned-visit">
            <div style={{ minWidth: 0, flex: '1 1 200px' }}>
              <Space wrap size={6}>
                <Link to={`/supervision/visits/${v.id}`} className="xa-wrap">
                  {v.school.name}
                </Link>
                <Tag style={{ marginInlineEnd: 0 }}>{INSPECTION_KIND_LABELS[v.kind]}</Tag>
                {v.plannedOn < today && <Tag color="red">已过计划日期</Tag>}
                {v.plannedOn === today && <Tag color="blue">今天</Tag>}
              </Space>
              <div style={{ fontSize: 13, color: MUTED }} className="xa-wrap">
                <span style={{ whiteSpace: 'nowrap' }}>计划 {v.plannedOn}</span> · {v.team.name}
                {v.note ? ` · ${v.note}` : ''}
              </div>
            </div>
          </div>
        ))
      )}
      {items.length > shown.length && (
        <div style={{ textAlign: 'end', marginTop: 8 }}>
          <Link to="/supervision">全部 {items.length} 次</Link>
        </div>
      )}
    </Card>
  );
}

/** 风险复评: how many risks of the schools in scope are past their review date or flagged for reassessment (item 6). */
export function RiskReviewCountCard() {
  const due = useRisks({ reviewDue: true, status: 'active' }, 1, 1);
  const flagged = useRisks({ flagged: true, status: 'active' }, 1, 1);
  const n = due.data?.total ?? 0;
  const f = flagged.data?.total ?? 0;
  return (
    <Card title="风险复评" extra={<Link to="/risks">风险清单</Link>} style={{ height: '100%' }} data-testid="home-risk-review" data-total={n}>
      {due.isError && <QueryError error={due.error} onRetry={() => void due.refetch()} />}
      {due.isPending ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : (
        <Space wrap size={16}>
          <Link to="/risks?reviewDue=true" data-testid="home-risk-review-due">
            复评到期 <strong style={{ fontSize: 20, color: n ? '#cf1322' : MUTED }}>{n}</strong> 项
          </Link>
          <Link to="/risks?flagged=true">
            建议重新评估 <strong style={{ fontSize: 20, color: f ? '#cf1322' : MUTED }}>{f}</strong> 项
          </Link>
        </Space>
      )}
    </Card>
  );
}
