import { useState } from 'react';
import { Alert, App, Button, Drawer, Input, Skeleton, Space, Typography } from 'antd';
import { errorMessage } from '../../api/client';
import { assessmentApi, useRefreshAssessment, useSchoolCard, useSelfList, type SelfAssessmentT } from '../../api/assessment';
import { ResponsiveList } from '../../components/ResponsiveList';
import { useIsMobile } from '../../lib/useIsMobile';
import { SchoolCardView } from './SchoolCardView';
import { SelfStateTag, fmtPoints } from './assessmentUi';

/** 自评审核: the schools' self-assessments, those awaiting review first; one opens beside the bureau's figures to accept or return. */
export function SelfReviewList({ schemeId }: { schemeId: string }) {
  const list = useSelfList(schemeId);
  const [open, setOpen] = useState<SelfAssessmentT | null>(null);
  const rank = { submitted: 0, returned: 1, draft: 2, accepted: 3 } as const;
  const rows = [...(list.data?.items ?? [])].sort((a, b) => rank[a.state] - rank[b.state]);
  return (
    <>
      <ResponsiveList
        rows={rows}
        rowKey="id"
        rowTestId="self-row"
        loading={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
        empty="还没有学校提交自评"
        unit="份"
        onCardClick={setOpen}
        columns={[
          { title: '学校', dataIndex: ['school', 'name'], render: (_, r) => <a onClick={() => setOpen(r)}>{r.school.name}</a> },
          { title: '状态', render: (_, r) => <SelfStateTag state={r.state} /> },
          { title: '自评总分', dataIndex: 'selfTotal', render: (v: number) => fmtPoints(v) },
          { title: '提交时间', dataIndex: 'submittedAt', render: (v: string | null) => (v ? v.slice(0, 10) : '—') },
          { title: '操作', render: (_, r) => <Button size="small" onClick={() => setOpen(r)}>{r.state === 'submitted' ? '审核' : '查看'}</Button> },
        ]}
        card={(r) => (
          <Space direction="vertical" size={2}>
            <Typography.Text strong>{r.school.name}</Typography.Text>
            <Space>
              <SelfStateTag state={r.state} />
              <span>自评 {fmtPoints(r.selfTotal)} 分</span>
            </Space>
          </Space>
        )}
      />
      {open && <ReviewDrawer schemeId={schemeId} self={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function ReviewDrawer({ schemeId, self, onClose }: { schemeId: string; self: SelfAssessmentT; onClose: () => void }) {
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const refresh = useRefreshAssessment();
  const card = useSchoolCard(schemeId, self.school.id);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<'accept' | 'return' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = card.data?.selfAssessment ?? self;
  const act = async (what: 'accept' | 'return') => {
    setBusy(what);
    setError(null);
    try {
      const body = { version: current.version, ...(comment.trim() ? { comment: comment.trim() } : {}) };
      await (what === 'accept' ? assessmentApi.accept(current.id, body) : assessmentApi.return(current.id, body));
      void message.success(what === 'accept' ? '已审核通过' : '已退回学校');
      refresh();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Drawer open onClose={onClose} width={isMobile ? '100%' : 720} title={`${self.school.name} 标准化自评`} destroyOnHidden>
      {current.allowedActions.length > 0 && (
        <div style={{ marginBottom: 16 }} data-testid="review-box">
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
          <Input.TextArea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} placeholder="审核意见（退回时必填）" maxLength={1000} data-testid="review-comment" />
          <Space style={{ marginTop: 8 }}>
            <Button type="primary" loading={busy === 'accept'} disabled={!!busy} onClick={() => void act('accept')} data-testid="review-accept">
              审核通过
            </Button>
            <Button danger loading={busy === 'return'} disabled={!!busy} onClick={() => void act('return')} data-testid="review-return">
              退回
            </Button>
          </Space>
        </div>
      )}
      {card.data ? <SchoolCardView card={card.data} /> : card.error ? <Alert type="error" message={errorMessage(card.error)} /> : <Skeleton active />}
    </Drawer>
  );
}
