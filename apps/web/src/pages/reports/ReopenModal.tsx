import { useEffect } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { reportApi, useRefreshReports, type SubmissionDetailT } from '../../api/reports';
import { useFormSubmit } from '../../lib/useFormSubmit';

/** Reopening a locked period for one unit (重新开放): until a day (default three days on), with the reason on record. */
export type ReopenTarget = { typeId: string; period: string; periodLabel: string; unitId: string; unitName: string };

type Values = { reason: string; until?: Dayjs | null };

export function ReopenModal({ target, onClose }: { target: ReopenTarget | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const refresh = useRefreshReports();
  const f = useFormSubmit<Values, SubmissionDetailT>({
    form,
    submit: (v) =>
      reportApi.reopen(target!.typeId, { period: target!.period, unitId: target!.unitId, reason: v.reason.trim(), until: v.until ? v.until.format('YYYY-MM-DD') : undefined }),
    onSuccess: (d) => {
      refresh(d);
      void message.success(`已为${target!.unitName}重新开放${target!.periodLabel}`);
      onClose();
    },
  });
  useEffect(() => {
    if (target) {
      form.resetFields();
      f.setError(null);
    }
    // Only when another unit is picked.
  }, [target]);

  return (
    <Modal
      open={!!target}
      title={target ? `重新开放：${target.unitName} · ${target.periodLabel}` : '重新开放'}
      okText="重新开放"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => void f.submit()}
      confirmLoading={f.saving}
      okButtonProps={{ 'data-testid': 'reopen-ok' } as never}
    >
      {f.error && <Alert type="error" showIcon title={f.error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label="原因" rules={[{ required: true, whitespace: true, message: '请填写重新开放的原因' }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={500} showCount data-testid="reopen-reason" />
        </Form.Item>
        <Form.Item name="until" label="开放至（含当日，默认 3 天后）">
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
