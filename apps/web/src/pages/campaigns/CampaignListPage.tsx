import { Link } from 'react-router';
import { Button, Card, List, Progress, Space, Tag, Typography } from 'antd';
import { FileWordOutlined } from '@ant-design/icons';
import { can, HAZARD_DOMAIN_LABELS, type HazardDomain } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { useCampaigns } from '../../api/campaigns';
import { PageTitle, QueryError } from '../../components/common';

/** 专项整治: the campaigns the caller may see, newest first. */
export default function CampaignListPage() {
  const me = useMe();
  const q = useCampaigns();
  return (
    <div>
      <PageTitle
        title="专项整治"
        sub="按实施方案推进的专项整治，含阶段、任务清单与督查安排"
        extra={
          can(me.role, 'campaign.import') && (
            <Link to="/campaigns/import">
              <Button type="primary" icon={<FileWordOutlined />} data-testid="campaign-import-link">
                导入实施方案
              </Button>
            </Link>
          )
        }
      />
      {q.error && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      <List
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: '还没有专项整治。可以导入一份实施方案，确认后建立。' }}
        grid={{ gutter: 16, xs: 1, md: 2, xl: 3 }}
        renderItem={(c) => (
          <List.Item>
            <Card size="small" title={<Link to={`/campaigns/${c.id}`} className="xa-wrap">{c.title}</Link>} data-testid="campaign-card">
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Typography.Text type="secondary">
                  {c.periodStart} 至 {c.periodEnd}
                  {c.docNumber ? ` · ${c.docNumber}` : ''}
                </Typography.Text>
                <Space wrap size={[4, 4]}>
                  {c.focusDomains.map((d) => (
                    <Tag key={d}>{HAZARD_DOMAIN_LABELS[d as HazardDomain] ?? d}</Tag>
                  ))}
                </Space>
                <Progress aria-label={`任务完成 ${c.doneCount}/${c.taskCount}`} percent={c.taskCount ? Math.round((c.doneCount / c.taskCount) * 100) : 0} size="small" format={() => `${c.doneCount}/${c.taskCount}`} />
                {c.overdueCount > 0 && <Tag color="red">{c.overdueCount} 项任务逾期</Tag>}
              </Space>
            </Card>
          </List.Item>
        )}
      />
    </div>
  );
}
