import { useState } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { AlertOutlined } from '@ant-design/icons';
import { HAZARD_ACTION_ROLES, HAZARD_STATE_LABELS, type HazardState } from '@xiaoan/domain';
import { errorMessage } from '../../api/client';
import { inspectionApi } from '../../api/inspections';
import { useMe } from '../../auth/session';
import { CommitmentsFields, FormErrorAlert, type FormErrorState } from '../../components/hazard/formParts';
import { FileGallery } from '../../components/hazard/FileGallery';
import { commitmentsBody, text } from '../../components/hazard/actions/values';
import { applyFieldErrors, validated } from '../../lib/forms';
import { useIsMobile } from '../../lib/useIsMobile';
import { uuid } from '../../lib/uuid';
import { keys } from '../../api/keys';

type Raised = { id: string; title: string; state?: string; nextStep?: string };
type Values = Record<string, unknown> & { title?: string; major?: boolean; register?: boolean };

/**
 * 一键登记: a failed item becomes a ledger hazard in one step. The server brings in the
 * domain, point, description, inspection kind and photos (shown here); a school admin
 * fills in the five commitments right here and the hazard goes straight to 整改中; a
 * role that may only report (the policy table: 登记 is the school admin's) sends it as
 * 已上报, for the school admin to register.
 */
export function RaiseHazardButton({
  inspectionId,
  checklistVersionId,
  itemCode,
  itemText,
  hazard,
  onRaised,
  note,
  photoIds,
  foundAt,
}: {
  inspectionId: string;
  checklistVersionId: string;
  itemCode: string;
  itemText: string;
  hazard: { id: string; title: string; state?: string } | null;
  onRaised?: (hazardId: string) => void;
  /** The item's note and photos as checked: shown as what the hazard brings in. */
  note?: string;
  photoIds?: readonly string[];
  /** The check's date (the hazard's 发现日期): the earliest due date. */
  foundAt?: string;
}) {
  const me = useMe();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormErrorState | null>(null);
  const [key] = useState(uuid);
  const [raised, setRaised] = useState<Raised | null>(hazard);
  const canRegister = HAZARD_ACTION_ROLES.register.includes(me.role);
  const major = Form.useWatch('major', form) === true;
  const withRegister = Form.useWatch('register', form) !== false;

  if (raised) {
    const state = raised.state && raised.state in HAZARD_STATE_LABELS ? HAZARD_STATE_LABELS[raised.state as HazardState] : null;
    return (
      <div>
        <Link to={`/hazards/${raised.id}`} data-testid={`hazard-link-${itemCode}`}>
          已登记隐患：{raised.title}
          {state ? `（${state}）` : ''}
        </Link>
        {raised.nextStep && (
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }} data-testid={`hazard-next-${itemCode}`}>
            {raised.nextStep}
          </Typography.Paragraph>
        )}
      </div>
    );
  }

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    // The same commitments body as the detail page's 登记 (its action form builds it).
    const register = canRegister && v.register !== false ? commitmentsBody(v) : undefined;
    setBusy(true);
    setError(null);
    try {
      const h = await inspectionApi.raiseHazard(
        inspectionId,
        { checklistVersionId, itemCode, title: v.title?.trim() || undefined, grade: v.major ? 'major' : 'general', ...(register ? { register } : {}) },
        key,
      );
      setRaised({ id: h.hazard.id, title: h.hazard.title, state: h.hazard.state, nextStep: h.nextStep.text });
      setOpen(false);
      void qc.invalidateQueries({ queryKey: keys.hazards.all });
      void qc.invalidateQueries({ queryKey: keys.inspections.all });
      void qc.invalidateQueries({ queryKey: keys.home.all });
      message.success(`${register ? '已登记，进入整改' : '已上报为隐患'}。${h.nextStep.text}`);
      onRaised?.(h.hazard.id);
    } catch (e) {
      const { shown, rest } = applyFieldErrors(form, e);
      setError({ title: shown && rest.length ? '还有以下问题：' : errorMessage(e), list: rest });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button danger icon={<AlertOutlined />} onClick={() => setOpen(true)} data-testid={`raise-${itemCode}`}>
        登记为隐患
      </Button>
      <Modal
        open={open}
        title={`登记为隐患 · ${itemText}`}
        okText={canRegister && withRegister ? '登记并开始整改' : '上报隐患'}
        cancelText="取消"
        onOk={() => void submit()}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        width={isMobile ? '100%' : canRegister ? 760 : 560}
        style={isMobile ? { top: 0, maxWidth: '100vw', margin: 0, paddingBottom: 0 } : undefined}
        maskClosable={false}
        okButtonProps={{ 'data-testid': 'raise-confirm' } as never}
      >
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="将自动带入"
          description={
            <>
              隐患类别（检查表所属类别）、点位与位置、检查方式、发现日期和检查人，并与本次检查记录相互关联。
              <div style={{ marginTop: 6 }}>
                问题说明：{itemText}不合格{note ? `。${note}` : ''}
              </div>
              {photoIds && photoIds.length > 0 && (
                <div style={{ marginTop: 6 }}>
                  <div>现场照片（整改前）：</div>
                  <FileGallery ids={photoIds} files={new Map()} size={64} />
                </div>
              )}
            </>
          }
        />
        {error && (
          <FormErrorAlert error={error} style={{ marginBottom: 12 }} testId="raise-error" />
        )}
        <Form form={form} layout="vertical" initialValues={{ register: true, major: false }} requiredMark scrollToFirstError>
          <Form.Item name="title" label="一句话标题（可选）" extra={`默认“${itemText}不合格”`}>
            <Input maxLength={200} placeholder={`${itemText}不合格`} />
          </Form.Item>
          <Form.Item name="major" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox>可能是重大隐患</Checkbox>
          </Form.Item>
          {canRegister ? (
            <>
              <Form.Item name="register" valuePropName="checked" style={{ marginBottom: 8 }}>
                <Checkbox data-testid="raise-with-register">同时登记（整改五落实），登记后即进入“整改中”</Checkbox>
              </Form.Item>
              {withRegister && (
                <div data-testid="raise-commitments">
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                    整改五落实缺一不可：责任人、整改措施、整改资金（无需资金填 0）、整改时限、应急预案
                    {major ? '；重大隐患还须填写临时管控措施和专人盯防' : ''}。
                  </Typography.Paragraph>
                  <CommitmentsFields major={major} foundAt={foundAt} />
                </div>
              )}
            </>
          ) : (
            <Typography.Paragraph type="secondary" data-testid="raise-report-only">
              您上报后，由学校安全管理员登记（落实整改五落实）。
            </Typography.Paragraph>
          )}
        </Form>
      </Modal>
    </>
  );
}
