import { Tag, Typography } from 'antd';
import type { HazardMilestone } from '@xiaoan/domain';
import { FileGallery } from '../../../components/hazard/FileGallery';
import { todayYmd } from '../../../lib/hazard';
import { dateOf } from '../../../lib/format';
import { ids, Who, type DetailCtx } from './shared';

/** A plan's dated steps with their progress reports: green done, red late, blue under way. */
export function PlanView({ plan, files, kinds, userName }: Omit<DetailCtx, 'd'> & { plan: readonly HazardMilestone[] }) {
  const today = todayYmd();
  if (!plan.length) return <Typography.Text type="secondary">未制定分步整改计划</Typography.Text>;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      {plan.map((m, i) => (
        <div key={i} style={{ borderInlineStart: `3px solid ${m.doneAt ? '#52c41a' : m.dueDate < today ? '#ff4d4f' : '#1677ff'}`, paddingInlineStart: 10 }}>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
            <Typography.Text strong className="xa-wrap">
              {i + 1}. {m.title}
            </Typography.Text>
            <Typography.Text type="secondary">完成日期 {m.dueDate}</Typography.Text>
            {m.doneAt ? <Tag color="success">已完成 {dateOf(m.doneAt)}</Tag> : m.dueDate < today ? <Tag color="error">未按期完成</Tag> : <Tag color="processing">进行中</Tag>}
          </div>
          {m.progress.map((p, j) => (
            <div key={j} style={{ marginTop: 6, paddingInlineStart: 12 }}>
              <div className="xa-pre">{p.note}</div>
              <Who name={userName(p.by.userId)} at={p.at} />
              {p.files.length > 0 && (
                <div style={{ marginTop: 4 }}>
                  <FileGallery ids={ids(p.files)} files={files} kinds={kinds} size={64} />
                </div>
              )}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
