import { useQuery } from '@tanstack/react-query';
import { Card, Popover, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { isRole, ROLE_LABELS } from '@xiaoan/domain';
import { api } from '../api/client';
import type { AuditEvent, PageOf } from '../api/types';
import { PageTitle, Placeholder, QueryError, dash } from '../components/common';
import { auditActionLabel, objectTypeLabel } from '../lib/labels';
import { useUrlState } from '../lib/useUrlState';

function Details({ details }: { details: unknown }) {
  if (details === null || details === undefined || (typeof details === 'object' && Object.keys(details).length === 0)) return dash(null);
  const text = JSON.stringify(details, null, 2);
  return (
    <Popover
      trigger="click"
      content={<pre style={{ margin: 0, maxWidth: 'min(480px, 80vw)', maxHeight: 320, overflow: 'auto', fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{text}</pre>}
    >
      <Typography.Link>查看</Typography.Link>
    </Popover>
  );
}

export default function AuditPage() {
  const { page, pageSize, set } = useUrlState([] as const);
  const q = { page, pageSize };
  const events = useQuery({
    queryKey: ['audit', q],
    queryFn: ({ signal }) => api.get<PageOf<AuditEvent>>('/api/audit-events', q, signal),
    placeholderData: (prev) => prev,
  });

  const columns: TableColumnsType<AuditEvent> = [
    { title: '时间', dataIndex: 'at', width: 170, render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm:ss') },
    {
      title: '操作人',
      key: 'actor',
      width: 170,
      render: (_, e) => (
        <span>
          {e.actor?.displayName ?? <Typography.Text type="secondary">系统</Typography.Text>}
          {e.actorRole && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              {isRole(e.actorRole) ? ROLE_LABELS[e.actorRole] : e.actorRole}
            </Typography.Text>
          )}
        </span>
      ),
    },
    { title: '操作', dataIndex: 'action', width: 140, render: (a: string) => <Tag>{auditActionLabel(a)}</Tag> },
    {
      title: '对象',
      key: 'object',
      width: 130,
      render: (_, e) => (e.objectType ? `${objectTypeLabel(e.objectType)}${e.objectId ? ` #${e.objectId}` : ''}` : dash(null)),
    },
    { title: 'IP', dataIndex: 'ip', width: 130, render: dash },
    {
      title: '请求编号',
      dataIndex: 'requestId',
      width: 120,
      render: (r: string | null) => (r ? <Typography.Text copyable={{ text: r }} style={{ fontSize: 12 }}>{r.slice(0, 8)}</Typography.Text> : dash(null)),
    },
    { title: '详情', dataIndex: 'details', width: 70, render: (d: unknown) => <Details details={d} /> },
  ];

  return (
    <div>
      <PageTitle title="审计日志" sub="登录、修改和导入等操作的完整记录，不可修改" />
      <Card size="small">
        {events.isError && <QueryError error={events.error} onRetry={() => void events.refetch()} />}
        <Table<AuditEvent>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={events.data?.items ?? []}
          loading={events.isFetching}
          scroll={{ x: 930 }}
          locale={{ emptyText: events.isPending ? ' ' : <Placeholder text="暂无审计记录" /> }}
          pagination={{
            current: page,
            pageSize,
            total: events.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (t) => `共 ${t} 条`,
            onChange: (p, ps) => set(ps !== pageSize ? { pageSize: ps, page: 1 } : { page: p }),
          }}
        />
      </Card>
    </div>
  );
}
