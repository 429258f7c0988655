import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, List, Modal, Select, Skeleton, Space, Typography } from 'antd';
import {
  DEFAULT_RISK_MATRIX,
  HAZARD_DOMAIN_LABELS,
  HAZARD_STATE_LABELS,
  RISK_TIER_LABELS,
  type HazardDomain,
  type HazardState,
} from '@xiaoan/domain';
import { riskApi, useRisk, useRiskMatrix, type RiskDetailT } from '../../api/risks';
import { keys } from '../../api/keys';
import { fileUrl } from '../../api/files';
import { BackLink, PageTitle, QueryError } from '../../components/common';
import { DayPicker } from '../../components/DayPicker';
import { dateTime } from '../../lib/format';
import { useVersionedSave } from '../../lib/useVersionedSave';
import { RiskFormDrawer, ScorePreview } from './RiskForm';
import { RiskMarks } from './RiskListPage';
import { LIKELIHOOD_LABELS, RiskLevelTag, SEVERITY_LABELS } from './riskUi';

type ReassessValues = { likelihood: number; severity: number; residualLikelihood?: number | null; residualSeverity?: number | null; reason: string; reviewOn?: string };

const factorOptions = (labels: Record<number, string>) => [1, 2, 3, 4, 5].map((n) => ({ value: n, label: `${n} ${labels[n]}` }));

/** 重新评估: new L×S and residual with the reason (a history row), optionally the next review date. */
function ReassessModal({ open, detail, onClose }: { open: boolean; detail: RiskDetailT; onClose: () => void }) {
  const [form] = Form.useForm<ReassessValues>();
  const qc = useQueryClient();
  const matrix = useRiskMatrix(open);
  const ranges = matrix.data?.ranges ?? DEFAULT_RISK_MATRIX;
  const l = Form.useWatch('likelihood', form);
  const s = Form.useWatch('severity', form);
  const { submit, saving, error } = useVersionedSave<RiskDetailT, ReassessValues, RiskDetailT>({
    form,
    record: detail,
    save: (base, v) =>
      riskApi.reassess(base!.id, {
        version: base!.version,
        likelihood: v.likelihood,
        severity: v.severity,
        residualLikelihood: v.residualLikelihood ?? null,
        residualSeverity: v.residualSeverity ?? null,
        reason: v.reason ?? '',
        ...(v.reviewOn ? { reviewOn: v.reviewOn } : {}),
      }),
    refresh: [keys.risks.all],
    staleMessage: '该风险已被他人修改，请关闭后重试',
    onSuccess: async (d) => {
      qc.setQueryData(keys.risks.detail(d.id), d);
      await qc.invalidateQueries({ queryKey: keys.risks.lists() });
      onClose();
    },
  });
  return (
    <Modal open={open} title="重新评估" onCancel={onClose} onOk={() => void submit()} okText="保存评估" confirmLoading={saving} destroyOnHidden okButtonProps={{ 'data-testid': 'risk-reassess-save' } as Record<`data-${string}`, string>}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ likelihood: detail.likelihood, severity: detail.severity, residualLikelihood: detail.residualLikelihood, residualSeverity: detail.residualSeverity, reason: '', reviewOn: '' }}
      >
        <Space wrap>
          <Form.Item name="likelihood" label="可能性（L）" htmlFor="reassess-l" rules={[{ required: true, message: '请选择可能性' }]}>
            <Select id="reassess-l" aria-label="可能性（L）" style={{ width: 150 }} options={factorOptions(LIKELIHOOD_LABELS)} />
          </Form.Item>
          <Form.Item name="severity" label="严重性（S）" htmlFor="reassess-s" rules={[{ required: true, message: '请选择严重性' }]}>
            <Select id="reassess-s" aria-label="严重性（S）" style={{ width: 150 }} options={factorOptions(SEVERITY_LABELS)} />
          </Form.Item>
        </Space>
        <div style={{ marginBottom: 12 }}>
          <ScorePreview l={l} s={s} matrix={ranges} testId="reassess-preview" />
        </div>
        <Space wrap>
          <Form.Item name="residualLikelihood" label="残余可能性" htmlFor="reassess-rl">
            <Select id="reassess-rl" aria-label="残余可能性" allowClear style={{ width: 150 }} options={factorOptions(LIKELIHOOD_LABELS)} />
          </Form.Item>
          <Form.Item name="residualSeverity" label="残余严重性" htmlFor="reassess-rs">
            <Select id="reassess-rs" aria-label="残余严重性" allowClear style={{ width: 150 }} options={factorOptions(SEVERITY_LABELS)} />
          </Form.Item>
        </Space>
        <Form.Item name="reason" label="重新评估的原因" htmlFor="reassess-reason" rules={[{ required: true, whitespace: true, message: '请填写重新评估的原因' }]}>
          <Input.TextArea id="reassess-reason" autoSize={{ minRows: 2 }} maxLength={500} />
        </Form.Item>
        <Form.Item name="reviewOn" label="下次复评日期" htmlFor="reassess-review-on">
          <DayPicker id="reassess-review-on" aria-label="下次复评日期" style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RetireModal({ open, detail, onClose }: { open: boolean; detail: RiskDetailT; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const qc = useQueryClient();
  const { submit, saving, error } = useVersionedSave<RiskDetailT, { reason: string }, RiskDetailT>({
    form,
    record: detail,
    save: (base, v) => riskApi.retire(base!.id, { version: base!.version, reason: v.reason ?? '' }),
    refresh: [keys.risks.all],
    staleMessage: '该风险已被他人修改，请关闭后重试',
    onSuccess: async (d) => {
      qc.setQueryData(keys.risks.detail(d.id), d);
      await qc.invalidateQueries({ queryKey: keys.risks.lists() });
      onClose();
    },
  });
  return (
    <Modal open={open} title="风险销号" onCancel={onClose} onOk={() => void submit()} okText="销号" okButtonProps={{ danger: true }} confirmLoading={saving} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="reason" label="销号原因（如：场所已拆除、活动已停止）" htmlFor="retire-reason" rules={[{ required: true, whitespace: true, message: '请填写销号原因' }]}>
          <Input.TextArea id="retire-reason" autoSize={{ minRows: 2 }} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One risk: its assessment and level, measures, plans, history and the hazards that realised it. */
export default function RiskDetailPage() {
  const { id = '' } = useParams();
  const q = useRisk(id);
  const [editing, setEditing] = useState(false);
  const [reassessing, setReassessing] = useState(false);
  const [retiring, setRetiring] = useState(false);
  if (q.isPending) return <Skeleton active />;
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const can = (a: RiskDetailT['allowedActions'][number]) => d.allowedActions.includes(a);
  return (
    <div style={{ maxWidth: 960 }} data-testid="risk-detail">
      <BackLink to="/risks">风险清单</BackLink>
      <PageTitle
        title={d.name}
        sub={`${d.schoolName} · ${d.pointName ?? '全校'} · ${HAZARD_DOMAIN_LABELS[d.domain as HazardDomain] ?? d.domain}`}
        extra={
          <>
            {can('edit') && (
              <Button onClick={() => setEditing(true)} data-testid="risk-edit">
                修改
              </Button>
            )}
            {can('reassess') && (
              <Button type="primary" onClick={() => setReassessing(true)} data-testid="risk-reassess">
                重新评估
              </Button>
            )}
            {can('retire') && (
              <Button danger onClick={() => setRetiring(true)} data-testid="risk-retire">
                销号
              </Button>
            )}
          </>
        }
      />
      {d.reassessmentFlag && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="近 90 天该风险关联或其点位发现的隐患已有 3 条以上，建议重新评估" data-testid="risk-flag-alert" />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label="风险等级">
            <Space wrap>
              <RiskLevelTag level={d.level} testId="risk-detail-level" />
              <RiskMarks r={d} />
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label="评估（L×S）">
            {d.likelihood}（{LIKELIHOOD_LABELS[d.likelihood]}）× {d.severity}（{SEVERITY_LABELS[d.severity]}）= {d.score}
          </Descriptions.Item>
          <Descriptions.Item label="残余风险">
            {d.residualLevel ? (
              <Space>
                <span>
                  {d.residualLikelihood}×{d.residualSeverity}={d.residualScore}
                </span>
                <RiskLevelTag level={d.residualLevel} testId="risk-detail-residual" />
              </Space>
            ) : (
              '未评估'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="复评日期">{d.reviewOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="风险表述" span={2}>
            <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{d.description}</span>
          </Descriptions.Item>
          <Descriptions.Item label="可能后果" span={2}>
            {d.consequences || '—'}
          </Descriptions.Item>
          <Descriptions.Item label="登记人">
            {d.createdBy} · {dateTime(d.createdAt)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={`管控措施（${d.measures.length}）`} style={{ marginBottom: 12 }}>
        <List
          size="small"
          dataSource={d.measures}
          locale={{ emptyText: '尚未填写管控措施' }}
          data-testid="risk-measures"
          renderItem={(m, i) => (
            <List.Item>
              <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                <div style={{ whiteSpace: 'pre-wrap' }}>
                  {i + 1}. {m.description}
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {RISK_TIER_LABELS[m.tier]} · 责任部门 {m.department || '—'} · 责任人 {m.person || '—'}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title="方案与预案" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label="管控方案">
            <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{d.responsePlan || '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label="应急预案">
            {d.emergencyPlan ? (
              d.emergencyPlan.fileId ? (
                <a href={fileUrl(d.emergencyPlan.fileId)} target="_blank" rel="noreferrer">
                  {d.emergencyPlan.title}
                </a>
              ) : (
                d.emergencyPlan.title
              )
            ) : (
              '—'
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={`关联隐患（${d.hazards.length}）`} style={{ marginBottom: 12 }} data-testid="risk-hazards">
        <List
          size="small"
          dataSource={d.hazards}
          locale={{ emptyText: '暂无关联隐患（在隐患详情页“关联风险”中选择）' }}
          renderItem={(h) => (
            <List.Item data-testid="risk-hazard">
              <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                <Link to={`/hazards/${h.id}`}>
                  {h.code} {h.title}
                </Link>
                <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                  {HAZARD_STATE_LABELS[h.state as HazardState] ?? h.state}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title="评估记录" style={{ marginBottom: 12 }}>
        <List
          size="small"
          dataSource={d.assessments}
          renderItem={(a) => (
            <List.Item data-testid="risk-assessment">
              <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                <Space wrap>
                  <span>
                    {a.likelihood}×{a.severity}={a.score}
                  </span>
                  <RiskLevelTag level={a.level} testId="risk-assessment-level" />
                  {a.residualLevel && (
                    <Typography.Text type="secondary">
                      残余 {a.residualScore}（{a.residualLevel ? <RiskLevelTag level={a.residualLevel} testId="risk-assessment-residual" /> : null}）
                    </Typography.Text>
                  )}
                </Space>
                <div>{a.reason}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {a.by || '系统'} · {dateTime(a.at)}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      </Card>
      {can('edit') && <RiskFormDrawer open={editing} record={d} schoolId={d.schoolId} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />}
      {can('reassess') && <ReassessModal open={reassessing} detail={d} onClose={() => setReassessing(false)} />}
      {can('retire') && <RetireModal open={retiring} detail={d} onClose={() => setRetiring(false)} />}
    </div>
  );
}
