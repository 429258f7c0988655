import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Image, Skeleton, Space, Tag, Typography } from 'antd';
import { can, ANSWER_LABELS, HAZARD_DOMAIN_LABELS, INSPECTION_KIND_LABELS, type Answer, type HazardDomain, type InspectionKind } from '@xiaoan/domain';
import { inspectionApi } from '../../api/inspections';
import { useMe } from '../../auth/session';
import { PageTitle, QueryError } from '../../components/common';
import { dateTime } from '../../lib/format';
import { fileUrl, thumbnailUrl } from '../../api/files';
import { RaiseHazardButton } from './RaiseHazardButton';
import { keys } from '../../api/keys';

const ANSWER_COLORS: Record<Answer, string> = { pass: 'success', fail: 'error', na: 'default' };

/** 检查记录: read-only once signed off; failed items can be registered as hazards, once each. */
export default function InspectionDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const canSubmit = can(me.role, 'inspection.submit');
  const q = useQuery({ queryKey: keys.inspections.detail(id), queryFn: ({ signal }) => inspectionApi.inspection(id, signal) });
  if (q.isPending) return <Skeleton active />;
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const i = d.inspection;
  return (
    <div style={{ maxWidth: 900 }}>
      <PageTitle
        title={`检查记录 #${i.id}`}
        sub={`${i.school.name}${i.point ? ` · ${i.point.name}` : ''} · ${i.inspectedOn}`}
        extra={
          i.point && canSubmit ? (
            <Link to={`/inspections/check/${i.point.id}?corrects=${i.id}&kind=${i.kind}${i.visitId ? `&visitId=${i.visitId}` : ''}`} className="xa-link-button" data-testid="inspection-correct">
              提交更正记录
            </Link>
          ) : null
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label="检查方式">{INSPECTION_KIND_LABELS[i.kind as InspectionKind]}</Descriptions.Item>
          <Descriptions.Item label="检查日期">{i.inspectedOn}</Descriptions.Item>
          <Descriptions.Item label="检查人">{[i.inspector.displayName, ...d.coInspectors].join('、')}</Descriptions.Item>
          <Descriptions.Item label="开始方式">{i.startedVia === 'qr' ? '扫点位二维码，现场开始' : '从系统中开始'}</Descriptions.Item>
          <Descriptions.Item label="结果">
            合格 {i.passCount} · 不合格 {i.failCount} · 不适用 {i.naCount}
            {i.score !== null ? ` · 得分 ${i.score}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="签字提交">{dateTime(i.submittedAt)}</Descriptions.Item>
          {i.periodKey && <Descriptions.Item label="对应周期">{i.periodKey}</Descriptions.Item>}
          <Descriptions.Item label="检查表">{d.checklists.map((c) => `${c.title}（第${c.versionNo}版）`).join('、')}</Descriptions.Item>
          {i.correctsId && (
            <Descriptions.Item label="更正">
              本记录更正了 <Link to={`/inspections/${i.correctsId}`}>#{i.correctsId}</Link>
            </Descriptions.Item>
          )}
          {d.correctedBy.length > 0 && (
            <Descriptions.Item label="已被更正">
              {d.correctedBy.map((c) => (
                <Link key={c.id} to={`/inspections/${c.id}`} style={{ marginInlineEnd: 8 }}>
                  #{c.id}
                </Link>
              ))}
            </Descriptions.Item>
          )}
          {i.visitId && (
            <Descriptions.Item label="督查">
              <Link to={`/supervision/visits/${i.visitId}`}>查看督查记录</Link>
            </Descriptions.Item>
          )}
        </Descriptions>
        {d.summary && <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }} className="xa-pre">小结：{d.summary}</Typography.Paragraph>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          已签字提交的记录只读，不能修改。
        </Typography.Text>
      </Card>
      <Space orientation="vertical" style={{ width: '100%' }} size={8}>
        {d.results.map((r) => (
          <div key={`${r.checklistVersionId}/${r.itemCode}`} className="xa-check-item" data-testid={`result-${r.itemCode}`}>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <div className="xa-check-item-text">{r.itemText}</div>
              <Tag color={ANSWER_COLORS[r.answer as Answer]}>{ANSWER_LABELS[r.answer as Answer]}</Tag>
            </div>
            {r.standard && <div className="xa-check-item-standard">标准：{r.standard}</div>}
            {r.basis && <div className="xa-check-item-standard">依据：{r.basis}</div>}
            {r.note && <div style={{ marginTop: 6 }}>{r.note}</div>}
            {r.photoIds.length > 0 && (
              <Image.PreviewGroup>
                <div style={{ display: 'flex', gap: 6, marginTop: 6, flexWrap: 'wrap' }}>
                  {r.photoIds.map((p) => (
                    <Image key={p} src={thumbnailUrl(p)} preview={{ src: fileUrl(p) }} width={72} height={72} style={{ objectFit: 'cover', borderRadius: 6 }} alt="现场照片" />
                  ))}
                </div>
              </Image.PreviewGroup>
            )}
            {r.answer === 'fail' && (
              <div style={{ marginTop: 8 }}>
                {d.canRaiseHazard || r.hazard ? (
                  <RaiseHazardButton
                    inspectionId={i.id}
                    checklistVersionId={r.checklistVersionId}
                    itemCode={r.itemCode}
                    itemText={r.itemText}
                    hazard={r.hazard}
                    note={r.note}
                    photoIds={r.photoIds}
                    foundAt={i.inspectedOn}
                    onRaised={() => void q.refetch()}
                  />
                ) : null}
              </div>
            )}
          </div>
        ))}
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
        {d.checklists.map((c) => HAZARD_DOMAIN_LABELS[c.domain as HazardDomain]).join('、')}
      </Typography.Paragraph>
    </div>
  );
}
