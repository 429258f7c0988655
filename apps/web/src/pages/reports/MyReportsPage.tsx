import { useState } from 'react';
import { useNavigate } from 'react-router';
import { App, Button, Card, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { REPORT_PERIOD_KIND_LABELS, type ReportState, type ReportSubmitterKind } from '@xiaoan/domain';
import type { Me } from '../../api/types';
import { useMe } from '../../auth/session';
import { errorMessage } from '../../api/client';
import { reportApi, useMatrix, useRefreshReports, useReportPeriods, useReportTypes, type ReportPeriodT, type ReportTypeT } from '../../api/reports';
import { PageTitle, QueryError } from '../../components/common';
import { useIsMobile } from '../../lib/useIsMobile';
import { StateTag, dueText, todayIso } from './reportUi';

/*
 * 我的报送: the report types the unit owes, its current and recent periods with the due date,
 * the state, and what to do next; a period opens (or starts) its report.
 */

/** Which submitter the signed-in user writes for: its school, its team, its department. */
export function submitterKindOf(me: Me): ReportSubmitterKind | null {
  if (me.unit.kind === 'school' || me.unit.kind === 'campus') return 'school';
  if (me.role === 'team_member') return 'team';
  if (me.role === 'bureau_staff' && me.department) return 'department';
  return null;
}

/** How many recent periods each cadence shows. */
const RECENT: Partial<Record<ReportTypeT['periodKind'], number>> = { daily: 7, weekly: 6, monthly: 6, quarterly: 4, term: 2, half_year: 2, yearly: 2 };

type NextStep = { text: string; primary: boolean };
function nextStep(state: ReportState, lateAccepted: boolean): NextStep {
  switch (state) {
    case 'not_started':
      return { text: '开始填报', primary: true };
    case 'draft':
      return { text: '继续填报', primary: true };
    case 'returned':
      return { text: '修改后重新报送', primary: true };
    case 'missing':
      return lateAccepted ? { text: '补报（记为逾期）', primary: true } : { text: '已锁定', primary: false };
    case 'submitted':
    case 'late':
      return { text: '查看（等待审核）', primary: false };
    case 'approved':
      return { text: '查看报告', primary: false };
  }
}

function TypeCard({ type, me }: { type: ReportTypeT; me: Me }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const refresh = useRefreshReports();
  const today = todayIso();
  const range = { from: dayjs().subtract(13, 'month').format('YYYY-MM-DD'), to: today };
  const periods = useReportPeriods(type.id, range);
  const started = (periods.data?.items ?? []).filter((p) => p.start <= today);
  const recent = started.slice(-(RECENT[type.periodKind] ?? 3));
  const matrix = useMatrix(type.id, recent.length ? { from: recent[0]!.key, to: recent[recent.length - 1]!.key } : null, {});
  const [opening, setOpening] = useState<string | null>(null);
  const rows = (matrix.data?.rows ?? []).filter((r) => type.submitterKind !== 'department' || r.unitId === me.department?.id);

  const open = async (unitId: string, p: ReportPeriodT, submissionId: string | null) => {
    if (submissionId) {
      void navigate(`/reports/submissions/${submissionId}`);
      return;
    }
    setOpening(`${unitId}:${p.key}`);
    try {
      const d = await reportApi.start({ reportTypeId: type.id, period: p.key, unitId });
      refresh(d);
      void navigate(`/reports/submissions/${d.submission.id}`);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setOpening(null);
    }
  };

  const error = periods.error ?? matrix.error;
  return (
    <Card
      size="small"
      data-testid="my-report-type"
      data-code={type.code}
      title={
        <div style={{ whiteSpace: 'normal', padding: '4px 0' }}>
          <h2 style={{ fontSize: 16, margin: 0 }}>{type.name}</h2>
          <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
            {type.ruleText}
          </Typography.Text>
        </div>
      }
      extra={mobile ? undefined : <Tag>{REPORT_PERIOD_KIND_LABELS[type.periodKind]}</Tag>}
    >
      {error ? <QueryError error={error} onRetry={() => void (periods.error ? periods.refetch() : matrix.refetch())} /> : null}
      {periods.isPending || (recent.length > 0 && matrix.isPending) ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="近期没有需要报送的期次" />
      ) : (
        rows.map((row) => (
          <div key={row.unitId}>
            {rows.length > 1 && <Typography.Text strong>{row.unitName}</Typography.Text>}
            <List
              size="small"
              dataSource={[...recent].reverse().filter((p) => row.cells.find((c) => c.period === p.key)?.state)}
              renderItem={(p) => {
                const cell = row.cells.find((c) => c.period === p.key)!;
                const state = cell.state!;
                const step = nextStep(state, type.lateAccepted);
                const current = p.start <= today && today <= p.end;
                const busy = opening === `${row.unitId}:${p.key}`;
                // A locked period opens only once the bureau reopened it for this unit (which starts its report).
                const locked = state === 'missing' && !type.lateAccepted && !cell.submissionId;
                // The current period's action is the page's main one; older periods keep a small button beside them.
                const big = current && step.primary;
                const button = locked ? (
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    已锁定，如需补报请联系教育局重新开放
                  </Typography.Text>
                ) : (
                  <Button
                    block={big && mobile}
                    size={big ? 'middle' : 'small'}
                    type={step.primary ? 'primary' : 'default'}
                    ghost={step.primary && !big}
                    loading={busy}
                    onClick={() => void open(row.unitId, p, cell.submissionId)}
                    data-testid="my-report-open"
                    aria-label={`${p.label}：${step.text}`}
                  >
                    {step.text}
                  </Button>
                );
                return (
                  <List.Item data-testid="my-report-period" data-period={p.key} data-state={state} style={{ flexWrap: 'wrap', gap: 8, alignItems: 'center', paddingInline: 0 }}>
                    <div style={{ minWidth: 0, flex: '1 1 160px' }}>
                      <Space size={6} wrap>
                        <Typography.Text strong>{p.label}</Typography.Text>
                        {current && <Tag color="blue">本期</Tag>}
                        <StateTag state={state} />
                      </Space>
                      <div>
                        <Typography.Text type={state === 'missing' ? 'danger' : 'secondary'} style={{ fontSize: 13 }}>
                          截止 {dueText(p.dueDate, today)}
                        </Typography.Text>
                      </div>
                    </div>
                    {big && mobile ? <div style={{ flexBasis: '100%' }}>{button}</div> : button}
                  </List.Item>
                );
              }}
            />
          </div>
        ))
      )}
    </Card>
  );
}

/** 我的报送: /reports */
export default function MyReportsPage() {
  const me = useMe();
  const kind = submitterKindOf(me);
  const types = useReportTypes();
  const mine = (types.data?.items ?? []).filter((t) => t.submitterKind === kind && t.status === 'active');
  return (
    <div data-testid="my-reports-page">
      <PageTitle title="我的报送" sub={`${me.department && kind === 'department' ? me.department.name : me.unit.name}应报送的报告：截止日前填报并提交，退回的按意见修改后重新报送`} />
      {types.error && <QueryError error={types.error} onRetry={() => void types.refetch()} />}
      {types.isPending ? (
        <Skeleton active />
      ) : mine.length === 0 ? (
        <Card size="small">
          <Empty description={kind ? '目前没有需要本单位报送的报告' : '您的账号不代表学校、督查组或科室报送'} />
        </Card>
      ) : (
        <Space orientation="vertical" size={16} style={{ display: 'flex' }}>
          {mine.map((t) => (
            <TypeCard key={t.id} type={t} me={me} />
          ))}
        </Space>
      )}
    </div>
  );
}
