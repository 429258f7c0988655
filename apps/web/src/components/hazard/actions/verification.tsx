// 提交验收 / 验收销号 / 退回整改: the rectifier hands in the fix, someone else checks it.
import { Form, Input } from 'antd';
import { HAZARD_ACTION_LABELS } from '@xiaoan/domain';
import { BeforeAfter } from '../BeforeAfter';
import { UploadField } from '../UploadField';
import { noInitialValues, type ActionForms, type FieldsProps } from './types';
import { fileIds, mustFill, requiredText, text } from './values';

function RequestVerificationFields({ record, onBusy }: FieldsProps) {
  return (
    <>
      <Form.Item name="evidenceIds" label="整改后照片 / 材料" rules={[{ required: true, type: 'array', min: 1, message: '请至少上传一张整改后照片或一份材料' }]}>
        <UploadField unitId={record.unitId} allow="any" onBusyChange={onBusy} />
      </Form.Item>
      <Form.Item name="note" label="整改情况说明" rules={mustFill('整改情况说明')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} placeholder="做了哪些整改、结果如何" />
      </Form.Item>
    </>
  );
}

function CloseFields({ detail, record, onBusy }: FieldsProps) {
  return (
    <>
      <BeforeAfter detail={detail} />
      <Form.Item name="comment" label="验收意见（可选）">
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} placeholder="如：经现场复查，整改到位" />
      </Form.Item>
      <Form.Item name="fileIds" label="验收照片 / 材料（可选）">
        <UploadField unitId={record.unitId} allow="any" onBusyChange={onBusy} />
      </Form.Item>
    </>
  );
}

function ReturnFields({ detail }: FieldsProps) {
  return (
    <>
      <BeforeAfter detail={detail} size={88} />
      <Form.Item name="reason" label="退回原因" rules={mustFill('退回原因')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={2000} placeholder="哪些方面没有整改到位" />
      </Form.Item>
    </>
  );
}

export const verificationForms: ActionForms<'request_verification' | 'close' | 'return'> = {
  request_verification: {
    label: HAZARD_ACTION_LABELS.request_verification,
    submitText: '提交验收',
    tone: 'primary',
    order: 3,
    rules: () => (
      <>
        必须上传<b>至少一张整改后照片或一份材料</b>，并写明<b>整改情况说明</b>。提交后由他人验收：您将成为本次整改的整改人，不能验收自己提交的整改。
      </>
    ),
    initialValues: noInitialValues,
    body: (v) => ({ evidenceIds: fileIds(v.evidenceIds) ?? [], note: requiredText(v.note) }),
    Fields: RequestVerificationFields,
  },
  close: {
    label: HAZARD_ACTION_LABELS.close,
    submitText: '验收通过，销号',
    tone: 'primary',
    order: 4,
    wide: true,
    rules: ({ detail, record, userName }) => (
      <>
        验收人必须是整改人以外的人
        {record.rectifiedBy ? `（本次整改人：${userName(record.rectifiedBy.userId)}）` : ''}。
        {record.grade === 'general' && !detail.hazard.listed ? '' : '重大隐患和挂牌督办隐患须由督查组或教育局验收。'}
        销号后隐患不能再修改{detail.hazard.listed ? '，挂牌督办同时解除' : ''}。可补充验收照片或材料。
      </>
    ),
    initialValues: noInitialValues,
    body: (v) => ({ comment: text(v.comment), fileIds: fileIds(v.fileIds) }),
    Fields: CloseFields,
  },
  return: {
    label: HAZARD_ACTION_LABELS.return,
    submitText: '退回整改',
    tone: 'danger',
    order: 9,
    rules: ({ record }) =>
      record.registeredAt
        ? '整改未达到要求时退回，学校须重新整改后再次提交验收。请写明退回原因。'
        : '立行立改未通过验收：退回后隐患回到“已上报”，学校须按整改五落实登记后限期整改。请写明退回原因。',
    initialValues: noInitialValues,
    body: (v) => ({ reason: requiredText(v.reason) }),
    Fields: ReturnFields,
  },
};
