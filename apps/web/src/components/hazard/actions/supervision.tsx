// 挂牌督办 / 摘牌 / 报请政府协调: what the bureau (and the school, for coordination) escalates.
import { Alert, Form, Input } from 'antd';
import { currentListing, HAZARD_ACTION_LABELS } from '@xiaoan/domain';
import { noInitialValues, type ActionForms, type FieldsProps } from './types';
import { mustFill, requiredText } from './values';

function ListFields({ record }: FieldsProps) {
  return (
    <>
      {currentListing(record) && <Alert type="warning" showIcon title="该隐患已在挂牌督办中" style={{ marginBottom: 12 }} />}
      <Form.Item name="reason" label="督办理由" rules={mustFill('督办理由')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={2000} placeholder="如：重大隐患，整改难度大，由局挂牌督办" />
      </Form.Item>
    </>
  );
}

function DelistFields() {
  return (
    <Form.Item name="reason" label="摘牌理由" rules={mustFill('摘牌理由')}>
      <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={2000} />
    </Form.Item>
  );
}

function EscalateFields() {
  return (
    <Form.Item name="note" label="需要协调的事项" rules={mustFill('需要协调的事项')}>
      <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
    </Form.Item>
  );
}

export const supervisionForms: ActionForms<'list' | 'delist' | 'escalate'> = {
  list: {
    label: HAZARD_ACTION_LABELS.list,
    submitText: '挂牌督办',
    tone: 'default',
    order: 13,
    rules: () => '挂牌督办的隐患在台账中醒目标示，由教育局跟踪督办；验收销号时自动摘牌。请写明督办理由。',
    initialValues: noInitialValues,
    body: (v) => ({ reason: requiredText(v.reason) }),
    Fields: ListFields,
  },
  delist: {
    label: HAZARD_ACTION_LABELS.delist,
    submitText: '摘牌',
    tone: 'danger',
    order: 14,
    rules: () => '摘牌后不再列为挂牌督办隐患（记录保留）。请写明摘牌理由。',
    initialValues: noInitialValues,
    body: (v) => ({ reason: requiredText(v.reason) }),
    Fields: DelistFields,
  },
  escalate: {
    label: HAZARD_ACTION_LABELS.escalate,
    submitText: '报请协调',
    tone: 'default',
    order: 15,
    rules: () => '学校自身无法解决、需要地方政府协调的隐患（如周边道路、用地、产权问题），请写明需要协调的事项。',
    initialValues: noInitialValues,
    body: (v) => ({ note: requiredText(v.note) }),
    Fields: EscalateFields,
  },
};
