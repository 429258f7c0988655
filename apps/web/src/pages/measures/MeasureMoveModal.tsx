import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { MEASURE_STATUS_LABELS, moveNeedsDocument, type MeasureStatus } from '@xiaoan/domain';
import { errorMessage } from '../../api/client';
import { measureApi, type MeasureDetailT } from '../../api/measures';
import { keys } from '../../api/keys';
import { DayPicker } from '../../components/DayPicker';
import { ACCEPT_FILES, checkFile, uploadFile } from '../../lib/upload';
import { useVersionedSave } from '../../lib/useVersionedSave';

type Values = { to: MeasureStatus; adoptedOn: string; note: string };

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** A status move; to 已建立 / 已修订 with the adopted document (uploaded here through /api/files) and its date. */
export function MeasureMoveModal({ detail, open, onClose }: { detail: MeasureDetailT; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const to = Form.useWatch('to', form);
  const [doc, setDoc] = useState<{ id: string; name: string } | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const needsDoc = !!to && moveNeedsDocument(to);
  const { submit, saving, error } = useVersionedSave<MeasureDetailT['measure'], Values, MeasureDetailT>({
    form,
    record: detail.measure,
    save: (base, v) =>
      measureApi.move(base!.id, {
        version: base!.version,
        to: v.to,
        note: v.note ?? '',
        ...(moveNeedsDocument(v.to) ? { adoptedOn: v.adoptedOn || null, documentFileId: doc?.id ?? null } : {}),
      }),
    refresh: [keys.measures.all],
    staleMessage: '该制度措施已被他人修改，请刷新后重试',
    onSuccess: async (d) => {
      qc.setQueryData(keys.measures.detail(d.measure.id), d);
      await qc.invalidateQueries({ queryKey: keys.measures.all });
      setDoc(null);
      onClose();
    },
  });
  const pick = async (file: File | undefined) => {
    if (!file) return;
    const problem = checkFile(file, 'any');
    if (problem) return setUploadError(problem);
    setUploadError(null);
    setUploading(true);
    try {
      const ref = await uploadFile(file, { unitId: detail.measure.schoolId });
      setDoc({ id: ref.id, name: ref.originalName });
    } catch (e) {
      setUploadError(errorMessage(e));
    } finally {
      setUploading(false);
    }
  };
  return (
    <Modal
      open={open}
      title="变更状态"
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving || uploading} onClick={() => void submit()} data-testid="measure-move-save">
            确定
          </Button>
        </Space>
      }
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ to: detail.moves[0], adoptedOn: today(), note: '' }} data-testid="measure-move-form">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="measure-move-error" />}
        <Form.Item name="to" label="改为" rules={[{ required: true, message: '请选择状态' }]}>
          <Select options={detail.moves.map((s) => ({ value: s, label: MEASURE_STATUS_LABELS[s] }))} data-testid="measure-move-to" />
        </Form.Item>
        {needsDoc && (
          <>
            <Form.Item name="adoptedOn" label="印发（建立）日期" rules={[{ required: true, message: '请选择印发日期' }]}>
              <DayPicker style={{ width: '100%' }} aria-label="印发（建立）日期" />
            </Form.Item>
            <Form.Item label="制度文件" required htmlFor="measure-doc-input" help={uploadError ?? (uploading ? '正在上传…' : doc ? undefined : '上传印发的制度文件（PDF 或照片）')} validateStatus={uploadError ? 'error' : undefined}>
              <input id="measure-doc-input" type="file" accept={ACCEPT_FILES} onChange={(e) => void pick(e.target.files?.[0])} data-testid="measure-doc-input" />
              {doc && (
                <Typography.Text style={{ display: 'block', marginTop: 4 }} data-testid="measure-doc-name">
                  已上传：{doc.name}
                </Typography.Text>
              )}
            </Form.Item>
          </>
        )}
        <Form.Item name="note" label="说明">
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} placeholder="如：经校务会审议通过" data-testid="measure-move-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
