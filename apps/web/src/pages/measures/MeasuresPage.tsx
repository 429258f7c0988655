import { Link, useNavigate } from 'react-router';
import { Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMe } from '../../auth/session';
import { useMeasureOverview, type MeasureOverviewRowT } from '../../api/measures';
import { PageTitle } from '../../components/common';
import { ResponsiveList } from '../../components/ResponsiveList';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useUrlState } from '../../lib/useUrlState';
import { TwoLists } from './TwoLists';

const isSchoolSide = (role: string) => role === 'school_admin' || role === 'school_staff';

/** The bureau's and teams' overview: every school's two lists by status, drilling into one school's. */
function Overview() {
  const navigate = useNavigate();
  const { values, page, pageSize, set } = useUrlState(['unitId'] as const);
  const q = useMeasureOverview(values.unitId);
  const all = q.data?.items ?? [];
  const rows = all.slice((page - 1) * pageSize, page * pageSize);
  const open = (r: MeasureOverviewRowT) => `/measures/schools/${r.schoolId}`;
  const columns: TableColumnsType<MeasureOverviewRowT> = [
    { title: '学校', render: (_, r) => <Link to={open(r)} data-testid="overview-school">{r.schoolName}</Link> },
    { title: '片区', dataIndex: 'areaName', width: 120 },
    {
      title: '问题隐患清单',
      children: [
        { title: '未销号', width: 80, render: (_, r) => r.hazardsOpen },
        { title: '已销号', width: 80, render: (_, r) => r.hazardsClosed },
        { title: '逾期', width: 70, render: (_, r) => (r.hazardsOverdue ? <Typography.Text type="danger">{r.hazardsOverdue}</Typography.Text> : 0) },
      ],
    },
    {
      title: '制度措施清单',
      children: [
        { title: '计划制定', width: 90, render: (_, r) => r.measures.planned },
        { title: '制定中', width: 80, render: (_, r) => r.measures.in_progress },
        { title: '已建立', width: 80, render: (_, r) => r.measures.established },
        { title: '已修订', width: 80, render: (_, r) => r.measures.revised },
        { title: '逾期', width: 70, render: (_, r) => (r.measuresOverdue ? <Typography.Text type="danger" data-testid="overview-overdue">{r.measuresOverdue}</Typography.Text> : 0) },
      ],
    },
  ];
  return (
    <ResponsiveList
      rows={rows}
      columns={columns}
      rowTestId="overview-row"
      loading={q.isPending}
      error={q.error}
      onRetry={() => void q.refetch()}
      empty="范围内没有学校"
      paging={{ page, pageSize, total: all.length, set }}
      onCardClick={(r) => void navigate(open(r))}
      filters={<UnitTreeSelect style={{ width: 240 }} allow={['area', 'school']} allowClear placeholder="片区或学校" aria-label="片区或学校" value={values.unitId} onChange={(v) => set({ unitId: v })} />}
      card={(r) => (
        <div style={{ minWidth: 0 }} data-testid="overview-card">
          <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
            {r.schoolName}
          </Typography.Text>
          <div style={{ fontSize: 13 }}>
            隐患：未销号 {r.hazardsOpen}，已销号 {r.hazardsClosed}
            {r.hazardsOverdue > 0 && <Tag color="red" style={{ marginLeft: 6 }}>逾期 {r.hazardsOverdue}</Tag>}
          </div>
          <div style={{ fontSize: 13 }}>
            制度措施：已建立 {r.measures.established + r.measures.revised} / {r.measuresTotal}
            {r.measuresOverdue > 0 && <Tag color="red" style={{ marginLeft: 6 }}>逾期 {r.measuresOverdue}</Tag>}
          </div>
        </div>
      )}
    />
  );
}


/** 两个清单: a school's own two lists; for the bureau and teams, the overview of their schools. */
export default function MeasuresPage() {
  const me = useMe();
  if (isSchoolSide(me.role)) {
    return (
      <div>
        <PageTitle title="两个清单" sub="问题隐患清单与制度措施清单，动态更新；举一反三，把整改经验固化为制度" />
        <TwoLists schoolId={me.unit.kind === 'school' ? me.unit.id : undefined} />
      </div>
    );
  }
  return (
    <div>
      <PageTitle title="两个清单" sub="各校问题隐患清单与制度措施清单的完成情况；点学校查看其两个清单" />
      <Overview />
    </div>
  );
}
