import { useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  DEFAULT_RISK_MATRIX,
  HAZARD_DOMAIN_LABELS,
  HAZARD_DOMAINS,
  RISK_TIER_LABELS,
  RISK_TIERS,
  assessRisk,
  type RiskMatrixRanges,
  type RiskTier,
} from '@xiaoan/domain';
import { riskApi, useRiskMatrix, type RiskDetailT } from '../../api/risks';
import { inspectionApi } from '../../api/inspections';
import { keys } from '../../api/keys';
import { fileUrl } from '../../api/files';
import { errorMessage } from '../../api/client';
import { DayPicker } from '../../components/DayPicker';
import { useIsMobile } from '../../lib/useIsMobile';
import { useVersionedSave } from '../../lib/useVersionedSave';
import { checkFile, uploadFile } from '../../lib/upload';
import { LIKELIHOOD_LABELS, RiskLevelTag, SEVERITY_LABELS } from './riskUi';

type Measure = { description: string; tier: RiskTier; department: string; person: string };

export type RiskFormValues = {
  pointId: string | null;
  name: string;
  description: string;
  domain: string;
  consequences: string;
  likelihood?: number;
  severity?: number;
  residualLikelihood?: number | null;
  residualSeverity?: number | null;
  measures: Measure[];
  responsePlan: string;
  emergencyPlanTitle: string;
  emergencyPlanFileId: string | null;
  reviewOn: string;
  reason?: string;
};

const factorOptions = (labels: Record<number, string>) => [1, 2, 3, 4, 5].map((n) => ({ value: n, label: `${n} ${labels[n]}` }));

/** The live L×S result under the bureau's matrix: score, level and colour as the server will store them. */
export function ScorePreview({ l, s, matrix, testId }: { l?: number | null; s?: number | null; matrix: RiskMatrixRanges; testId: string }) {
  if (!l || !s) return <Typography.Text type="secondary">选择可能性和严重性后显示分值与等级</Typography.Text>;
  const a = assessRisk(l, s, matrix);
  return (
    <Space data-testid={testId} aria-live="polite">
      <Typography.Text>
        {l} × {s} = <strong>{a.score}</strong>
      </Typography.Text>
      <RiskLevelTag level={a.level} testId={`${testId}-level`} />
    </Space>
  );
}

/** An uploaded emergency plan (PDF or photo) through the files feature: its id in the form. */
function PlanFile({ value, onChange, schoolId }: { value?: string | null; onChange?: (v: string | null) => void; schoolId?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const pick = async (f: File | undefined) => {
    if (!f) return;
    const bad = checkFile(f, 'any');
    if (bad) return setErr(bad);
    setBusy(true);
    setErr(null);
    try {
      const ref = await uploadFile(f, { unitId: schoolId });
      onChange?.(ref.id);
    } catch (e) {
      setErr(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <input ref={input} type="file" accept="application/pdf,.pdf,image/*" hidden aria-label="选择预案文件" onChange={(e) => void pick(e.target.files?.[0])} />
      <Space wrap>
        <Button icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()}>
          {value ? '更换预案文件' : '上传预案文件（PDF，可选）'}
        </Button>
        {value && (
          <>
            <a href={fileUrl(value)} target="_blank" rel="noreferrer">
              已上传的预案文件
            </a>
            <Button size="small" type="link" onClick={() => onChange?.(null)}>
              移除
            </Button>
          </>
        )}
      </Space>
      {err && <Typography.Text type="danger">{err}</Typography.Text>}
    </div>
  );
}

const toBody = (v: RiskFormValues) => ({
  pointId: v.pointId ?? null,
  name: v.name ?? '',
  description: v.description ?? '',
  domain: v.domain as (typeof HAZARD_DOMAINS)[number],
  consequences: v.consequences ?? '',
  likelihood: v.likelihood ?? 0,
  severity: v.severity ?? 0,
  residualLikelihood: v.residualLikelihood ?? null,
  residualSeverity: v.residualSeverity ?? null,
  measures: (v.measures ?? []).map((m) => ({ description: m.description ?? '', tier: m.tier ?? 'school', department: m.department ?? '', person: m.person ?? '' })),
  responsePlan: v.responsePlan ?? '',
  emergencyPlan: v.emergencyPlanTitle?.trim() ? { title: v.emergencyPlanTitle.trim(), fileId: v.emergencyPlanFileId ?? null } : null,
  reviewOn: v.reviewOn || null,
});

/** Assessing a new risk of the school (no `record`) or editing one: point, domain, L×S with the live level, measures, residual risk, plans, review date. */
export function RiskFormDrawer({ open, record, schoolId, onClose, onSaved }: { open: boolean; record: RiskDetailT | null; schoolId: string | undefined; onClose: () => void; onSaved: (d: RiskDetailT) => void }) {
  const [form] = Form.useForm<RiskFormValues>();
  const qc = useQueryClient();
  const mobile = useIsMobile();
  const matrix = useRiskMatrix(open);
  const ranges = matrix.data?.ranges ?? DEFAULT_RISK_MATRIX;
  const sid = record?.schoolId ?? schoolId;
  const points = useQuery({ queryKey: keys.points.list({ schoolId: sid }), queryFn: ({ signal }) => inspectionApi.points({ schoolId: sid }, signal), enabled: open && !!sid });
  const l = Form.useWatch('likelihood', form);
  const s = Form.useWatch('severity', form);
  const rl = Form.useWatch('residualLikelihood', form);
  const rs = Form.useWatch('residualSeverity', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (record) {
      form.setFieldsValue({
        pointId: record.pointId,
        name: record.name,
        description: record.description,
        domain: record.domain,
        consequences: record.consequences,
        likelihood: record.likelihood,
        severity: record.severity,
        residualLikelihood: record.residualLikelihood,
        residualSeverity: record.residualSeverity,
        measures: record.measures.map((m) => ({ description: m.description, tier: m.tier, department: m.department, person: m.person })),
        responsePlan: record.responsePlan,
        emergencyPlanTitle: record.emergencyPlan?.title ?? '',
        emergencyPlanFileId: record.emergencyPlan?.fileId ?? null,
        reviewOn: record.reviewOn ?? '',
      });
    } else {
      form.setFieldsValue({ pointId: null, measures: [{ description: '', tier: 'school', department: '', person: '' }], emergencyPlanFileId: null, reviewOn: '' });
    }
  }, [open, record, form]);

  const { submit, saving, error } = useVersionedSave<RiskDetailT, RiskFormValues, RiskDetailT>({
    form,
    record,
    save: (base, v) => (base ? riskApi.update(base.id, { ...toBody(v), version: base.version, reason: v.reason?.trim() || undefined }) : riskApi.create({ ...toBody(v), schoolId: sid })),
    refresh: [keys.risks.all],
    staleMessage: '该风险已被他人修改（或因分级阈值调整重新定级），请关闭后重新打开再改',
    fieldMap: { 'emergencyPlan.title': 'emergencyPlanTitle', 'emergencyPlan.fileId': 'emergencyPlanFileId' },
    onSuccess: async (d) => {
      qc.setQueryData(keys.risks.detail(d.id), d);
      await qc.invalidateQueries({ queryKey: keys.risks.lists() });
      onSaved(d);
    },
  });

  const pointOptions = [{ value: null as string | null, label: '全校（不对应具体点位）' }, ...(points.data?.items ?? []).map((p) => ({ value: p.id as string | null, label: p.name }))];

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={record ? '修改风险' : '辨识评估风险'}
      size={mobile ? '100%' : 680}
      destroyOnHidden
      extra={
        <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="risk-save">
          保存
        </Button>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="risk-form-error" />}
      <Form form={form} layout="vertical" data-testid="risk-form">
        <Form.Item name="pointId" label="检查点位" htmlFor="risk-point">
          <Select id="risk-point" aria-label="检查点位" options={pointOptions} loading={points.isPending && !!sid} showSearch optionFilterProp="label" data-testid="risk-point" />
        </Form.Item>
        <Form.Item name="name" label="风险名称" htmlFor="risk-name" rules={[{ required: true, whitespace: true, message: '请填写风险名称' }]}>
          <Input id="risk-name" maxLength={100} placeholder="如：食堂食物中毒" data-testid="risk-name" />
        </Form.Item>
        <Form.Item name="description" label="风险表述" htmlFor="risk-description" rules={[{ required: true, whitespace: true, message: '请填写风险表述' }]}>
          <Input.TextArea id="risk-description" autoSize={{ minRows: 2 }} maxLength={2000} placeholder="在什么场所、什么环节、因为什么可能发生什么" data-testid="risk-description" />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item name="domain" label="风险类别" htmlFor="risk-domain" rules={[{ required: true, message: '请选择风险类别' }]} style={{ flex: '1 1 200px' }}>
            <Select id="risk-domain" aria-label="风险类别" options={HAZARD_DOMAINS.map((d) => ({ value: d, label: HAZARD_DOMAIN_LABELS[d] }))} data-testid="risk-domain" />
          </Form.Item>
          <Form.Item name="reviewOn" label="复评日期" htmlFor="risk-review-on" style={{ flex: '1 1 200px' }}>
            <DayPicker id="risk-review-on" aria-label="复评日期" style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="consequences" label="可能导致的后果" htmlFor="risk-consequences">
          <Input.TextArea id="risk-consequences" autoSize={{ minRows: 1 }} maxLength={2000} placeholder="如：群体性食物中毒、人员伤亡" />
        </Form.Item>
        <Typography.Title level={2} style={{ fontSize: 15 }}>
          风险评估（L × S）
        </Typography.Title>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item name="likelihood" label="可能性（L）" htmlFor="risk-likelihood" rules={[{ required: true, message: '请选择可能性' }]} style={{ flex: '1 1 160px' }}>
            <Select id="risk-likelihood" aria-label="可能性（L）" options={factorOptions(LIKELIHOOD_LABELS)} data-testid="risk-likelihood" />
          </Form.Item>
          <Form.Item name="severity" label="严重性（S）" htmlFor="risk-severity" rules={[{ required: true, message: '请选择严重性' }]} style={{ flex: '1 1 160px' }}>
            <Select id="risk-severity" aria-label="严重性（S）" options={factorOptions(SEVERITY_LABELS)} data-testid="risk-severity" />
          </Form.Item>
        </div>
        <div style={{ marginBottom: 16 }}>
          <ScorePreview l={l} s={s} matrix={ranges} testId="risk-score-preview" />
        </div>
        <Form.Item label="管控措施（化解措施）">
          <Form.List name="measures">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <div key={f.key} data-testid="risk-measure-row" style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 8, marginBottom: 8 }}>
                    <div style={{ display: 'flex', gap: 8 }}>
                      <Form.Item name={[f.name, 'description']} noStyle>
                        <Input.TextArea aria-label={`措施 ${i + 1} 内容`} autoSize={{ minRows: 1 }} maxLength={1000} placeholder={`措施 ${i + 1}`} data-testid={`risk-measure-${i}`} />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={`删除措施 ${i + 1}`} />
                    </div>
                    <div style={{ display: 'flex', gap: 8, marginTop: 8, flexWrap: 'wrap' }}>
                      <Form.Item name={[f.name, 'tier']} noStyle>
                        <Select aria-label={`措施 ${i + 1} 管控层级`} style={{ flex: '1 1 110px' }} options={RISK_TIERS.map((t) => ({ value: t, label: RISK_TIER_LABELS[t] }))} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'department']} noStyle>
                        <Input aria-label={`措施 ${i + 1} 责任部门`} style={{ flex: '1 1 120px' }} maxLength={100} placeholder="责任部门" />
                      </Form.Item>
                      <Form.Item name={[f.name, 'person']} noStyle>
                        <Input aria-label={`措施 ${i + 1} 责任人`} style={{ flex: '1 1 100px' }} maxLength={50} placeholder="责任人" />
                      </Form.Item>
                    </div>
                  </div>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ description: '', tier: 'department', department: '', person: '' })} block data-testid="risk-measure-add">
                  添加措施
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Typography.Title level={2} style={{ fontSize: 15 }}>
          残余风险（落实措施后，可选）
        </Typography.Title>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item name="residualLikelihood" label="残余可能性" htmlFor="risk-residual-l" style={{ flex: '1 1 160px' }}>
            <Select id="risk-residual-l" aria-label="残余可能性" allowClear options={factorOptions(LIKELIHOOD_LABELS)} />
          </Form.Item>
          <Form.Item name="residualSeverity" label="残余严重性" htmlFor="risk-residual-s" style={{ flex: '1 1 160px' }}>
            <Select id="risk-residual-s" aria-label="残余严重性" allowClear options={factorOptions(SEVERITY_LABELS)} />
          </Form.Item>
        </div>
        {rl && rs ? (
          <div style={{ marginBottom: 16 }}>
            <ScorePreview l={rl} s={rs} matrix={ranges} testId="risk-residual-preview" />
          </div>
        ) : null}
        <Form.Item name="responsePlan" label="管控方案（一风险一方案）" htmlFor="risk-plan">
          <Input.TextArea id="risk-plan" autoSize={{ minRows: 2 }} maxLength={4000} />
        </Form.Item>
        <Form.Item name="emergencyPlanTitle" label="应急预案（一方案一预案）" htmlFor="risk-emergency-title">
          <Input id="risk-emergency-title" maxLength={200} placeholder="预案名称，如：食物中毒应急预案" />
        </Form.Item>
        <Form.Item name="emergencyPlanFileId" label="预案文件">
          <PlanFile schoolId={sid} />
        </Form.Item>
        {record && (
          <Form.Item name="reason" label="调整评估的原因（L 或 S 有变化时记入评估记录）" htmlFor="risk-reason">
            <Input id="risk-reason" maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
