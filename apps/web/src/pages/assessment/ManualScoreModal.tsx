import { Alert, Form, Input, InputNumber, Modal } from 'antd';
import { assessmentApi, useRefreshAssessment, type IndicatorScoreT, type ManualScoreBodyT } from '../../api/assessment';
import { useFormSubmit } from '../../lib/useFormSubmit';

type Values = { points: number; reason: string; evidence?: string };

/** The bureau's score of a manual item for one school: points within the weight and a required reason (加分/扣分). */
export function ManualScoreModal(p: { schemeId: string; schoolId: string; schoolName: string; score: IndicatorScoreT; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const refresh = useRefreshAssessment();
  const { submit, saving, error } = useFormSubmit<Values>({
    form,
    submit: (v) => {
      const body: ManualScoreBodyT = { schoolId: p.schoolId, indicatorKey: p.score.key, points: v.points, reason: v.reason ?? '', evidence: v.evidence ?? '' };
      return assessmentApi.manualScore(p.schemeId, body);
    },
    onSuccess: () => {
      refresh();
      p.onClose();
    },
  });
  return (
    <Modal open title={`${p.schoolName}：${p.score.name}`} okText="保存评分" cancelText="取消" onOk={() => void submit()} confirmLoading={saving} onCancel={p.onClose} destroyOnHidden>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ points: p.score.pending ? undefined : p.score.points, reason: p.score.evidence.reason ?? '', evidence: p.score.evidence.evidenceText ?? '' }}
      >
        <Form.Item name="points" label={`得分（0–${p.score.weight} 分）`} rules={[{ required: true, message: '请填写得分' }]}>
          <InputNumber min={0} max={p.score.weight} step={0.5} style={{ width: '100%' }} data-testid="manual-points" />
        </Form.Item>
        <Form.Item name="reason" label="加分或扣分理由" rules={[{ required: true, whitespace: true, message: '请填写加分或扣分的理由' }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder="如：秋季学期未组织疏散演练，扣 4 分" data-testid="manual-reason" />
        </Form.Item>
        <Form.Item name="evidence" label="佐证材料说明">
          <Input.TextArea rows={2} maxLength={2000} placeholder="如：演练方案、签到表、照片" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
