import { useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Form, Input, Skeleton, Space, Typography } from 'antd';
import { CheckCircleOutlined, DownloadOutlined, LeftOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { narrativeProblems } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { errorMessage } from '../../api/client';
import { downloadDocument, reportApi, submissionDocxPath, useRefreshReports, useSubmission, type SubmissionDetailT } from '../../api/reports';
import { PageTitle, QueryError } from '../../components/common';
import { UploadTiles } from '../../components/hazard/UploadField';
import { ACCEPT_FILES } from '../../lib/upload';
import { useIsMobile } from '../../lib/useIsMobile';
import { useUploads } from '../../lib/useUploads';
import { AutoSection } from './AutoSection';
import { EarlierVersions, HistoryView, VersionView } from './SubmissionView';
import { StateTag, dueText, fmtTime } from './reportUi';
import { draftValuesOf, useDraftAutosave, type DraftValues } from './useDraftAutosave';

/*
 * One period's report of one unit (填报): the auto-filled sections as read-only tables, the
 * narrative fields and attachments with autosave, 提交 with a confirmation; a returned report
 * shows the reviewer's comment and goes back through the same form; earlier versions stay
 * readable; the submitted report downloads as Word.
 */

function useDownload() {
  const { message } = App.useApp();
  return async (detail: SubmissionDetailT, version?: number) => {
    try {
      const name = await downloadDocument(submissionDocxPath(detail.submission.id, version), `${detail.submission.unitName}-${detail.reportType.name}-${detail.period.label}.docx`);
      void message.success(`已下载 ${name}`);
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
}

function StatusAlerts({ d }: { d: SubmissionDetailT }) {
  const s = d.submission;
  const lastReturn = [...d.reviews].reverse().find((r) => r.decision === 'return');
  const lastApprove = [...d.reviews].reverse().find((r) => r.decision === 'approve');
  const out = [];
  if (s.storedState === 'returned' && lastReturn) {
    out.push(
      <Alert
        key="returned"
        type="warning"
        showIcon
        data-testid="report-returned"
        title={`已退回：${lastReturn.comment}`}
        description={`${lastReturn.reviewer.name} 于 ${fmtTime(lastReturn.at)} 退回第 ${lastReturn.versionNo} 版。请按意见修改后重新报送。`}
      />,
    );
  }
  if (s.storedState === 'approved') {
    out.push(<Alert key="approved" type="success" showIcon data-testid="report-approved" title="已审核通过" description={lastApprove ? `${lastApprove.reviewer.name} 于 ${fmtTime(lastApprove.at)} 审核通过${lastApprove.comment ? `：${lastApprove.comment}` : ''}` : undefined} />);
  }
  if (s.storedState === 'submitted' || s.storedState === 'late') {
    out.push(<Alert key="waiting" type="info" showIcon data-testid="report-waiting" title={`已于 ${fmtTime(s.submittedAt)} 报送第 ${s.currentVersion} 版，等待审核`} description={s.storedState === 'late' ? '本次报送晚于截止时间，记为逾期报送。' : undefined} />);
  }
  if (d.locked) out.push(<Alert key="locked" type="error" showIcon title="已过截止时间，本期报送已锁定" description="如需补报，请联系教育局为本单位重新开放。" />);
  else if (s.state === 'missing' || ((s.storedState === 'draft' || s.storedState === 'returned') && s.dueDate < new Date().toISOString().slice(0, 10))) {
    out.push(<Alert key="late" type="warning" showIcon title="已过截止日" description="现在报送将记为逾期报送。" />);
  }
  if (!out.length) return null;
  return (
    <Space orientation="vertical" style={{ display: 'flex', marginBottom: 16 }}>
      {out}
    </Space>
  );
}

function DraftEditor({ detail }: { detail: SubmissionDetailT }) {
  const { modal, message } = App.useApp();
  const mobile = useIsMobile();
  const refresh = useRefreshReports();
  const template = detail.reportType.template;
  const [values, setValues] = useState<DraftValues>(() => draftValuesOf(detail));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const canSubmit = detail.allowedActions.includes('submit');
  const up = useUploads({
    allow: 'any',
    unitId: detail.submission.submitterKind === 'school' ? detail.submission.unitId : undefined,
    initial: detail.draft.files.map((f) => ({ id: f.id, name: f.originalName, kind: f.kind })),
    onRejected: (m) => void message.error(m),
  });
  const fileInput = useRef<HTMLInputElement>(null);
  const doneIds = up.doneIds.join(',');
  const withFiles = useMemo<DraftValues>(() => ({ narrative: values.narrative, attachmentIds: doneIds ? doneIds.split(',') : [] }), [values.narrative, doneIds]);
  const autosave = useDraftAutosave({
    detail,
    values: withFiles,
    setValues: (v) => setValues(v),
    enabled: !up.busy && !submitting,
  });

  const setField = (key: string, text: string) => {
    setValues((v) => ({ ...v, narrative: { ...v.narrative, [key]: text } }));
    if (problems[key]) setProblems((p) => ({ ...p, [key]: '' }));
  };

  const check = (): boolean => {
    const found: Record<string, string> = {};
    for (const line of narrativeProblems(template, withFiles.narrative, true)) {
      const i = line.indexOf(': ');
      const label = line.slice(0, i);
      const section = template.find((s) => s.label === label || s.key === label);
      if (section) found[section.key] = line.slice(i + 2);
    }
    setProblems(found);
    return Object.values(found).every((v) => !v);
  };

  const doSubmit = async () => {
    setSubmitting(true);
    setSubmitError(null);
    try {
      const fresh = await reportApi.submit(detail.submission.id, { version: autosave.version, narrative: withFiles.narrative, attachmentIds: withFiles.attachmentIds });
      refresh(fresh);
      void message.success(fresh.submission.state === 'late' ? '已报送（逾期报送）' : '已报送');
    } catch (e) {
      setSubmitError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  const confirmSubmit = () => {
    if (!check()) {
      void message.error('还有必填栏目没有填写');
      return;
    }
    modal.confirm({
      title: `报送${detail.period.label}${detail.reportType.name}？`,
      content: (
        <div data-testid="submit-confirm-body">
          报送后自动汇总表将按现在的数据固定，不能再修改；被退回后可修改并重新报送。
          {detail.submission.currentVersion > 0 && <div>这将是第 {detail.submission.currentVersion + 1} 版，原版本保留可查。</div>}
        </div>
      ),
      okText: '确认报送',
      cancelText: '再看看',
      okButtonProps: { 'data-testid': 'submit-confirm-ok' } as never,
      onOk: doSubmit,
    });
  };

  const status = autosave.saving ? '正在保存…' : autosave.dirty ? '有修改尚未保存' : autosave.savedAt ? `已自动保存 ${fmtTime(autosave.savedAt)}` : '修改会自动保存';

  return (
    <Form layout="vertical" component="div" requiredMark>
      <Space orientation="vertical" size={12} style={{ display: 'flex' }}>
        {template.map((s) =>
          s.kind === 'auto' ? (
            <Card key={s.key} size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{s.label}</h2>} extra={<Typography.Text type="secondary">自动汇总 · 报送时固定</Typography.Text>} data-testid={`section-${s.key}`}>
              <AutoSection section={s} content={detail.preview?.[s.key]} />
            </Card>
          ) : (
            <Card key={s.key} size="small" data-testid={`section-${s.key}`} styles={{ body: { paddingBottom: 4 } }}>
              <Form.Item
                label={<span style={{ fontWeight: 600 }}>{s.label}</span>}
                htmlFor={`narrative-${s.key}`}
                required={s.required}
                validateStatus={problems[s.key] ? 'error' : undefined}
                help={problems[s.key] || (s.prefillFrom ? '已按上期“下阶段目标”预填，请据实修改' : undefined)}
              >
                <Input.TextArea
                  id={`narrative-${s.key}`}
                  data-testid={`narrative-${s.key}`}
                  value={values.narrative[s.key] ?? ''}
                  onChange={(e) => setField(s.key, e.target.value)}
                  autoSize={{ minRows: s.required ? 3 : 2, maxRows: 14 }}
                  maxLength={s.maxLength ?? 5000}
                  showCount
                />
              </Form.Item>
            </Card>
          ),
        )}
        <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>附件</h2>} extra={<Typography.Text type="secondary">照片或 PDF，每个不超过 10 MB</Typography.Text>}>
          <UploadTiles items={up.items} onRemove={up.remove} onRetry={up.retry}>
            {up.items.length < 20 && (
              <button type="button" className="xa-upload-add" onClick={() => fileInput.current?.click()}>
                <PlusOutlined />
                <span>照片/文件</span>
              </button>
            )}
          </UploadTiles>
          <input
            ref={fileInput}
            type="file"
            className="xa-visually-hidden"
            tabIndex={-1}
            multiple
            accept={ACCEPT_FILES}
            aria-label="选择附件"
            data-testid="report-file-input"
            onChange={(e) => {
              up.add(e.target.files);
              e.target.value = '';
            }}
          />
        </Card>
        {autosave.error && (
          <Alert
            type="warning"
            showIcon
            title={autosave.error}
            action={
              <Button size="small" onClick={autosave.saveNow}>
                重试保存
              </Button>
            }
          />
        )}
        {submitError && <Alert type="error" showIcon title={submitError} data-testid="submit-error" />}
        <Card size="small">
          <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: 8 }}>
            <Typography.Text type="secondary" aria-live="polite" data-testid="autosave-status">
              {status}
            </Typography.Text>
            {canSubmit ? (
              <Button type="primary" icon={<SendOutlined />} block={mobile} size={mobile ? 'large' : 'middle'} loading={submitting} disabled={up.busy || autosave.saving} onClick={confirmSubmit} data-testid="report-submit">
                {detail.submission.storedState === 'returned' ? '重新报送' : '提交'}
              </Button>
            ) : (
              <Typography.Text type="secondary">草稿已保存，由学校管理员审阅后报送</Typography.Text>
            )}
          </div>
        </Card>
      </Space>
    </Form>
  );
}

/** 报送详情 / 填报: /reports/submissions/:id */
export default function SubmissionPage() {
  const { id } = useParams();
  const me = useMe();
  const q = useSubmission(id);
  const download = useDownload();
  const d = q.data;
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  if (!d) return <Skeleton active />;
  const s = d.submission;
  const editable = d.allowedActions.includes('save_draft');
  const latest = d.versions[d.versions.length - 1];
  const ownUnit = s.unitId === me.unit.id || s.unitId === me.department?.id || d.allowedActions.includes('save_draft');
  return (
    <div data-testid="submission-page" data-state={s.state}>
      {/* The submitter goes back to its own list, a reviewer to the type's page. */}
      {ownUnit ? (
        <Link to="/reports" style={{ display: 'inline-block', marginBottom: 8 }}>
          <LeftOutlined /> 我的报送
        </Link>
      ) : (
        <Link to={`/reports/manage/${d.reportType.id}?period=${encodeURIComponent(s.periodKey)}`} style={{ display: 'inline-block', marginBottom: 8 }}>
          <LeftOutlined /> 报送管理
        </Link>
      )}
      <PageTitle
        title={`${d.period.label}${d.reportType.name}`}
        sub={`${s.unitName} · 截止 ${dueText(d.period.dueDate)}${s.currentVersion ? ` · 已报送 ${s.currentVersion} 版` : ''}`}
        extra={
          <>
            <StateTag state={s.state} testId="submission-state" />
            {latest && (
              <Button icon={<DownloadOutlined />} onClick={() => void download(d)} data-testid="report-docx">
                下载 Word
              </Button>
            )}
          </>
        }
      />
      <StatusAlerts d={d} />
      {editable ? (
        // Keyed by version: after a submission or a return the form starts from the server's draft again.
        <DraftEditor key={`${s.id}-${s.storedState}-${s.currentVersion}`} detail={d} />
      ) : latest ? (
        <VersionView template={d.reportType.template} version={latest} testId="latest-version" />
      ) : (
        <Card size="small">
          <Typography.Text type="secondary">尚未报送。</Typography.Text>
        </Card>
      )}
      <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>报送与审核记录</h2>} style={{ marginTop: 16 }}>
        <HistoryView detail={d} />
      </Card>
      {d.versions.length > 0 && (
        <div style={{ marginTop: 16 }}>
          <Typography.Title level={2} style={{ fontSize: 15 }}>
            <CheckCircleOutlined /> 历史版本（旧版本保留可查）
          </Typography.Title>
          <EarlierVersions detail={d} onDownload={(v) => void download(d, v)} />
        </div>
      )}
    </div>
  );
}
