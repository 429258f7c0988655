import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Modal } from 'antd';
import { ApiError, errorMessage } from '../../api/client';
import { hazardDetailKey } from '../../api/hazards';
import { postHazardAction } from '../../api/hazardActions';
import { keys } from '../../api/keys';
import type { HazardActionBody, HazardDetail } from '../../api/types';
import { applyFieldErrors, validated } from '../../lib/forms';
import { useIsMobile } from '../../lib/useIsMobile';
import { actionForm, type DetailAction } from './actions/registry';
import type { ActionCtx, FormValues } from './actions/types';
import { ownChanges } from './actions/values';
import { FormErrorAlert, type FormErrorState } from './formParts';

/**
 * One action on a hazard: the rules first, then the form; submits with the version that
 * was read. What each action shows and sends is its entry in the action-form registry.
 */
export function HazardActionModal({
  action,
  detail,
  onClose,
  userName,
}: {
  action: DetailAction | null;
  detail: HazardDetail;
  onClose: () => void;
  userName: ActionCtx['userName'];
}) {
  const isMobile = useIsMobile();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormErrorState | null>(null);
  const record = detail.record;
  const ctx = useMemo<ActionCtx>(() => ({ detail, record, userName }), [detail, record, userName]);
  const entry = action ? actionForm(action) : null;
  const stillAllowed = !!action && detail.allowedActions.includes(action);

  useEffect(() => {
    if (action) {
      setError(null);
      setBusy(false);
    }
  }, [action]);

  const submit = async () => {
    if (!action || !entry) return;
    const values = await validated(form);
    if (!values) return;
    const body = entry.body(values, record);
    if (entry.changesOnly && Object.keys(body).length === 0) {
      message.info('没有改动');
      onClose();
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const id = detail.hazard.id;
      const res = await postHazardAction(id, action, { version: detail.hazard.version, ...body } as HazardActionBody<typeof action>);
      qc.setQueryData(hazardDetailKey(id), res);
      void qc.invalidateQueries({ queryKey: keys.hazards.lists() });
      void qc.invalidateQueries({ queryKey: keys.home.all });
      void qc.invalidateQueries({ queryKey: keys.notifications.all });
      // Says who acts next, so nobody wonders what happens now (the domain's nextActor).
      message.success(`${entry.label}：已完成。${res.nextStep.text}`, 6);
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        // Someone acted first (or the state moved on): show the hazard as it is now. A form that
        // sends only changes keeps this user's own on top of the fresh record, so it cannot undo theirs.
        const key = hazardDetailKey(detail.hazard.id);
        const mine = entry.changesOnly ? ownChanges(entry.initialValues(record), values) : null;
        await qc.refetchQueries({ queryKey: key });
        const fresh = qc.getQueryData<HazardDetail>(key);
        if (mine && fresh) form.setFieldsValue({ ...entry.initialValues(fresh.record), ...mine });
        setError({
          title: e.isStale
            ? '这条隐患刚被他人修改，页面已刷新为最新内容。' + (mine ? '表单保留了您的修改，请核对后再次提交。' : '请核对后再操作。')
            : `${e.message}。页面已刷新为最新内容，请核对后再操作。`,
        });
      } else {
        // Reasons go under their inputs; any the form cannot place are listed in the alert.
        const { shown, rest } = applyFieldErrors(form, e);
        setError({ title: shown && rest.length ? '还有以下问题：' : errorMessage(e), list: rest });
      }
    } finally {
      setSaving(false);
    }
  };

  const rules = entry ? entry.rules(ctx) : null;
  const Fields = entry?.Fields;

  return (
    <Modal
      title={`${entry?.label ?? ''} · ${detail.hazard.title}`}
      open={!!action}
      onCancel={onClose}
      width={isMobile ? '100%' : entry?.wide ? 760 : 600}
      style={isMobile ? { top: 0, maxWidth: '100vw', margin: 0, paddingBottom: 0 } : undefined}
      destroyOnHidden
      maskClosable={false}
      footer={
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8, flexWrap: 'wrap' }}>
          <Button onClick={onClose}>取消</Button>
          <Button
            type="primary"
            danger={entry?.tone === 'danger'}
            loading={saving}
            disabled={busy || !stillAllowed}
            onClick={() => void submit()}
            data-testid="hazard-form-submit"
          >
            {busy ? '文件上传中…' : (entry?.submitText ?? '提交')}
          </Button>
        </div>
      }
    >
      {entry && Fields && (
        <>
          {!stillAllowed && <Alert type="warning" showIcon title="隐患状态已变化，您现在不能执行此操作。" style={{ marginBottom: 12 }} />}
          {rules && <Alert type="info" showIcon title="提交前请注意" description={rules} style={{ marginBottom: 16 }} data-testid="hazard-form-rules" />}
          {error && (
            <FormErrorAlert error={error} style={{ marginBottom: 16 }} testId="hazard-form-error" />
          )}
          <Form form={form} layout="vertical" initialValues={entry.initialValues(record)} requiredMark scrollToFirstError>
            <Fields {...ctx} onBusy={setBusy} />
          </Form>
        </>
      )}
    </Modal>
  );
}
