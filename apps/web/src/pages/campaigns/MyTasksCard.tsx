import { Link } from 'react-router';
import { Card, List, Space, Tag, Typography } from 'antd';
import { TASK_STATUS_COLORS, TASK_STATUS_LABELS, useMyTasks } from '../../api/campaigns';
import { useMe } from '../../auth/session';
import { QueryError } from '../../components/common';
import { relationOf, taskHref, type Relation } from './taskFocus';

const RELATION_TAGS: Record<Relation, { label: string; color: string }> = {
  lead: { label: '牵头', color: 'blue' },
  cooperating: { label: '配合', color: 'purple' },
  office: { label: '专项办', color: 'cyan' },
};

/**
 * 首页：本科室的任务，牵头和配合的各自标明（学校账号：分解到本校的任务）。Each opens the task
 * itself: its campaign's page scrolled to the task and marked (`?task=`).
 */
export function MyTasksCard({ title }: { title: string }) {
  const me = useMe();
  const q = useMyTasks();
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const items = q.data?.items ?? [];
  if (!q.isLoading && items.length === 0) return null;
  const dept = me.department?.id;
  const counts: Partial<Record<Relation, number>> = {};
  for (const { task } of items) {
    const r = relationOf(task, dept);
    if (r) counts[r] = (counts[r] ?? 0) + 1;
  }
  const summary = dept ? (['lead', 'cooperating', 'office'] as const).filter((r) => counts[r]).map((r) => `${RELATION_TAGS[r].label} ${counts[r]}`).join(' · ') : '';
  return (
    <Card
      title={
        <span className="xa-wrap">
          {title}
          {summary && (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal', marginLeft: 8 }} data-testid="my-tasks-summary">
              {summary}
            </Typography.Text>
          )}
        </span>
      }
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="my-tasks"
      extra={<Link to="/campaigns">全部专项整治</Link>}
    >
      <List
        loading={q.isLoading}
        dataSource={items}
        renderItem={({ task: t, copy }) => {
          const status = copy?.status ?? t.status;
          const overdue = copy?.overdue ?? t.overdue;
          const relation = relationOf(t, dept);
          return (
            <List.Item data-testid="my-task" data-relation={relation ?? undefined}>
              <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
                <Link to={taskHref(t.campaignId, t.id)} className="xa-wrap" data-testid="my-task-link">
                  {t.title}
                </Link>
                <Space wrap size={[4, 0]}>
                  {relation && <Tag color={RELATION_TAGS[relation].color}>{RELATION_TAGS[relation].label}</Tag>}
                  <Tag color={TASK_STATUS_COLORS[status]}>{TASK_STATUS_LABELS[status]}</Tag>
                  {overdue && <Tag color="red">逾期</Tag>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} className="xa-wrap">
                    {t.deadline ? `期限 ${t.deadline} · ` : ''}
                    {relation === 'cooperating' ? `牵头：${t.leads.map((l) => l.name).join('、')} · ` : ''}
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
