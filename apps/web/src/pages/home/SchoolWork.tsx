import { Link, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, List, Skeleton, Space, Tag, Typography } from 'antd';
import { can, FREQUENCY_LABELS, MEASURE_STATUS_LABELS, NOTICE_ANSWER_STATE_LABELS, NOTICE_CATEGORY_LABELS, POINT_TYPE_LABELS, type Frequency, type PointType } from '@xiaoan/domain';
import { inspectionApi, type DueCheck } from '../../api/inspections';
import { keys } from '../../api/keys';
import { useNotices } from '../../api/notices';
import { useMatrix, useReportPeriods, useReportTypes, type ReportTypeT } from '../../api/reports';
import type { Me } from '../../api/types';
import { ListItemText, Placeholder, QueryError } from '../../components/common';
import { StateTag, dueText, todayIso } from '../reports/reportUi';
import { useRisks } from '../../api/risks';
import { useMeasures } from '../../api/measures';
import { RiskLevelTag } from '../risks/riskUi';
import '../dashboard/dashboard.css';

/*
 * What a school's home shows of today's work: the checks due today (one tap starts each), and
 * the reports of the current periods with their state and due date, and the notices (通报) that
 * wait on its rectification report. Hazards and tasks have their own cards on the home page.
 */

const CHECK_STATUS: Record<DueCheck['status'], { text: string; color: string }> = {
  due: { text: '待查', color: 'orange' },
  done: { text: '已查', color: 'success' },
  missed: { text: '漏查', color: 'error' },
};

/** 今日自查: the school's points due today (the same request as the 今日待查 page), the undone first. */
export function TodayChecksCard({ me, limit = 6 }: { me: Me; limit?: number }) {
  const navigate = useNavigate();
  // The same key as the 今日待查 page (school side: no school, today), so one request serves both.
  const q = useQuery({ queryKey: keys.inspections.schedule({ schoolId: undefined, date: undefined }), queryFn: ({ signal }) => inspectionApi.schedule({}, signal) });
  const items = q.data?.items ?? [];
  const counts = { due: 0, done: 0, missed: 0 } as Record<DueCheck['status'], number>;
  for (const i of items) counts[i.status]++;
  const order: Record<DueCheck['status'], number> = { due: 0, missed: 1, done: 2 };
  const shown = [...items].sort((a, b) => order[a.status] - order[b.status]).slice(0, limit);
  const canCheck = can(me.role, 'inspection.submit');
  return (
    <Card
      title="今日自查"
      extra={<Link to="/inspections">今日待查</Link>}
      style={{ height: '100%' }}
      data-testid="home-today-checks"
      data-due={counts.due}
      data-done={counts.done}
    >
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <>
          <Space wrap size={[6, 6]} style={{ marginBottom: 8 }}>
            <Tag color="orange">待查 {counts.due}</Tag>
            <Tag color="success">已查 {counts.done}</Tag>
            {counts.missed > 0 && <Tag color="error">漏查 {counts.missed}</Tag>}
            {q.data && <Typography.Text style={{ color: '#595959', fontSize: 13 }}>{q.data.today}</Typography.Text>}
          </Space>
          <List
            size="small"
            dataSource={shown}
            locale={{ emptyText: <Placeholder text="今天没有需要检查的点位（学校尚未设置点位）" /> }}
            renderItem={(i) => (
              <List.Item
                data-testid="home-due-check"
                data-status={i.status}
                style={{ paddingInline: 0, gap: 8 }}
                actions={[
                  i.status === 'due' && canCheck ? (
                    <Button key="c" type="primary" size="small" onClick={() => void navigate(`/inspections/check/${i.point.id}`)} aria-label={`开始检查：${i.point.name}`}>
                      开始检查
                    </Button>
                  ) : i.status === 'done' && i.inspectionId ? (
                    <Link key="v" to={`/inspections/${i.inspectionId}`} aria-label={`查看检查记录：${i.point.name}`}>
                      查看
                    </Link>
                  ) : null,
                ]}
              >
                <ListItemText
                  title={
                    <Space wrap size={4}>
                      <span className="xa-wrap">{i.point.name}</span>
                      <Tag color={CHECK_STATUS[i.status].color} style={{ marginInlineEnd: 0 }}>
                        {CHECK_STATUS[i.status].text}
                      </Tag>
                    </Space>
                  }
                  description={
                    <span style={{ color: '#595959' }}>
                      {POINT_TYPE_LABELS[i.point.pointType as PointType] ?? i.point.pointType} · {FREQUENCY_LABELS[i.point.frequency as Frequency]}
                    </span>
                  }
                />
              </List.Item>
            )}
          />
          {items.length > shown.length && (
            <div style={{ textAlign: 'end', marginTop: 8 }}>
              <Link to="/inspections">全部 {items.length} 个点位</Link>
            </div>
          )}
        </>
      )}
    </Card>
  );
}

/** How far back a type's periods are looked at: the current one and the one before (a late or returned report). */
function ReportTypeRows({ type }: { type: ReportTypeT }) {
  const today = todayIso();
  const from = new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 10);
  const periods = useReportPeriods(type.id, { from, to: today });
  const started = (periods.data?.items ?? []).filter((p) => p.start <= today);
  const recent = started.slice(-2);
  const matrix = useMatrix(type.id, recent.length ? { from: recent[0]!.key, to: recent[recent.length - 1]!.key } : null, {});
  const row = matrix.data?.rows[0];
  if (periods.isPending || (recent.length > 0 && matrix.isPending)) return <Skeleton active title={false} paragraph={{ rows: 1 }} />;
  const error = periods.error ?? matrix.error;
  if (error) return <QueryError error={error} />;
  if (!row) return null;
  const cells = [...recent].reverse().flatMap((p) => {
    const cell = row.cells.find((c) => c.period === p.key);
    const current = p.start <= today && today <= p.end;
    // The current period always; an older one only while it still waits on the school.
    if (!cell?.state || (!current && !['draft', 'returned', 'missing', 'not_started'].includes(cell.state))) return [];
    return [{ p, cell, current }];
  });
  return (
    <>
      {cells.map(({ p, cell, current }) => (
        <div key={p.key} className="xa-home-row" data-testid="home-report" data-state={cell.state}>
          <div style={{ minWidth: 0, flex: '1 1 180px' }}>
            <Space wrap size={6}>
              <Typography.Text strong className="xa-wrap">
                {type.name}
              </Typography.Text>
              <span>{p.label}</span>
              {current && <Tag color="blue">本期</Tag>}
              <StateTag state={cell.state!} />
            </Space>
            <div style={{ fontSize: 13, color: cell.state === 'missing' ? '#cf1322' : '#595959' }}>截止 {dueText(p.dueDate, today)}</div>
          </div>
          <Link to={cell.submissionId ? `/reports/submissions/${cell.submissionId}` : '/reports'} >
            {cell.state === 'approved' || cell.state === 'submitted' || cell.state === 'late' ? '查看' : '去填报'}
            <span className="xa-sr-only">：{type.name}{p.label}</span>
          </Link>
        </div>
      ))}
    </>
  );
}

/** 报送: the school's reports of the current periods (and an older one still owed), each with its state and due date. */
export function ReportsDueCard() {
  const types = useReportTypes();
  const mine = (types.data?.items ?? []).filter((t) => t.submitterKind === 'school' && t.status === 'active');
  return (
    <Card title="本期报送" extra={<Link to="/reports">我的报送</Link>} style={{ height: '100%' }} data-testid="home-reports">
      {types.isError && <QueryError error={types.error} onRetry={() => void types.refetch()} />}
      {types.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : mine.length === 0 ? (
        <Placeholder text="目前没有需要本校报送的报告" />
      ) : (
        <div>
          {mine.map((t) => (
            <ReportTypeRows key={t.id} type={t} />
          ))}
        </div>
      )}
    </Card>
  );
}

/** 通报待答复: the issued notices naming the school that wait on its rectification report, soonest due first. */
export function SchoolNoticesCard() {
  const q = useNotices({ status: 'issued', pageSize: 100 });
  const today = todayIso();
  const waiting = (q.data?.items ?? [])
    .filter((n) => n.myAnswer === 'awaiting' || n.myAnswer === 'returned')
    .sort((a, b) => (a.answerDueDate ?? '9999').localeCompare(b.answerDueDate ?? '9999'));
  const others = (q.data?.total ?? 0) - waiting.length;
  return (
    <Card title={`待答复的通报${q.data ? `（${waiting.length} 份）` : ''}`} extra={<Link to="/notices">全部通报</Link>} style={{ height: '100%' }} data-testid="home-notices" data-total={waiting.length}>
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : waiting.length === 0 ? (
        <Placeholder text={others > 0 ? `没有待答复的通报（本校共收到 ${others} 份）` : '没有点名本校的通报'} />
      ) : (
        waiting.map((n) => (
          <div key={n.id} className="xa-home-row" data-testid="home-notice" data-state={n.myAnswer}>
            <div style={{ minWidth: 0, flex: '1 1 200px' }}>
              <Space wrap size={6}>
                <Link to={`/notices/${n.id}`} className="xa-wrap" style={{ fontWeight: 500 }}>
                  {n.title}
                </Link>
                <Tag color={n.myAnswer === 'returned' ? 'purple' : 'orange'} style={{ marginInlineEnd: 0 }}>
                  {NOTICE_ANSWER_STATE_LABELS[n.myAnswer!]}
                </Tag>
              </Space>
              <div style={{ fontSize: 13, color: n.answerDueDate && n.answerDueDate < today ? '#cf1322' : '#595959' }} className="xa-wrap">
                {n.docNumber} · {NOTICE_CATEGORY_LABELS[n.category]}
                {n.answerDueDate ? ` · 整改报告截止 ${dueText(n.answerDueDate, today)}` : ''}
              </div>
            </div>
          </div>
        ))
      )}
    </Card>
  );
}

/** 风险复评到期: the school's active risks past their review date (item 6 of the risk register), highest level first. */
export function RisksDueCard({ limit = 6 }: { limit?: number }) {
  const q = useRisks({ reviewDue: true, status: 'active' }, 1, limit);
  const total = q.data?.total ?? 0;
  return (
    <Card title={`待复评的风险${q.data ? `（${total} 项）` : ''}`} extra={<Link to="/risks?reviewDue=true">风险清单</Link>} style={{ height: '100%' }} data-testid="home-risks-due" data-total={total}>
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : total === 0 ? (
        <Placeholder text="没有复评到期的风险" />
      ) : (
        (q.data?.items ?? []).map((r) => (
          <div key={r.id} className="xa-home-row" data-testid="home-risk-due">
            <div style={{ minWidth: 0, flex: '1 1 200px' }}>
              <Space wrap size={6}>
                <Link to={`/risks/${r.id}`} className="xa-wrap" style={{ fontWeight: 500 }}>
                  {r.name}
                </Link>
                <RiskLevelTag level={r.level} />
              </Space>
              <div style={{ fontSize: 13, color: '#cf1322' }} className="xa-wrap">
                {r.pointName ?? '全校'} · 复评日期 {r.reviewOn}
              </div>
            </div>
          </div>
        ))
      )}
    </Card>
  );
}

/** 逾期的制度措施: the school's measures past their due date and not yet established (the measure list of the 两个清单). */
export function MeasuresOverdueCard({ limit = 6 }: { limit?: number }) {
  const q = useMeasures({ overdue: true }, 1, limit);
  const total = q.data?.total ?? 0;
  return (
    <Card title={`逾期的制度措施${q.data ? `（${total} 项）` : ''}`} extra={<Link to="/measures?overdue=true">两个清单</Link>} style={{ height: '100%' }} data-testid="home-measures-overdue" data-total={total}>
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : total === 0 ? (
        <Placeholder text="没有逾期的制度措施" />
      ) : (
        (q.data?.items ?? []).map((m) => (
          <div key={m.id} className="xa-home-row" data-testid="home-measure-overdue">
            <div style={{ minWidth: 0, flex: '1 1 200px' }}>
              <Space wrap size={6}>
                <Link to={`/measures/${m.id}`} className="xa-wrap" style={{ fontWeight: 500 }}>
                  {m.title}
                </Link>
                <Tag>{MEASURE_STATUS_LABELS[m.status]}</Tag>
              </Space>
              <div style={{ fontSize: 13, color: '#cf1322' }} className="xa-wrap">
                {m.ownerName} · 完成时限 {m.dueOn}
              </div>
            </div>
          </div>
        ))
      )}
    </Card>
  );
}
