// 逾期说明 / 延期申请 / 同意延期 / 不同意延期: what happens around the due date.
import { Alert, Descriptions, Form, Input } from 'antd';
import { HAZARD_ACTION_LABELS, pendingExtension } from '@xiaoan/domain';
import { todayYmd } from '../../../lib/hazard';
import { DateInput, dateItem, MilestonesList } from '../formParts';
import { noInitialValues, type ActionForms, type FieldsProps } from './types';
import { date, milestones, mustFill, requiredText, text } from './values';

function OverdueFields({ record }: FieldsProps) {
  return (
    <>
      <Form.Item name="reason" label="逾期原因" rules={mustFill('逾期原因')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
      </Form.Item>
      <MilestonesList min={todayYmd()} label={record.state === 'pending_verification' ? '新的整改计划（可选）' : '新的整改计划'} />
    </>
  );
}

function RequestExtensionFields({ record }: FieldsProps) {
  const today = todayYmd();
  return (
    <>
      <Form.Item name="requestedDueDate" label="申请延期至" rules={[{ required: true, message: '请选择新的整改时限' }]} {...dateItem}>
        <DateInput min={record.dueDate && record.dueDate >= today ? record.dueDate : today} />
      </Form.Item>
      <Form.Item name="reason" label="延期理由" rules={mustFill('延期理由')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
      </Form.Item>
    </>
  );
}

/** The request being decided, above either decision's inputs. */
function PendingExtension({ record, userName }: FieldsProps) {
  const pending = pendingExtension(record);
  return pending ? (
    <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
      <Descriptions.Item label="当前时限">{pending.previousDueDate}</Descriptions.Item>
      <Descriptions.Item label="申请延期至">{pending.requestedDueDate}</Descriptions.Item>
      <Descriptions.Item label="理由">
        <span className="xa-pre">{pending.reason}</span>
      </Descriptions.Item>
      <Descriptions.Item label="申请人">{userName(pending.requestedBy.userId)}</Descriptions.Item>
    </Descriptions>
  ) : (
    <Alert type="warning" showIcon title="没有待审批的延期申请" style={{ marginBottom: 16 }} />
  );
}

function ApproveExtensionFields(props: FieldsProps) {
  return (
    <>
      <PendingExtension {...props} />
      <Form.Item name="newDueDate" label="新的整改时限" extra="默认为申请的日期，可调整" {...dateItem}>
        <DateInput min={todayYmd()} />
      </Form.Item>
      <Form.Item name="comment" label="审批意见（可选）">
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
    </>
  );
}

function RejectExtensionFields(props: FieldsProps) {
  return (
    <>
      <PendingExtension {...props} />
      <Form.Item name="reason" label="不同意的理由" rules={mustFill('不同意的理由')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
    </>
  );
}

export const deadlineForms: ActionForms<'file_overdue_explanation' | 'request_extension' | 'approve_extension' | 'reject_extension'> = {
  file_overdue_explanation: {
    label: HAZARD_ACTION_LABELS.file_overdue_explanation,
    submitText: '提交逾期说明',
    // Once the explanation is required it is the school's next step.
    tone: (detail) => (detail.overdueExplanationRequired ? 'primary' : 'default'),
    order: 5,
    rules: ({ record }) => (
      <>
        隐患已超过整改时限 {record.dueDate}，请说明<b>逾期原因</b>
        {record.state === 'pending_verification' ? '。' : <>，并填写<b>新的整改计划</b>（节点日期不早于今天；新计划替换原计划，原计划保留在记录中）。</>}
        整改时限本身只能通过延期申请变更。
      </>
    ),
    initialValues: noInitialValues,
    body: (v) => ({ reason: requiredText(v.reason), plan: milestones(v.plan) }),
    Fields: OverdueFields,
  },
  request_extension: {
    label: HAZARD_ACTION_LABELS.request_extension,
    submitText: '提交延期申请',
    tone: 'default',
    order: 8,
    rules: ({ record }) => `当前整改时限 ${record.dueDate ?? '—'}。申请的新时限须晚于当前时限且不早于今天；审批前不能再次申请。`,
    initialValues: noInitialValues,
    body: (v) => ({ requestedDueDate: date(v.requestedDueDate) ?? '', reason: requiredText(v.reason) }),
    Fields: RequestExtensionFields,
  },
  approve_extension: {
    label: HAZARD_ACTION_LABELS.approve_extension,
    submitText: '同意延期',
    tone: 'primary',
    order: 6,
    rules: () => null,
    initialValues: (r) => ({ newDueDate: pendingExtension(r)?.requestedDueDate }),
    body: (v) => ({ newDueDate: date(v.newDueDate), comment: text(v.comment) }),
    Fields: ApproveExtensionFields,
  },
  reject_extension: {
    label: HAZARD_ACTION_LABELS.reject_extension,
    submitText: '不同意延期',
    tone: 'danger',
    order: 10,
    rules: () => null,
    initialValues: noInitialValues,
    body: (v) => ({ reason: requiredText(v.reason) }),
    Fields: RejectExtensionFields,
  },
};
