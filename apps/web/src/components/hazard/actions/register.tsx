// 登记 / 不予登记 / 开始整改: the steps that take a reported hazard into rectification. 登记 starts
// the rectification itself (the domain's HAZARD_FOLLOW_ONS); 开始整改 is left only for hazards
// registered before that, and is one click (no dialog: it asks for nothing).
import { Form, Input, Radio } from 'antd';
import { HAZARD_ACTION_LABELS, HAZARD_REJECTION_REASON_LABELS, HAZARD_REJECTION_REASONS } from '@xiaoan/domain';
import { CommitmentsFields } from '../formParts';
import { noInitialValues, type ActionBody, type ActionForms, type FieldsProps } from './types';
import { commitmentsBody, mustFill, requiredText, text } from './values';

function RegisterFields({ record }: FieldsProps) {
  return <CommitmentsFields major={record.grade === 'major'} foundAt={record.foundAt} />;
}

function RejectFields() {
  return (
    <>
      <Form.Item name="reason" label="原因" rules={[{ required: true, message: '请选择不予登记的原因' }]}>
        <Radio.Group options={HAZARD_REJECTION_REASONS.map((k) => ({ value: k, label: HAZARD_REJECTION_REASON_LABELS[k] }))} />
      </Form.Item>
      <Form.Item name="text" label="说明" rules={mustFill('说明')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={2000} placeholder="如：与 3 月 5 日上报的隐患重复" />
      </Form.Item>
    </>
  );
}

function NoFields() {
  return null;
}

export const registerForms: ActionForms<'register' | 'reject' | 'start_rectification'> = {
  register: {
    label: HAZARD_ACTION_LABELS.register,
    submitText: '确认登记',
    tone: 'primary',
    order: 1,
    wide: true,
    rules: ({ record }) => (
      <>
        整改五落实缺一不可：<b>责任人、整改措施、整改资金（无需资金填 0）、整改时限、应急预案</b>。
        {record.grade === 'major' ? (
          <>
            本隐患为<b>重大隐患</b>，还必须填写<b>临时管控措施</b>和<b>专人盯防</b>，并建议制定分步整改计划。
          </>
        ) : (
          '一时无法整改完成的，请同时填写临时管控措施。'
        )}
        整改时限不得早于发现日期（{record.foundAt}）
        {record.requiredDueDate ? <>，也不得晚于督查组规定的期限（<b>{record.requiredDueDate}</b>）</> : null}
        ，登记后只能通过延期申请变更。登记后隐患即进入<b>整改中</b>。
      </>
    ),
    // A team's finding comes with the team's deadline: the latest the school may choose.
    initialValues: (record) => (record.requiredDueDate ? { dueDate: record.requiredDueDate } : {}),
    body: (v) => commitmentsBody(v),
    Fields: RegisterFields,
  },
  reject: {
    label: HAZARD_ACTION_LABELS.reject,
    submitText: '确认不予登记',
    tone: 'danger',
    order: 11,
    rules: ({ record }) =>
      record.fixedOnSpot
        ? '请选择原因并说明理由。不予登记后隐患即关闭，不可恢复。'
        : '仅限重复上报或确不属于隐患的情况。请选择原因并说明理由；不予登记后隐患即关闭，不可恢复。',
    initialValues: noInitialValues,
    // The radio group offers only the contract's reasons.
    body: (v) => ({ reason: v.reason as ActionBody<'reject'>['reason'], text: requiredText(v.text) }),
    Fields: RejectFields,
  },
  start_rectification: {
    label: HAZARD_ACTION_LABELS.start_rectification,
    submitText: '开始整改',
    tone: 'primary',
    order: 2,
    direct: true,
    rules: () => null,
    initialValues: noInitialValues,
    body: () => ({}),
    Fields: NoFields,
  },
};
