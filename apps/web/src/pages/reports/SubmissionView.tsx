import { Button, Card, Collapse, Empty, Space, Tag, Timeline, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { FileRef } from '../../api/types';
import type { ReportSectionT, ReportVersionT, SubmissionDetailT } from '../../api/reports';
import { FileGallery } from '../../components/hazard/FileGallery';
import { AutoSection } from './AutoSection';
import { fmtTime } from './reportUi';

/*
 * A submitted version as the submitter and the reviewer read it: the template's sections in
 * order (auto tables frozen at submission, narrative text), the attachments; what changed from
 * the previous version; the review history.
 */

const filesMap = (files: readonly FileRef[]) => new Map(files.map((f) => [f.id, f]));

export function Attachments({ files }: { files: readonly FileRef[] }) {
  return <FileGallery ids={files.map((f) => f.id)} files={filesMap(files)} empty="无附件" />;
}

function NarrativeText({ text }: { text: string }) {
  if (!text.trim()) return <Typography.Text type="secondary">（未填写）</Typography.Text>;
  return (
    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} className="xa-wrap">
      {text}
    </Typography.Paragraph>
  );
}

/** One version's (or the preview's) sections, read-only. */
export function SectionsView({
  template,
  content,
  narrative,
  files,
  testId,
}: {
  template: readonly ReportSectionT[];
  content: Record<string, unknown>;
  narrative: Record<string, string>;
  files: readonly FileRef[];
  testId?: string;
}) {
  return (
    <Space orientation="vertical" size={12} style={{ display: 'flex' }} data-testid={testId}>
      {template.map((s) => (
        <Card key={s.key} size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{s.label}</h2>} data-testid={`section-${s.key}`}>
          {s.kind === 'auto' ? <AutoSection section={s} content={content[s.key]} /> : <NarrativeText text={narrative[s.key] ?? ''} />}
        </Card>
      ))}
      <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>附件</h2>}>
        <Attachments files={files} />
      </Card>
    </Space>
  );
}

export function VersionView({ template, version, testId }: { template: readonly ReportSectionT[]; version: ReportVersionT; testId?: string }) {
  return <SectionsView template={template} content={version.content} narrative={version.narrative} files={version.files} testId={testId} />;
}

const brief = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '（空）';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `${v.length} 项`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const counts = o.counts as Record<string, number> | undefined;
    if (counts && typeof counts === 'object') return `新增 ${counts.new ?? 0}、整改中 ${counts.rectifying ?? 0}、已销号 ${counts.closed ?? 0}、逾期 ${counts.overdue ?? 0}（共 ${Array.isArray(o.rows) ? o.rows.length : 0} 条）`;
    return '汇总表已更新';
  }
  return String(v);
};

/** What changed from the previous version, section by section (the reviewer's comparison). */
export function ChangesView({ detail }: { detail: SubmissionDetailT }) {
  const versions = detail.versions;
  if (versions.length < 2) return <Typography.Text type="secondary">首次报送，没有可对比的上一版本</Typography.Text>;
  const prev = versions[versions.length - 2]!;
  const last = versions[versions.length - 1]!;
  if (detail.changes.length === 0) {
    return (
      <Typography.Text type="secondary" data-testid="changes-none">
        第 {last.versionNo} 版与第 {prev.versionNo} 版内容相同
      </Typography.Text>
    );
  }
  return (
    <div data-testid="changes">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        第 {last.versionNo} 版与第 {prev.versionNo} 版相比：
      </Typography.Paragraph>
      {detail.changes.map((c) => (
        <div key={c.key} style={{ marginBottom: 12 }} data-testid="change-item">
          <Typography.Text strong>{c.label}</Typography.Text>
          <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0,1fr)', gap: 4, marginTop: 4 }}>
            <div style={{ background: '#fff1f0', padding: '4px 8px', borderRadius: 4 }}>
              <Typography.Text type="secondary">原：</Typography.Text>
              <span className="xa-wrap" style={{ whiteSpace: 'pre-wrap' }}>
                {c.key === 'attachments' ? `${Array.isArray(c.before) ? c.before.length : 0} 个附件` : brief(c.before)}
              </span>
            </div>
            <div style={{ background: '#f6ffed', padding: '4px 8px', borderRadius: 4 }}>
              <Typography.Text type="secondary">新：</Typography.Text>
              <span className="xa-wrap" style={{ whiteSpace: 'pre-wrap' }}>
                {c.key === 'attachments' ? `${Array.isArray(c.after) ? c.after.length : 0} 个附件` : brief(c.after)}
              </span>
            </div>
          </div>
        </div>
      ))}
    </div>
  );
}

/** Submissions and reviews in time order: who sent which version, who returned or approved it and why. */
export function HistoryView({ detail }: { detail: SubmissionDetailT }) {
  const events = [
    ...detail.versions.map((v) => ({
      at: v.submittedAt,
      color: v.late ? 'orange' : 'blue',
      text: (
        <>
          {v.submittedBy.name} 报送第 {v.versionNo} 版{v.late && <Tag color="orange" style={{ marginInlineStart: 6 }}>逾期</Tag>}
        </>
      ),
    })),
    ...detail.reviews.map((r) => ({
      at: r.at,
      color: r.decision === 'approve' ? 'green' : 'red',
      text: (
        <>
          {r.reviewer.name} {r.decision === 'approve' ? '审核通过' : '退回'}第 {r.versionNo} 版{r.comment ? `：${r.comment}` : ''}
        </>
      ),
    })),
    ...detail.reopens.map((o) => ({ at: o.at, color: 'gray', text: <>{o.by.name} 重新开放至 {o.until}：{o.reason}</> })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未报送" />;
  return (
    <Timeline
      data-testid="report-history"
      items={events.map((e) => ({
        color: e.color,
        content: (
          <div>
            <div className="xa-wrap">{e.text}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {fmtTime(e.at)}
            </Typography.Text>
          </div>
        ),
      }))}
    />
  );
}

/** Earlier versions, each readable in full (a submitted version is never overwritten). */
export function EarlierVersions({ detail, onDownload }: { detail: SubmissionDetailT; onDownload?: (versionNo: number) => void }) {
  const template = detail.reportType.template;
  if (detail.versions.length === 0) return null;
  return (
    <Collapse
      data-testid="report-versions"
      items={[...detail.versions].reverse().map((v) => ({
        key: String(v.versionNo),
        label: `第 ${v.versionNo} 版 · ${v.submittedBy.name} · ${fmtTime(v.submittedAt)}${v.late ? ' · 逾期' : ''}`,
        // The download sits in the panel, not the header: the header is itself a button.
        children: (
          <>
            {onDownload && (
              <Button size="small" icon={<DownloadOutlined />} onClick={() => onDownload(v.versionNo)} style={{ marginBottom: 8 }}>
                下载第 {v.versionNo} 版 Word
              </Button>
            )}
            <VersionView template={template} version={v} />
          </>
        ),
      }))}
    />
  );
}
