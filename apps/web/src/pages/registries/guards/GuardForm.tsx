import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, Drawer, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import {
  BACKGROUND_RESULT_LABELS,
  GUARD_CHECK_RESULTS,
  GUARD_EMPLOYMENT_LABELS,
  GUARD_EMPLOYMENTS,
  GUARD_POST_LABELS,
  GUARD_POSTS,
  GUARD_STATUS_LABELS,
  GUARD_STATUSES,
  REVIEW_RESULT_LABELS,
  type GuardCheckResult,
  type GuardEmployment,
  type GuardPost,
  type GuardStatus,
} from '@xiaoan/domain';
import { guardApi, type GuardDetailT, type GuardSummaryT } from '../../../api/guards';
import { keys } from '../../../api/keys';
import { DayPicker } from '../../../components/DayPicker';
import { useIsMobile } from '../../../lib/useIsMobile';
import { useVersionedSave } from '../../../lib/useVersionedSave';

type Values = {
  name: string;
  idNumber: string;
  phone: string;
  employment: GuardEmployment;
  post: GuardPost;
  certificateNo: string;
  certificateIssuedOn: string;
  certificateExpiresOn: string;
  backgroundCheckOn: string;
  backgroundCheckResult: GuardCheckResult;
  annualReviewYear: number | null;
  annualReviewResult: GuardCheckResult;
  status: GuardStatus;
  note: string;
};

const valuesOf = (g: GuardSummaryT | null): Partial<Values> =>
  g
    ? {
        name: g.name,
        idNumber: g.idNumber,
        phone: g.phone,
        employment: g.employment,
        post: g.post,
        certificateNo: g.certificateNo,
        certificateIssuedOn: g.certificateIssuedOn ?? '',
        certificateExpiresOn: g.certificateExpiresOn,
        backgroundCheckOn: g.backgroundCheckOn ?? '',
        backgroundCheckResult: g.backgroundCheckResult,
        annualReviewYear: g.annualReviewYear,
        annualReviewResult: g.annualReviewResult,
        status: g.status,
        note: g.note,
      }
    : { employment: 'full_time', post: 'gate', backgroundCheckResult: 'pending', annualReviewResult: 'pending', status: 'active', annualReviewYear: null };

const options = <K extends string>(values: readonly K[], labels: Record<K, string>) => values.map((v) => ({ value: v, label: labels[v] }));

/** Recording or editing a guard of the school (its admin only): real name, ID number, certificate, background check, annual review, post. */
export function GuardFormDrawer({ open, record, schoolId, onClose, onSaved }: { open: boolean; record: GuardSummaryT | null; schoolId?: string; onClose: () => void; onSaved: (d: GuardDetailT) => void }) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const isMobile = useIsMobile();
  useEffect(() => {
    if (open) form.setFieldsValue(valuesOf(record) as Values);
  }, [open, record, form]);
  const { submit, saving, error } = useVersionedSave<GuardSummaryT, Values, GuardDetailT>({
    form,
    record,
    save: (base, v) => {
      const fields = {
        name: v.name,
        idNumber: v.idNumber,
        phone: v.phone ?? '',
        employment: v.employment,
        post: v.post,
        certificateNo: v.certificateNo,
        certificateIssuedOn: v.certificateIssuedOn || null,
        certificateExpiresOn: v.certificateExpiresOn || null,
        backgroundCheckOn: v.backgroundCheckOn || null,
        backgroundCheckResult: v.backgroundCheckResult,
        annualReviewYear: v.annualReviewYear ?? null,
        annualReviewResult: v.annualReviewResult,
        status: v.status,
        note: v.note ?? '',
      };
      return base ? guardApi.update(base.id, { version: base.version, ...fields }) : guardApi.create({ schoolId, ...fields });
    },
    refresh: [keys.guards.all],
    staleMessage: '该保安员记录已被他人修改，请关闭后重新打开',
    onSuccess: async (d) => {
      qc.setQueryData(keys.guards.detail(d.guard.id), d);
      await qc.invalidateQueries({ queryKey: keys.guards.all });
      onSaved(d);
    },
  });
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={record ? '修改保安员信息' : '登记保安员'}
      size={isMobile ? '100%' : 600}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="guard-save">
            保存
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" initialValues={valuesOf(record)} data-testid="guard-form">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="guard-form-error" />}
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
              <Input maxLength={50} data-testid="guard-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="idNumber" label="身份证号" rules={[{ required: true, whitespace: true, message: '请填写身份证号' }]}>
              <Input maxLength={18} data-testid="guard-id-number" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="employment" label="专职 / 兼职" rules={[{ required: true, message: '请选择' }]}>
              <Select options={options(GUARD_EMPLOYMENTS, GUARD_EMPLOYMENT_LABELS)} aria-label="专职或兼职" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="post" label="岗位" rules={[{ required: true, message: '请选择岗位' }]}>
              <Select options={options(GUARD_POSTS, GUARD_POST_LABELS)} aria-label="岗位" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label="联系电话">
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="certificateNo" label="保安员证编号" rules={[{ required: true, whitespace: true, message: '请填写保安员证编号' }]}>
              <Input maxLength={50} data-testid="guard-certificate-no" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="certificateIssuedOn" label="发证日期">
              <DayPicker style={{ width: '100%' }} aria-label="发证日期" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="certificateExpiresOn" label="有效期至" rules={[{ required: true, message: '请选择有效期至' }]}>
              <DayPicker style={{ width: '100%' }} aria-label="保安员证有效期至" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="backgroundCheckResult" label="背景审查结果" rules={[{ required: true, message: '请选择' }]}>
              <Select options={options(GUARD_CHECK_RESULTS, BACKGROUND_RESULT_LABELS)} aria-label="背景审查结果" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="backgroundCheckOn" label="背景审查日期">
              <DayPicker style={{ width: '100%' }} aria-label="背景审查日期" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="annualReviewResult" label="年审结果" rules={[{ required: true, message: '请选择' }]}>
              <Select options={options(GUARD_CHECK_RESULTS, REVIEW_RESULT_LABELS)} aria-label="年审结果" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="annualReviewYear" label="年审年度">
              <InputNumber min={2000} max={2100} style={{ width: '100%' }} aria-label="年审年度" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="status" label="状态">
              <Select options={options(GUARD_STATUSES, GUARD_STATUS_LABELS)} aria-label="在岗状态" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="note" label="备注">
              <Input.TextArea autoSize={{ minRows: 2 }} maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
