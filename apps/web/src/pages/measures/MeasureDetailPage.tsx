import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button, Card, Descriptions, List, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { MEASURE_KIND_LABELS, MEASURE_ORIGIN_KIND_LABELS, MEASURE_STATUS_LABELS } from '@xiaoan/domain';
import { fileUrl } from '../../api/files';
import { useMeasure, type MeasureDetailT } from '../../api/measures';
import { BackLink, PageTitle, QueryError } from '../../components/common';
import { dateTime } from '../../lib/format';
import { MeasureFormDrawer } from './MeasureForm';
import { MeasureMoveModal } from './MeasureMoveModal';
import { MeasureStatusTag } from './measureUi';

const ACTION_LABELS: Record<MeasureDetailT['history'][number]['action'], string> = { create: '新增', update: '修改', move: '变更状态' };

/** One measure: what, who, by when, its status and document, the hazards that prompted it, its history. */
export default function MeasureDetailPage() {
  const { id = '' } = useParams();
  const q = useMeasure(id);
  const [editing, setEditing] = useState(false);
  const [moving, setMoving] = useState(false);
  if (q.isPending) return <Skeleton active />;
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const m = d.measure;
  return (
    <div style={{ maxWidth: 900 }} data-testid="measure-detail">
      <BackLink to="/measures">两个清单</BackLink>
      <PageTitle
        title={m.title}
        sub={`${m.schoolName} · ${MEASURE_KIND_LABELS[m.kind]}`}
        extra={
          <Space wrap>
            {d.allowedActions.includes('edit') && (
              <Button onClick={() => setEditing(true)} data-testid="measure-edit">
                修改
              </Button>
            )}
            {d.allowedActions.includes('move') && d.moves.length > 0 && (
              <Button type="primary" onClick={() => setMoving(true)} data-testid="measure-move">
                变更状态
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label="完成情况">
            <MeasureStatusTag status={m.status} overdue={m.overdue} />
          </Descriptions.Item>
          <Descriptions.Item label="完成时限">{m.dueOn}</Descriptions.Item>
          <Descriptions.Item label="责任人">{m.ownerName}</Descriptions.Item>
          <Descriptions.Item label="责任部门">{m.ownerDepartment || '—'}</Descriptions.Item>
          <Descriptions.Item label="印发日期">{m.adoptedOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="制度文件">
            {m.document ? (
              <a href={fileUrl(m.document.fileId)} target="_blank" rel="noreferrer" data-testid="measure-document">
                {m.document.name}
              </a>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="内容与要求" span={2}>
            <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{m.description || '—'}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={`来源（举一反三，${m.origins.length}）`} style={{ marginBottom: 12 }}>
        <List
          size="small"
          dataSource={m.origins}
          locale={{ emptyText: '无' }}
          renderItem={(o) => (
            <List.Item data-testid="measure-origin">
              <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                <Tag>{MEASURE_ORIGIN_KIND_LABELS[o.kind]}</Tag>
                <Link to={`/hazards/${o.id}`}>
                  #{o.id} {o.label}
                </Link>
              </div>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title="历史" style={{ marginBottom: 12 }}>
        <Timeline
          items={d.history.map((h, i) => ({
            key: i,
            content: (
              <div data-testid="measure-history" style={{ overflowWrap: 'anywhere' }}>
                <Typography.Text strong>{ACTION_LABELS[h.action]}</Typography.Text>
                {h.action === 'move' && h.fromStatus && `：${MEASURE_STATUS_LABELS[h.fromStatus]} → ${MEASURE_STATUS_LABELS[h.toStatus]}`}
                {h.note && <div>{h.action === 'update' ? `修改了：${h.note}` : h.note}</div>}
                {h.document && (
                  <div>
                    文件：<a href={fileUrl(h.document.fileId)} target="_blank" rel="noreferrer">{h.document.name}</a>
                  </div>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {h.actorName} · {dateTime(h.at)}
                </Typography.Text>
              </div>
            ),
          }))}
        />
      </Card>
      {d.allowedActions.includes('edit') && <MeasureFormDrawer open={editing} record={m} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />}
      {d.allowedActions.includes('move') && <MeasureMoveModal detail={d} open={moving} onClose={() => setMoving(false)} />}
    </div>
  );
}
