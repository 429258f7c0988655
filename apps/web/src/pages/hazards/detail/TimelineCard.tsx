import { useMemo } from 'react';
import { Card, Empty, Tag, Timeline, Typography } from 'antd';
import { HAZARD_STATE_LABELS, isRole, ROLE_LABELS, type HazardState } from '@xiaoan/domain';
import { FileGallery } from '../../../components/hazard/FileGallery';
import { actionLabel, fieldLabel, STATE_COLORS } from '../../../lib/hazard';
import { dateTime } from '../../../lib/format';
import type { DetailCtx } from './shared';

function StateTo({ from, to }: { from: string | null; to: string }) {
  const tag = (s: string) => (
    <Tag color={STATE_COLORS[s as HazardState] ?? 'default'} style={{ marginInlineEnd: 0 }}>
      {HAZARD_STATE_LABELS[s as HazardState] ?? s}
    </Tag>
  );
  if (from === to) return null;
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
      {from ? tag(from) : null}
      {from ? '→' : null}
      {tag(to)}
    </span>
  );
}

const EVENT_COLORS: Record<string, string> = { close: 'green', return: 'red', reject: 'red', list: 'red', reject_extension: 'red', escalate: 'orange', file_overdue_explanation: 'orange' };

/** 处理记录: every event on the hazard, oldest first, with who, when, the state change and the files. */
export function TimelineCard({ d, files, kinds }: DetailCtx) {
  const sorted = useMemo(() => [...d.timeline].sort((a, b) => a.at.localeCompare(b.at) || Number(a.id) - Number(b.id)), [d.timeline]);
  return (
    <Card size="small" title="处理记录" data-testid="hazard-timeline">
      {!sorted.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无记录" />
      ) : (
        <Timeline
          items={sorted.map((e) => ({
            key: e.id,
            color: EVENT_COLORS[e.action] ?? 'blue',
            content: (
              <div data-testid="hazard-timeline-item" data-action={e.action}>
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
                  {/* The timeline also shows 上报 and 立行立改, which have no action form: the domain's labels. */}
                  <Typography.Text strong>{actionLabel(e.action)}</Typography.Text>
                  <StateTo from={e.fromState} to={e.toState} />
                </div>
                <div>
                  <Typography.Text>{e.actor?.displayName ?? '系统'}</Typography.Text>
                  {e.actorRole && <Typography.Text type="secondary">（{isRole(e.actorRole) ? ROLE_LABELS[e.actorRole] : e.actorRole}）</Typography.Text>}
                  <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8, whiteSpace: 'nowrap' }}>
                    {dateTime(e.at)}
                  </Typography.Text>
                </div>
                {e.comment && (
                  <div className="xa-pre" style={{ marginTop: 4, color: 'rgba(0,0,0,0.75)' }}>
                    {e.comment}
                  </div>
                )}
                {e.changedFields.length > 0 && e.action === 'edit' && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    修改了：{e.changedFields.map(fieldLabel).join('、')}
                  </Typography.Text>
                )}
                {e.fileIds.length > 0 && (
                  <div style={{ marginTop: 4 }}>
                    <FileGallery ids={e.fileIds} files={files} kinds={kinds} size={48} />
                  </div>
                )}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
