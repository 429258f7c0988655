import { useState } from 'react';
import { Alert, Drawer, Input, Skeleton, Space, Typography } from 'antd';
import { errorMessage } from '../../api/client';
import { useSchoolCard, useScores, type SchemeT, type SchoolScoreT } from '../../api/assessment';
import { ActionLink } from '../../components/common';
import { ResponsiveList } from '../../components/ResponsiveList';
import { useIsMobile } from '../../lib/useIsMobile';
import { SchoolCardView } from './SchoolCardView';
import { SelfStateTag, fmtPoints } from './assessmentUi';

/** The ranking: every school the caller sees with its total and each indicator's points; a row opens the school's evidence. */
export function ScoresTable({ scheme }: { scheme: SchemeT }) {
  const scores = useScores(scheme.id);
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<SchoolScoreT | null>(null);
  const rows = (scores.data?.items ?? []).filter((r) => !q.trim() || r.school.name.includes(q.trim()) || (r.areaName ?? '').includes(q.trim()));
  return (
    <>
      <ResponsiveList
        rows={rows}
        rowKey={(r) => r.school.id}
        rowTestId="score-row"
        loading={scores.isPending}
        error={scores.error}
        onRetry={() => void scores.refetch()}
        empty="没有学校"
        unit="所"
        localPageSize={50}
        onCardClick={setOpen}
        filters={<Input.Search allowClear placeholder="学校或片区" value={q} onChange={(e) => setQ(e.target.value)} style={{ maxWidth: 260 }} />}
        notice={scores.data && <Typography.Text type="secondary">统计期间 {scores.data.from} 至 {scores.data.to}；点击学校查看每项得分的依据。</Typography.Text>}
        table={{ scroll: { x: 900 }, size: 'small' }}
        columns={[
          { title: '名次', dataIndex: 'rank', width: 64, fixed: 'left' },
          {
            title: '学校',
            fixed: 'left',
            width: 180,
            render: (_, r) => (
              <ActionLink onClick={() => setOpen(r)} data-testid="score-school">
                {r.school.name}
              </ActionLink>
            ),
          },
          { title: '片区', dataIndex: 'areaName', width: 100, render: (v: string | null) => v ?? '—' },
          { title: `总分`, dataIndex: 'total', width: 80, render: (v: number) => <Typography.Text strong>{fmtPoints(v)}</Typography.Text> },
          ...scheme.indicators.map((ind, k) => ({
            title: `${ind.name}（${ind.weight}）`,
            key: ind.key,
            width: 110,
            render: (_: unknown, r: SchoolScoreT) => {
              const s = r.indicators[k];
              if (!s) return '—';
              return s.pending ? <Typography.Text type="secondary">未评</Typography.Text> : fmtPoints(s.points);
            },
          })),
          { title: '自评', width: 90, render: (_, r) => <SelfStateTag state={r.selfAssessment?.state} /> },
        ]}
        card={(r) => (
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Space style={{ justifyContent: 'space-between', width: '100%' }}>
              <Typography.Text strong>
                第 {r.rank} 名 · {r.school.name}
              </Typography.Text>
              <Typography.Text strong style={{ color: '#1668dc' }}>
                {fmtPoints(r.total)} 分
              </Typography.Text>
            </Space>
            <Space wrap size={4}>
              <Typography.Text type="secondary">{r.areaName ?? ''}</Typography.Text>
              <SelfStateTag state={r.selfAssessment?.state} />
            </Space>
          </Space>
        )}
      />
      {open && <EvidenceDrawer schemeId={scheme.id} school={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function EvidenceDrawer({ schemeId, school, onClose }: { schemeId: string; school: SchoolScoreT; onClose: () => void }) {
  const isMobile = useIsMobile();
  const card = useSchoolCard(schemeId, school.school.id);
  return (
    <Drawer open onClose={onClose} width={isMobile ? '100%' : 720} title={`${school.school.name} 得分依据`} destroyOnHidden>
      {card.data ? <SchoolCardView card={card.data} /> : card.error ? <Alert type="error" message={errorMessage(card.error)} /> : <Skeleton active />}
    </Drawer>
  );
}
