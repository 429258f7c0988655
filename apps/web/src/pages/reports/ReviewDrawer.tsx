import { useState } from 'react';
import { Alert, App, Button, Card, Drawer, Form, Input, Skeleton, Space, Typography } from 'antd';
import { CheckOutlined, DownloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { errorMessage } from '../../api/client';
import { downloadDocument, reportApi, submissionDocxPath, useRefreshReports, useSubmission } from '../../api/reports';
import { QueryError } from '../../components/common';
import { useIsMobile } from '../../lib/useIsMobile';
import { ChangesView, EarlierVersions, HistoryView, VersionView } from './SubmissionView';
import { StateTag, fmtTime } from './reportUi';

/*
 * The reviewer's drawer: the submission as sent (its latest version), what changed from the
 * previous version, the history; 通过, or 退回 with a comment (required).
 */

export function ReviewDrawer({ submissionId, onClose }: { submissionId: string | null; onClose: () => void }) {
  const mobile = useIsMobile();
  const { message } = App.useApp();
  const refresh = useRefreshReports();
  const q = useSubmission(submissionId ?? undefined);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'approve' | 'return' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const d = q.data?.submission.id === submissionId ? q.data : undefined;
  const latest = d?.versions[d.versions.length - 1];
  const canApprove = !!d?.allowedActions.includes('approve');
  const canReturn = !!d?.allowedActions.includes('return');

  const close = () => {
    setComment('');
    setCommentError(null);
    setError(null);
    onClose();
  };

  const act = async (decision: 'approve' | 'return') => {
    if (!d) return;
    if (decision === 'return' && !comment.trim()) {
      setCommentError('退回须填写意见，说明需要修改什么');
      return;
    }
    setBusy(decision);
    setError(null);
    try {
      const body = { version: d.submission.version, comment: comment.trim() };
      const fresh = decision === 'approve' ? await reportApi.approve(d.submission.id, comment.trim() ? body : { version: body.version }) : await reportApi.return(d.submission.id, body);
      refresh(fresh);
      void message.success(decision === 'approve' ? `已通过：${fresh.submission.unitName}` : `已退回：${fresh.submission.unitName}`);
      close();
    } catch (e) {
      setError(errorMessage(e));
      void q.refetch();
    } finally {
      setBusy(null);
    }
  };

  const download = async () => {
    if (!d) return;
    try {
      await downloadDocument(submissionDocxPath(d.submission.id), `${d.submission.unitName}-${d.reportType.name}-${d.period.label}.docx`);
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  return (
    <Drawer
      open={!!submissionId}
      onClose={close}
      size={mobile ? '100%' : 760}
      title={d ? `${d.submission.unitName} · ${d.period.label}${d.reportType.name}` : '报送详情'}
      extra={d && latest ? <Button icon={<DownloadOutlined />} onClick={() => void download()}>下载 Word</Button> : null}
      data-testid="review-drawer"
      footer={
        d && (canApprove || canReturn) ? (
          <div>
            <Form layout="vertical" component="div">
              <Form.Item label="审核意见" htmlFor="review-comment" validateStatus={commentError ? 'error' : undefined} help={commentError ?? '通过时可不填；退回时必填'} style={{ marginBottom: 8 }}>
                <Input.TextArea
                  id="review-comment"
                  data-testid="review-comment"
                  value={comment}
                  onChange={(e) => {
                    setComment(e.target.value);
                    if (commentError) setCommentError(null);
                  }}
                  autoSize={{ minRows: 2, maxRows: 6 }}
                  maxLength={2000}
                />
              </Form.Item>
            </Form>
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} data-testid="review-error" />}
            <Space wrap>
              {canApprove && (
                <Button type="primary" icon={<CheckOutlined />} loading={busy === 'approve'} disabled={!!busy} onClick={() => void act('approve')} data-testid="review-approve">
                  通过
                </Button>
              )}
              {canReturn && (
                <Button danger icon={<RollbackOutlined />} loading={busy === 'return'} disabled={!!busy} onClick={() => void act('return')} data-testid="review-return">
                  退回
                </Button>
              )}
            </Space>
          </div>
        ) : null
      }
    >
      {q.error ? <QueryError error={q.error} onRetry={() => void q.refetch()} /> : null}
      {!d ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size={12} style={{ display: 'flex' }}>
          <div>
            <Space wrap>
              <StateTag state={d.submission.state} testId="review-state" />
              <Typography.Text type="secondary">
                {d.submission.currentVersion ? `第 ${d.submission.currentVersion} 版 · ${fmtTime(d.submission.submittedAt)} 报送` : '尚未报送'}
                {d.submission.onTime === false ? ' · 逾期报送' : ''}
              </Typography.Text>
            </Space>
          </div>
          {d.versions.length > 1 && (
            <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>与上一版本相比</h2>}>
              <ChangesView detail={d} />
            </Card>
          )}
          {latest ? <VersionView template={d.reportType.template} version={latest} testId="review-version" /> : <Alert type="info" showIcon title="该单位尚未报送本期报告" />}
          <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>报送与审核记录</h2>}>
            <HistoryView detail={d} />
          </Card>
          {d.versions.length > 1 && <EarlierVersions detail={d} />}
        </Space>
      )}
    </Drawer>
  );
}
