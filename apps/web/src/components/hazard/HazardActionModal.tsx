import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Descriptions, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import {
  currentListing,
  HAZARD_DOMAIN_LABELS,
  HAZARD_DOMAINS,
  HAZARD_GRADE_LABELS,
  HAZARD_GRADES,
  HAZARD_REJECTION_REASON_LABELS,
  HAZARD_REJECTION_REASONS,
  HAZARD_SOURCE_LABELS,
  HAZARD_SOURCES,
  pendingExtension,
  type Hazard,
} from '@xiaoan/domain';
import { ApiError, errorMessage } from '../../api/client';
import { hazardDetailKey } from '../../api/hazards';
import { postHazardAction } from '../../api/hazardActions';
import type { HazardActionBody, HazardDetail, HazardRouteAction } from '../../api/types';
import { actionLabel, todayYmd } from '../../lib/hazard';
import { validated } from '../../lib/forms';
import { useIsMobile } from '../../lib/useIsMobile';
import { applyFieldErrors, CommitmentsFields, DateInput, dateItem, fundsString, MilestonesList, milestones, text } from './formParts';
import { UploadField } from './UploadField';

type Values = Record<string, unknown>;
type Ctx = { detail: HazardDetail; record: Hazard; userName: (id: string | undefined | null) => string };

const req = (label: string) => [{ required: true, whitespace: true, message: `请填写${label}` }];

/** What the rules require, shown before the user fills the form. */
function rulesFor(action: HazardRouteAction, { detail, record, userName }: Ctx): React.ReactNode {
  const major = record.grade === 'major';
  switch (action) {
    case 'register':
      return (
        <>
          整改五落实缺一不可：<b>责任人、整改措施、整改资金（无需资金填 0）、整改时限、应急预案</b>。
          {major ? (
            <>
              本隐患为<b>重大隐患</b>，还必须填写<b>临时管控措施</b>和<b>专人盯防</b>，并建议制定分步整改计划。
            </>
          ) : (
            '一时无法整改完成的，请同时填写临时管控措施。'
          )}
          整改时限不得早于发现日期（{record.foundAt}），登记后只能通过延期申请变更。
        </>
      );
    case 'reject':
      return record.fixedOnSpot
        ? '请选择原因并说明理由。不予登记后隐患即关闭，不可恢复。'
        : '仅限重复上报或确不属于隐患的情况。请选择原因并说明理由；不予登记后隐患即关闭，不可恢复。';
    case 'start_rectification':
      return `开始按整改五落实组织整改，整改时限 ${record.dueDate ?? '—'}。可填写备注。`;
    case 'request_verification':
      return (
        <>
          必须上传<b>至少一张整改后照片或一份材料</b>，并写明<b>整改情况说明</b>。提交后由他人验收：您将成为本次整改的整改人，不能验收自己提交的整改。
        </>
      );
    case 'close':
      return (
        <>
          验收人必须是整改人以外的人
          {record.rectifiedBy ? `（本次整改人：${userName(record.rectifiedBy.userId)}）` : ''}。
          {record.grade === 'general' && !detail.hazard.listed ? '' : '重大隐患和挂牌督办隐患须由督查组或教育局验收。'}
          销号后隐患不能再修改{detail.hazard.listed ? '，挂牌督办同时解除' : ''}。可补充验收照片或材料。
        </>
      );
    case 'return':
      return record.registeredAt
        ? '整改未达到要求时退回，学校须重新整改后再次提交验收。请写明退回原因。'
        : '立行立改未通过验收：退回后隐患回到“已上报”，学校须按整改五落实登记后限期整改。请写明退回原因。';
    case 'edit':
      return record.registeredAt
        ? '只提交您改动的内容。整改时限只能通过延期申请变更；照片和整改计划节点只能追加，不能删除。'
        : '只提交您改动的内容；照片只能追加。整改五落实在登记时填写。';
    case 'list':
      return '挂牌督办的隐患在台账中醒目标示，由教育局跟踪督办；验收销号时自动摘牌。请写明督办理由。';
    case 'delist':
      return '摘牌后不再列为挂牌督办隐患（记录保留）。请写明摘牌理由。';
    case 'escalate':
      return '学校自身无法解决、需要地方政府协调的隐患（如周边道路、用地、产权问题），请写明需要协调的事项。';
    case 'file_overdue_explanation':
      return (
        <>
          隐患已超过整改时限 {record.dueDate}，请说明<b>逾期原因</b>
          {record.state === 'pending_verification' ? '。' : <>，并填写<b>新的整改计划</b>（节点日期不早于今天；新计划替换原计划，原计划保留在记录中）。</>}
          整改时限本身只能通过延期申请变更。
        </>
      );
    case 'request_extension':
      return `当前整改时限 ${record.dueDate ?? '—'}。申请的新时限须晚于当前时限且不早于今天；审批前不能再次申请。`;
    case 'approve_extension':
    case 'reject_extension':
      return null;
    case 'add_progress':
      return record.plan.length
        ? '选择整改计划中的节点，填写进展；该节点完成时请勾选“已完成”。'
        : '尚无整改计划节点：请先通过“修改”追加整改计划。';
    default:
      return null;
  }
}

function initialValues(action: HazardRouteAction, r: Hazard): Values {
  switch (action) {
    case 'edit':
      return {
        title: r.title,
        description: r.description,
        location: r.location,
        domain: r.domain,
        grade: r.grade,
        source: r.source,
        foundAt: r.foundAt,
        foundBy: r.foundBy,
        owner: r.owner ?? undefined,
        measures: r.measures ?? undefined,
        funds: r.fundsFen === null ? undefined : r.fundsFen / 100,
        contingencyPlan: r.contingencyPlan ?? undefined,
        interimControls: r.interimControls ?? undefined,
        watcher: r.watcher ?? undefined,
      };
    case 'approve_extension':
      return { newDueDate: pendingExtension(r)?.requestedDueDate };
    case 'add_progress': {
      const next = r.plan.findIndex((m) => m.doneAt === null);
      return { milestoneIndex: next >= 0 ? next : undefined, done: false };
    }
    default:
      return {};
  }
}

/** The form values this user changed (compared with the record the form was opened on). */
function ownChanges(before: Values, now: Values): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(now)) if (JSON.stringify(v ?? null) !== JSON.stringify(before[k] ?? null)) out[k] = v;
  return out;
}

/** The request body (without version) from the form's values. */
function bodyFor(action: HazardRouteAction, v: Values, r: Hazard): Record<string, unknown> {
  switch (action) {
    case 'register':
      return {
        owner: text(v.owner),
        measures: text(v.measures),
        funds: fundsString(v.funds),
        dueDate: v.dueDate,
        contingencyPlan: text(v.contingencyPlan),
        interimControls: text(v.interimControls),
        watcher: text(v.watcher),
        plan: milestones(v.plan),
      };
    case 'reject':
      return { reason: v.reason, text: text(v.text) };
    case 'start_rectification':
      return { comment: text(v.comment) };
    case 'request_verification':
      return { evidenceIds: v.evidenceIds ?? [], note: text(v.note) };
    case 'close':
      return { comment: text(v.comment), fileIds: (v.fileIds as string[] | undefined)?.length ? v.fileIds : undefined };
    case 'return':
      return { reason: text(v.reason) };
    case 'edit': {
      const before = initialValues('edit', r);
      const out: Record<string, unknown> = {};
      for (const k of ['title', 'description', 'location', 'domain', 'grade', 'source', 'foundAt', 'foundBy', 'owner', 'measures', 'contingencyPlan'] as const) {
        const now = typeof v[k] === 'string' ? (v[k] as string).trim() : v[k];
        if (now !== undefined && now !== (before[k] ?? '')) out[k] = now;
      }
      for (const k of ['interimControls', 'watcher'] as const) {
        const now = text(v[k]) ?? null;
        if (now !== (before[k] ?? null)) out[k] = now;
      }
      if (v.funds !== undefined && v.funds !== null && v.funds !== before.funds) out.funds = fundsString(v.funds);
      if ((v.addPhotoIds as string[] | undefined)?.length) out.addPhotoIds = v.addPhotoIds;
      const add = milestones(v.addMilestones);
      if (add) out.addMilestones = add;
      return out;
    }
    case 'list':
      return { reason: text(v.reason) };
    case 'delist':
      return { reason: text(v.reason) };
    case 'escalate':
      return { note: text(v.note) };
    case 'file_overdue_explanation':
      return { reason: text(v.reason), plan: milestones(v.plan) };
    case 'request_extension':
      return { requestedDueDate: v.requestedDueDate, reason: text(v.reason) };
    case 'approve_extension':
      return { newDueDate: v.newDueDate, comment: text(v.comment) };
    case 'reject_extension':
      return { reason: text(v.reason) };
    case 'add_progress':
      return {
        milestoneIndex: v.milestoneIndex,
        note: text(v.note),
        done: v.done === true ? true : undefined,
        fileIds: (v.fileIds as string[] | undefined)?.length ? v.fileIds : undefined,
      };
    default:
      return {};
  }
}

function Fields({ action, ctx, onBusy }: { action: HazardRouteAction; ctx: Ctx; onBusy: (b: boolean) => void }) {
  const r = ctx.record;
  const unitId = r.unitId;
  const today = todayYmd();
  const pending = pendingExtension(r);
  switch (action) {
    case 'register':
      return <CommitmentsFields major={r.grade === 'major'} foundAt={r.foundAt} />;
    case 'reject':
      return (
        <>
          <Form.Item name="reason" label="原因" rules={[{ required: true, message: '请选择不予登记的原因' }]}>
            <Radio.Group options={HAZARD_REJECTION_REASONS.map((k) => ({ value: k, label: HAZARD_REJECTION_REASON_LABELS[k] }))} />
          </Form.Item>
          <Form.Item name="text" label="说明" rules={req('说明')}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={2000} placeholder="如：与 3 月 5 日上报的隐患重复" />
          </Form.Item>
        </>
      );
    case 'start_rectification':
      return (
        <Form.Item name="comment" label="备注（可选）">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      );
    case 'request_verification':
      return (
        <>
          <Form.Item name="evidenceIds" label="整改后照片 / 材料" rules={[{ required: true, type: 'array', min: 1, message: '请至少上传一张整改后照片或一份材料' }]}>
            <UploadField unitId={unitId} allow="any" onBusyChange={onBusy} />
          </Form.Item>
          <Form.Item name="note" label="整改情况说明" rules={req('整改情况说明')}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} placeholder="做了哪些整改、结果如何" />
          </Form.Item>
        </>
      );
    case 'close':
      return (
        <>
          <Form.Item name="comment" label="验收意见（可选）">
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} placeholder="如：经现场复查，整改到位" />
          </Form.Item>
          <Form.Item name="fileIds" label="验收照片 / 材料（可选）">
            <UploadField unitId={unitId} allow="any" onBusyChange={onBusy} />
          </Form.Item>
        </>
      );
    case 'return':
      return (
        <Form.Item name="reason" label="退回原因" rules={req('退回原因')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={2000} placeholder="哪些方面没有整改到位" />
        </Form.Item>
      );
    case 'edit':
      return (
        <>
          <Form.Item name="title" label="标题" rules={req('标题')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="description" label="描述" rules={req('隐患描述')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} />
          </Form.Item>
          <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
            <Form.Item name="domain" label="隐患类别" style={{ flex: '1 1 180px' }}>
              <Select options={HAZARD_DOMAINS.map((d) => ({ value: d, label: HAZARD_DOMAIN_LABELS[d] }))} />
            </Form.Item>
            <Form.Item name="grade" label="等级" style={{ flex: '1 1 120px' }}>
              <Select options={HAZARD_GRADES.map((g) => ({ value: g, label: HAZARD_GRADE_LABELS[g] }))} />
            </Form.Item>
            <Form.Item name="source" label="发现方式" style={{ flex: '1 1 120px' }}>
              <Select options={HAZARD_SOURCES.map((s) => ({ value: s, label: HAZARD_SOURCE_LABELS[s] }))} />
            </Form.Item>
          </div>
          <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
            <Form.Item name="location" label="位置" style={{ flex: '2 1 200px' }}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="foundAt" label="发现日期" style={{ flex: '1 1 140px' }} {...dateItem}>
              <DateInput max={r.dueDate && r.dueDate < today ? r.dueDate : today} allowClear={false} />
            </Form.Item>
            <Form.Item name="foundBy" label="发现人" rules={req('发现人')} style={{ flex: '1 1 120px' }}>
              <Input maxLength={100} />
            </Form.Item>
          </div>
          <Form.Item name="addPhotoIds" label="追加照片">
            <UploadField unitId={unitId} allow="photo" onBusyChange={onBusy} />
          </Form.Item>
          {r.registeredAt && (
            <>
              <Typography.Title level={5}>整改五落实</Typography.Title>
              <CommitmentsFields major={r.grade === 'major'} foundAt={r.foundAt} showPlan={false} dueLocked />
              <MilestonesList name="addMilestones" label="追加整改计划节点" min={r.foundAt} max={r.dueDate} />
            </>
          )}
        </>
      );
    case 'list':
      return (
        <Form.Item name="reason" label="督办理由" rules={req('督办理由')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={2000} placeholder="如：重大隐患，整改难度大，由局挂牌督办" />
        </Form.Item>
      );
    case 'delist':
      return (
        <Form.Item name="reason" label="摘牌理由" rules={req('摘牌理由')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      );
    case 'escalate':
      return (
        <Form.Item name="note" label="需要协调的事项" rules={req('需要协调的事项')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
        </Form.Item>
      );
    case 'file_overdue_explanation':
      return (
        <>
          <Form.Item name="reason" label="逾期原因" rules={req('逾期原因')}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
          </Form.Item>
          <MilestonesList min={today} label={r.state === 'pending_verification' ? '新的整改计划（可选）' : '新的整改计划'} />
        </>
      );
    case 'request_extension':
      return (
        <>
          <Form.Item name="requestedDueDate" label="申请延期至" rules={[{ required: true, message: '请选择新的整改时限' }]} {...dateItem}>
            <DateInput min={r.dueDate && r.dueDate >= today ? r.dueDate : today} />
          </Form.Item>
          <Form.Item name="reason" label="延期理由" rules={req('延期理由')}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
          </Form.Item>
        </>
      );
    case 'approve_extension':
    case 'reject_extension':
      return (
        <>
          {pending ? (
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
              <Descriptions.Item label="当前时限">{pending.previousDueDate}</Descriptions.Item>
              <Descriptions.Item label="申请延期至">{pending.requestedDueDate}</Descriptions.Item>
              <Descriptions.Item label="理由">
                <span className="xa-pre">{pending.reason}</span>
              </Descriptions.Item>
              <Descriptions.Item label="申请人">{ctx.userName(pending.requestedBy.userId)}</Descriptions.Item>
            </Descriptions>
          ) : (
            <Alert type="warning" showIcon title="没有待审批的延期申请" style={{ marginBottom: 16 }} />
          )}
          {action === 'approve_extension' ? (
            <>
              <Form.Item name="newDueDate" label="新的整改时限" extra="默认为申请的日期，可调整" {...dateItem}>
                <DateInput min={today} />
              </Form.Item>
              <Form.Item name="comment" label="审批意见（可选）">
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="reason" label="不同意的理由" rules={req('不同意的理由')}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={2000} />
            </Form.Item>
          )}
        </>
      );
    case 'add_progress':
      return (
        <>
          <Form.Item name="milestoneIndex" label="计划节点" rules={[{ required: true, message: '请选择计划节点' }]}>
            <Select
              options={r.plan.map((m, i) => ({
                value: i,
                label: `${i + 1}. ${m.title}（${m.dueDate}${m.doneAt ? '，已完成' : ''}）`,
              }))}
              notFoundContent="尚无整改计划"
            />
          </Form.Item>
          <Form.Item name="note" label="进展情况" rules={req('进展情况')}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
          </Form.Item>
          <Form.Item name="fileIds" label="照片 / 材料（可选）">
            <UploadField unitId={unitId} allow="any" onBusyChange={onBusy} />
          </Form.Item>
          <Form.Item name="done" valuePropName="checked">
            <Checkbox>该节点已完成</Checkbox>
          </Form.Item>
        </>
      );
    default:
      return null;
  }
}

const SUBMIT_TEXT: Partial<Record<HazardRouteAction, string>> = {
  register: '确认登记',
  reject: '确认不予登记',
  start_rectification: '开始整改',
  request_verification: '提交验收',
  close: '验收通过，销号',
  return: '退回整改',
  edit: '保存修改',
  list: '挂牌督办',
  delist: '摘牌',
  escalate: '报请协调',
  file_overdue_explanation: '提交逾期说明',
  request_extension: '提交延期申请',
  approve_extension: '同意延期',
  reject_extension: '不同意延期',
  add_progress: '提交进展',
};

const DANGER: readonly HazardRouteAction[] = ['reject', 'return', 'reject_extension', 'delist'];

/** One action on a hazard: the rules first, then the form; submits with the version that was read. */
export function HazardActionModal({
  action,
  detail,
  onClose,
  userName,
}: {
  action: HazardRouteAction | null;
  detail: HazardDetail;
  onClose: () => void;
  userName: Ctx['userName'];
}) {
  const isMobile = useIsMobile();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ title: string; list?: string[] } | null>(null);
  const record = detail.record;
  const ctx = useMemo<Ctx>(() => ({ detail, record, userName }), [detail, record, userName]);
  const stillAllowed = !!action && detail.allowedActions.includes(action);

  useEffect(() => {
    if (action) {
      setError(null);
      setBusy(false);
    }
  }, [action]);

  const submit = async () => {
    if (!action) return;
    const values = await validated(form);
    if (!values) return;
    const body = bodyFor(action, values, record);
    if (action === 'edit' && Object.keys(body).length === 0) {
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
      void qc.invalidateQueries({ queryKey: ['hazards'], predicate: (q) => q.queryKey[1] !== 'detail' });
      void qc.invalidateQueries({ queryKey: ['notifications'] });
      message.success(`${actionLabel(action)}：已完成`);
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        // Someone acted first (or the state moved on): show the hazard as it is now. An edit
        // keeps only this user's own changes on top of the fresh record, so it cannot undo theirs.
        const key = hazardDetailKey(detail.hazard.id);
        const mine = action === 'edit' ? ownChanges(initialValues('edit', record), values) : null;
        await qc.refetchQueries({ queryKey: key });
        const fresh = qc.getQueryData<HazardDetail>(key);
        if (mine && fresh) form.setFieldsValue({ ...initialValues('edit', fresh.record), ...mine });
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

  const rules = action ? rulesFor(action, ctx) : null;
  const title = action ? actionLabel(action) : '';

  return (
    <Modal
      title={`${title} · ${detail.hazard.title}`}
      open={!!action}
      onCancel={onClose}
      width={isMobile ? '100%' : action === 'register' || action === 'edit' ? 760 : 600}
      style={isMobile ? { top: 0, maxWidth: '100vw', margin: 0, paddingBottom: 0 } : undefined}
      destroyOnHidden
      maskClosable={false}
      footer={
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8, flexWrap: 'wrap' }}>
          <Button onClick={onClose}>取消</Button>
          <Button
            type="primary"
            danger={!!action && DANGER.includes(action)}
            loading={saving}
            disabled={busy || !stillAllowed}
            onClick={() => void submit()}
            data-testid="hazard-form-submit"
          >
            {busy ? '文件上传中…' : (action && SUBMIT_TEXT[action]) || '提交'}
          </Button>
        </div>
      }
    >
      {action && (
        <>
          {!stillAllowed && <Alert type="warning" showIcon title="隐患状态已变化，您现在不能执行此操作。" style={{ marginBottom: 12 }} />}
          {rules && <Alert type="info" showIcon title="提交前请注意" description={rules} style={{ marginBottom: 16 }} data-testid="hazard-form-rules" />}
          {error && (
            <Alert
              type="error"
              showIcon
              title={error.title}
              description={error.list?.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{error.list.map((m, i) => <li key={i}>{m}</li>)}</ul> : undefined}
              style={{ marginBottom: 16 }}
              data-testid="hazard-form-error"
            />
          )}
          {action === 'close' && record.evidence.length > 0 && (
            <Typography.Paragraph type="secondary">
              整改人提交了 {record.evidence.length} 份整改照片/材料（见详情页“整改与验收”），整改说明：{record.rectificationNote ?? '—'}
            </Typography.Paragraph>
          )}
          {action === 'list' && currentListing(record) && <Alert type="warning" showIcon title="该隐患已在挂牌督办中" style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical" initialValues={initialValues(action, record)} requiredMark scrollToFirstError>
            <Fields action={action} ctx={ctx} onBusy={setBusy} />
          </Form>
        </>
      )}
    </Modal>
  );
}
