import { Link } from 'react-router';
import { Card, List, Space, Tag, Typography } from 'antd';
import { TASK_STATUS_COLORS, TASK_STATUS_LABELS, useMyTasks } from '../../api/campaigns';
import { QueryError } from '../../components/common';

/** 首页：本科室牵头的任务（学校账号：分解到本校的任务）。 */
export function MyTasksCard({ title }: { title: string }) {
  const q = useMyTasks();
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const items = q.data?.items ?? [];
  if (!q.isLoading && items.length === 0) return null;
  return (
    <Card title={title} size="small" style={{ marginBottom: 16 }} data-testid="my-tasks" extra={<Link to="/campaigns">全部专项整治</Link>}>
      <List
        loading={q.isLoading}
        dataSource={items}
        renderItem={({ task: t, copy }) => {
          const status = copy?.status ?? t.status;
          const overdue = copy?.overdue ?? t.overdue;
          return (
            <List.Item data-testid="my-task">
              <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
                <Link to={`/campaigns/${t.campaignId}`} className="xa-wrap">
                  {t.title}
                </Link>
                <Space wrap size={[4, 0]}>
                  <Tag color={TASK_STATUS_COLORS[status]}>{TASK_STATUS_LABELS[status]}</Tag>
                  {overdue && <Tag color="red">逾期</Tag>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} className="xa-wrap">
                    {t.deadline ? `期限 ${t.deadline} · ` : ''}
                    {t.campaignTitle}
                  </Typography.Text>
                </Space>
              </Space>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
