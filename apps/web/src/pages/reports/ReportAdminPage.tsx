import { Link, useNavigate } from 'react-router';
import { Tag, Typography } from 'antd';
import { REPORT_PERIOD_KIND_LABELS, REPORT_SUBMITTER_LABELS } from '@xiaoan/domain';
import { useReportTypes, type ReportTypeT } from '../../api/reports';
import { PageTitle } from '../../components/common';
import { ResponsiveList } from '../../components/ResponsiveList';

/** 报送管理: the district's report types (what, how often, due when, who submits, who reviews); one opens its completeness. */

const REVIEWER_LABELS: Record<ReportTypeT['reviewer'], string> = { bureau: '教育局', team: '督查组（无督查组的由教育局）' };

export default function ReportAdminPage() {
  const navigate = useNavigate();
  const types = useReportTypes();
  const rows = types.data?.items ?? [];
  return (
    <div data-testid="report-admin-page">
      <PageTitle title="报送管理" sub="各类报表的应报、已报、按时与缺报情况；审核各单位的报送" />
      <ResponsiveList<ReportTypeT>
        rows={rows}
        rowKey="id"
        rowTestId="report-type-row"
        rowProps={(r) => ({ 'data-code': r.code }) as never}
        loading={types.isPending}
        error={types.error}
        onRetry={() => void types.refetch()}
        empty="还没有报表类型"
        unit="类"
        onCardClick={(r) => void navigate(`/reports/manage/${r.id}`)}
        columns={[
          {
            title: '报表',
            dataIndex: 'name',
            width: 200,
            render: (_: unknown, r) => (
              <Link to={`/reports/manage/${r.id}`} data-testid="report-type-link">
                {r.name}
              </Link>
            ),
          },
          { title: '周期', dataIndex: 'periodKind', width: 90, render: (_: unknown, r) => REPORT_PERIOD_KIND_LABELS[r.periodKind] },
          { title: '报送要求', dataIndex: 'ruleText', render: (v: string) => <span className="xa-wrap">{v}</span> },
          { title: '报送单位', dataIndex: 'submitterKind', width: 100, render: (_: unknown, r) => REPORT_SUBMITTER_LABELS[r.submitterKind] },
          { title: '审核', dataIndex: 'reviewer', width: 150, render: (_: unknown, r) => REVIEWER_LABELS[r.reviewer] },
          { title: '逾期', dataIndex: 'lateAccepted', width: 150, render: (v: boolean) => (v ? '可补报（记逾期）' : <Tag color="red">截止后锁定</Tag>) },
        ]}
        card={(r) => (
          <div>
            <Link to={`/reports/manage/${r.id}`} onClick={(e) => e.stopPropagation()} style={{ fontWeight: 600 }}>
              {r.name}
            </Link>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {r.ruleText}
              </Typography.Text>
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {REPORT_SUBMITTER_LABELS[r.submitterKind]}报送 · {REVIEWER_LABELS[r.reviewer]}审核{r.lateAccepted ? '' : ' · 截止后锁定'}
            </Typography.Text>
          </div>
        )}
      />
    </div>
  );
}
