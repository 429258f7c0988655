// The records kept beside the loop: 逾期说明, 延期申请, 挂牌督办, 报请政府协调.
import type { ReactNode } from 'react';
import { Card, Space, Tag, Typography } from 'antd';
import { ListedTag } from '../../../components/hazard/HazardTags';
import { PlanView } from './PlanView';
import { Who, type DetailCtx } from './shared';

/** A card listing entries, or `none` in grey when there are none. */
function ListCard<T>({ title, items, none = '无', children }: { title: string; items: readonly T[]; none?: string; children: (x: T, i: number) => ReactNode }) {
  return (
    <Card size="small" title={title}>
      {items.length === 0 ? <Typography.Text type="secondary">{none}</Typography.Text> : items.map(children)}
    </Card>
  );
}

export function OverdueExplanationsCard({ d, userName, ...rest }: DetailCtx) {
  return (
    <ListCard title="逾期说明" items={d.record.overdueExplanations}>
      {(x, i) => (
        <div key={i} style={{ marginBottom: 12 }}>
          <Typography.Text strong>针对整改时限 {x.forDueDate}</Typography.Text>
          <div className="xa-pre">{x.reason}</div>
          <Who name={userName(x.by.userId)} at={x.at} />
          {x.plan.length > 0 && (
            <div style={{ marginTop: 6 }}>
              <Typography.Text type="secondary">新的整改计划：</Typography.Text>
              <PlanView plan={x.plan} userName={userName} {...rest} />
            </div>
          )}
        </div>
      )}
    </ListCard>
  );
}

export function ExtensionsCard({ d, userName }: DetailCtx) {
  return (
    <ListCard title="延期申请" items={d.record.extensions}>
      {(x, i) => (
        <div key={i} style={{ marginBottom: 12 }}>
          <Space wrap size={6}>
            <Typography.Text strong>
              {x.previousDueDate} → {x.requestedDueDate}
            </Typography.Text>
            {x.decision === null ? (
              <Tag color="gold">待审批</Tag>
            ) : x.decision.approved ? (
              <Tag color="success">已同意{x.decision.newDueDate ? `，新时限 ${x.decision.newDueDate}` : ''}</Tag>
            ) : (
              <Tag color="error">不同意</Tag>
            )}
          </Space>
          <div className="xa-pre">理由：{x.reason}</div>
          <Who name={userName(x.requestedBy.userId)} at={x.requestedAt} />
          {x.decision && (
            <div style={{ marginTop: 4, paddingInlineStart: 12, borderInlineStart: '2px solid #f0f0f0' }}>
              {x.decision.comment && <div className="xa-pre">审批意见：{x.decision.comment}</div>}
              <Who name={userName(x.decision.by.userId)} at={x.decision.at} />
            </div>
          )}
        </div>
      )}
    </ListCard>
  );
}

export function ListingsCard({ d, userName }: DetailCtx) {
  return (
    <ListCard title="挂牌督办" items={d.record.listings} none="未挂牌">
      {(x, i) => (
        <div key={i} style={{ marginBottom: 12 }}>
          <Space wrap size={6}>
            {x.delistedAt ? <Tag>已摘牌</Tag> : <ListedTag />}
            <span className="xa-pre">{x.reason}</span>
          </Space>
          <div>
            <Who name={`挂牌：${userName(x.listedBy.userId)}`} at={x.listedAt} />
          </div>
          {x.delistedAt && (
            <div>
              <Who name={`摘牌：${userName(x.delistedBy?.userId)}${x.delistReason ? `（${x.delistReason}）` : ''}`} at={x.delistedAt} />
            </div>
          )}
        </div>
      )}
    </ListCard>
  );
}

export function EscalationsCard({ d, userName }: DetailCtx) {
  return (
    <ListCard title="报请政府协调" items={d.record.escalations}>
      {(x, i) => (
        <div key={i} style={{ marginBottom: 12 }}>
          <div className="xa-pre">{x.note}</div>
          <Who name={userName(x.by.userId)} at={x.at} />
        </div>
      )}
    </ListCard>
  );
}
