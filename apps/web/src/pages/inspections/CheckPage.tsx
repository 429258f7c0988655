import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Result, Select, Skeleton, Tag, Typography, type ButtonProps } from 'antd';
import { CameraOutlined, CheckCircleFilled, CheckOutlined, CloseOutlined, LoadingOutlined, MinusOutlined, QrcodeOutlined } from '@ant-design/icons';
import { FREQUENCY_LABELS, INSPECTION_KIND_LABELS, INSPECTION_KINDS, POINT_TYPE_LABELS, type Answer, type Frequency, type InspectionKind, type PointType } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { errorMessage } from '../../api/client';
import { inspectionApi, type ChecklistItem, type CreateInspectionBody, type InspectionDetail } from '../../api/inspections';
import { QueryError } from '../../components/common';
import { UploadTiles } from '../../components/hazard/UploadField';
import { addPendingCheck, loadCheckDraft, loadPendingChecks, removePendingCheck, saveCheckDraft, type CheckDraft, type DraftAnswer, type PendingCheck } from '../../lib/checkStore';
import { useUploads, type StoredUpload } from '../../lib/useUploads';
import { uuid } from '../../lib/uuid';
import { retryable, useResend } from '../../lib/resend';
import { RaiseHazardButton } from './RaiseHazardButton';
import { keys } from '../../api/keys';
import { SendingResult } from '../../components/SendingResult';
import { PhotoInput } from '../../components/PhotoInput';

const itemKey = (versionId: string, code: string) => `${versionId}/${code}`;
const emptyAnswer: DraftAnswer = { answer: null, note: '', photos: [] };

/** One item: what to check and its standard, three large answer targets; a fail asks for a note and a photo. */
function ItemCard({
  item,
  index,
  value,
  unitId,
  error,
  onChange,
  onBusy,
}: {
  item: ChecklistItem;
  index: number;
  value: DraftAnswer;
  unitId: string;
  error: string | null;
  onChange: (v: Partial<DraftAnswer>) => void;
  onBusy: (busy: boolean) => void;
}) {
  const { message } = App.useApp();
  const up = useUploads({ unitId, allow: 'photo', max: 6, initial: value.photos, onRejected: (m) => void message.error(m) });
  const done = useMemo(() => up.items.filter((i) => i.status === 'done' && i.ref).map((i) => ({ id: i.ref!.id, name: i.name, kind: 'photo' as const })), [up.items]);
  const doneSig = done.map((d) => d.id).join(',');
  const changeRef = useRef(onChange);
  changeRef.current = onChange;
  useEffect(() => {
    changeRef.current({ photos: done });
  }, [doneSig]);
  const busyRef = useRef(onBusy);
  busyRef.current = onBusy;
  useEffect(() => busyRef.current(up.busy), [up.busy]);
  const pick = (a: Answer) => onChange({ answer: a });
  const btn = (a: Answer, label: string, icon: React.ReactNode, color: string) => (
    <button
      type="button"
      className={`xa-answer${value.answer === a ? ' xa-answer-on' : ''}`}
      style={value.answer === a ? { background: color, borderColor: color, color: '#fff' } : undefined}
      onClick={() => pick(a)}
      aria-pressed={value.answer === a}
      data-testid={`answer-${item.code}-${a}`}
    >
      {icon}
      <span>{label}</span>
    </button>
  );
  return (
    <div className={`xa-check-item${error ? ' xa-check-item-error' : ''}`} data-testid={`item-${item.code}`}>
      <div className="xa-check-item-text">
        <span className="xa-check-item-no">{index + 1}</span>
        {item.text}
        {item.weight > 1 && <Tag color="red" style={{ marginInlineStart: 6 }}>重点</Tag>}
      </div>
      {item.standard && <div className="xa-check-item-standard">标准：{item.standard}</div>}
      <div className="xa-answers">
        {btn('pass', '合格', <CheckOutlined />, '#52c41a')}
        {btn('fail', '不合格', <CloseOutlined />, '#ff4d4f')}
        {btn('na', '不适用', <MinusOutlined />, '#8c8c8c')}
      </div>
      {value.answer === 'fail' && (
        <div style={{ marginTop: 10 }}>
          <Input.TextArea
            value={value.note}
            onChange={(e) => onChange({ note: e.target.value })}
            autoSize={{ minRows: 2, maxRows: 5 }}
            maxLength={500}
            placeholder="存在的问题（必填），如：3 号灭火器压力不足"
            status={error ? 'error' : undefined}
            data-testid={`note-${item.code}`}
          />
          <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginTop: 8, flexWrap: 'wrap' }}>
            <label className="xa-camera-inline">
              <CameraOutlined /> 拍照
              <PhotoInput source="camera" onFiles={up.add} testId={`photo-${item.code}`} />
            </label>
            {up.busy && <Typography.Text type="secondary">上传中…</Typography.Text>}
          </div>
          {up.items.length > 0 && (
            <div style={{ marginTop: 8 }}>
              <UploadTiles items={up.items} onRemove={up.remove} onRetry={up.retry} size={72} />
            </div>
          )}
        </div>
      )}
      {value.answer !== 'fail' && value.note && (
        <Input.TextArea style={{ marginTop: 8 }} value={value.note} onChange={(e) => onChange({ note: e.target.value })} autoSize={{ minRows: 1, maxRows: 3 }} maxLength={500} placeholder="备注（可选）" />
      )}
      {error && <div className="xa-field-error">{error}</div>}
    </div>
  );
}

type Phase = { kind: 'editing' } | { kind: 'sending'; attempt: number; lastError: string | null } | { kind: 'done'; result: InspectionDetail };

/**
 * 点位检查 (phone first): one screen per point, opened from its QR code or the due list.
 * The answers are kept on the phone while being filled in; the submission is queued with an
 * Idempotency-Key and sent again with the same key until the server confirms it.
 */
export default function CheckPage() {
  const { pointId = '' } = useParams();
  const [params] = useSearchParams();
  const token = params.get('token');
  const visitId = params.get('visitId');
  const correctsId = params.get('corrects');
  const me = useMe();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const schoolSide = me.unit.kind === 'school' || me.unit.kind === 'campus';
  // 自查 is the school's own; the bureau and teams check as 抽查, 督查 and the rest.
  const [kind, setKind] = useState<InspectionKind>(() => (params.get('kind') as InspectionKind | null) ?? (visitId ? 'supervision' : schoolSide ? 'self' : 'spot'));
  const [coInspectors, setCoInspectors] = useState('');

  const form = useQuery({ queryKey: keys.points.checkForm(pointId), queryFn: ({ signal }) => inspectionApi.checkForm(pointId, signal) });
  const [draft, setDraft] = useState<CheckDraft>(() => loadCheckDraft(me.id, pointId) ?? { key: uuid(), startedAt: new Date().toISOString(), answers: {}, summary: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingCheck | null>(() => loadPendingChecks(me.id).find((p) => p.body.pointId === pointId || p.body.qrToken === token) ?? null);
  const [phase, setPhase] = useState<Phase>(() => (pending ? { kind: 'sending', attempt: 0, lastError: null } : { kind: 'editing' }));
  const [uploading, setUploading] = useState<Record<string, boolean>>({});
  const busyUploads = Object.values(uploading).some(Boolean);

  useEffect(() => {
    if (phase.kind === 'editing') saveCheckDraft(me.id, pointId, Object.keys(draft.answers).length || draft.summary ? draft : null);
  }, [draft, phase.kind, me.id, pointId]);

  const items = useMemo(
    () => (form.data?.checklists ?? []).flatMap((c) => c.items.map((item) => ({ versionId: c.id, checklist: c.title, item }))),
    [form.data],
  );
  const answered = items.filter((i) => draft.answers[itemKey(i.versionId, i.item.code)]?.answer).length;

  const change = useCallback((k: string, v: Partial<DraftAnswer>) => {
    setDraft((d) => ({ ...d, answers: { ...d.answers, [k]: { ...(d.answers[k] ?? emptyAnswer), ...v } } }));
    if (v.answer || v.note) setErrors((e) => {
      if (!e[k]) return e;
      const next = { ...e };
      delete next[k];
      return next;
    });
  }, []);

  const allPass = () =>
    setDraft((d) => {
      const answers = { ...d.answers };
      for (const i of items) {
        const k = itemKey(i.versionId, i.item.code);
        if (!answers[k]?.answer) answers[k] = { ...(answers[k] ?? emptyAnswer), answer: 'pass' };
      }
      return { ...d, answers };
    });

  /** Marking every unanswered item 合格 is one tap for many answers: it says how many first. */
  const confirmAllPass = () => {
    const left = items.length - answered;
    modal.confirm({
      title: `将其余 ${left} 项全部记为“合格”？`,
      content: '已作答的项目保持不变。提交前仍可逐项修改。',
      okText: '全部合格',
      cancelText: '再看看',
      okButtonProps: { 'data-testid': 'check-all-pass-ok' } as ButtonProps,
      onOk: allPass,
    });
  };

  const attemptRef = useRef(0);
  const send = useCallback(
    async (p: PendingCheck) => {
      try {
        const res = await inspectionApi.submit(p.body, p.key);
        removePendingCheck(me.id, p.key);
        saveCheckDraft(me.id, pointId, null);
        setPending(null);
        attemptRef.current = 0;
        void qc.invalidateQueries({ queryKey: keys.inspections.all });
        void qc.invalidateQueries({ queryKey: keys.points.all });
        void qc.invalidateQueries({ queryKey: keys.home.all });
        setPhase({ kind: 'done', result: res });
      } catch (e) {
        if (retryable(e)) {
          attemptRef.current += 1;
          setPhase({ kind: 'sending', attempt: attemptRef.current, lastError: errorMessage(e) });
          return;
        }
        // Refused: back to the answers (still saved on the phone) with the reason; a new key next time.
        removePendingCheck(me.id, p.key);
        setPending(null);
        attemptRef.current = 0;
        setDraft((d) => ({ ...d, key: uuid() }));
        setFormError(errorMessage(e));
        setPhase({ kind: 'editing' });
      }
    },
    [me.id, pointId, qc],
  );

  useResend(phase, pending, send);

  const submit = () => {
    if (!form.data) return;
    if (busyUploads) {
      message.warning('照片还在上传，请稍候再提交');
      return;
    }
    const errs: Record<string, string> = {};
    for (const i of items) {
      const k = itemKey(i.versionId, i.item.code);
      const a = draft.answers[k];
      if (!a?.answer) errs[k] = '请选择合格、不合格或不适用';
      else if (a.answer === 'fail' && !a.note.trim()) errs[k] = '不合格时请写明存在的问题';
    }
    setErrors(errs);
    setFormError(null);
    const first = Object.keys(errs)[0];
    if (first) {
      message.error(`还有 ${Object.keys(errs).length} 项需要填写`);
      document.querySelector(`[data-testid="item-${first.split('/')[1]}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      return;
    }
    const body: CreateInspectionBody = {
      kind,
      pointId: token ? undefined : pointId,
      qrToken: token ?? undefined,
      startedAt: draft.startedAt,
      checklistVersionIds: form.data.checklists.map((c) => c.id),
      summary: draft.summary.trim() || undefined,
      visitId: visitId ?? undefined,
      correctsId: correctsId ?? undefined,
      coInspectors: coInspectors.split(/[,，、\s]+/).map((x) => x.trim()).filter(Boolean).slice(0, 10),
      answers: items.map((i) => {
        const a = draft.answers[itemKey(i.versionId, i.item.code)]!;
        const photoIds = a.answer === 'fail' ? a.photos.map((p: StoredUpload) => p.id) : [];
        return { checklistVersionId: i.versionId, itemCode: i.item.code, answer: a.answer!, ...(a.note.trim() ? { note: a.note.trim() } : {}), ...(photoIds.length ? { photoIds } : {}) };
      }),
    };
    const pointName = form.data.point.name;
    const tally = (a: string) => body.answers.filter((x) => x.answer === a).length;
    // Signing is irreversible (a correction is a new record): say what is being signed first.
    modal.confirm({
      title: '签字提交本次检查？',
      content: `合格 ${tally('pass')} 项，不合格 ${tally('fail')} 项，不适用 ${tally('na')} 项。提交即由 ${me.displayName} 签字确认，提交后不可修改。`,
      okText: '签字提交',
      cancelText: '返回检查',
      okButtonProps: { 'data-testid': 'check-submit-ok' } as ButtonProps,
      onOk: () => {
        const p: PendingCheck = { key: draft.key, body, pointName, savedAt: new Date().toISOString() };
        addPendingCheck(me.id, p);
        setPending(p);
        attemptRef.current = 0;
        setPhase({ kind: 'sending', attempt: 0, lastError: null });
      },
    });
  };

  if (phase.kind === 'done') {
    const r = phase.result;
    const failed = r.results.filter((x) => x.answer === 'fail');
    return (
      <div className="xa-report">
        <Result
          status={failed.length ? 'warning' : 'success'}
          title={failed.length ? `已提交，${failed.length} 项不合格` : '已提交，全部合格'}
          subTitle={`${r.inspection.point?.name ?? ''} · ${INSPECTION_KIND_LABELS[r.inspection.kind as InspectionKind]} · ${r.inspection.inspectedOn}`}
          style={{ paddingBottom: 8 }}
        />
        {failed.length > 0 && (
          <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="check-failed">
            <Typography.Text strong>不合格项可一键登记为隐患：</Typography.Text>
            {failed.map((f) => (
              <div key={`${f.checklistVersionId}/${f.itemCode}`} className="xa-check-item">
                <div className="xa-check-item-text">{f.itemText}</div>
                <div className="xa-check-item-standard">{f.note}</div>
                <div style={{ marginTop: 8 }}>
                  <RaiseHazardButton inspectionId={r.inspection.id} checklistVersionId={f.checklistVersionId} itemCode={f.itemCode} itemText={f.itemText} hazard={f.hazard} note={f.note} photoIds={f.photoIds} foundAt={r.inspection.inspectedOn} />
                </div>
              </div>
            ))}
          </div>
        )}
        <div style={{ display: 'flex', gap: 8, marginTop: 16, flexWrap: 'wrap' }}>
          <Link to={`/inspections/${r.inspection.id}`} className="xa-link-button" data-testid="check-view">
            查看检查记录
          </Link>
          <Link to="/inspections" className="xa-link-button">
            返回今日待查
          </Link>
        </div>
      </div>
    );
  }

  if (phase.kind === 'sending' && pending) {
    return (
      <SendingResult
        what={pending.pointName}
        attempt={phase.attempt}
        lastError={phase.lastError}
        saved="检查结果已保存在本机，网络恢复后会自动提交，不会重复记录。"
        onRetry={() => setPhase({ kind: 'sending', attempt: 0, lastError: phase.lastError })}
      />
    );
  }

  if (form.isPending) return <Skeleton active />;
  if (form.error) return <QueryError error={form.error} onRetry={() => void form.refetch()} />;
  const f = form.data;
  let lastChecklist = '';
  return (
    <div className="xa-report xa-check" data-testid="check-page">
      <div className="xa-check-head">
        <Typography.Title level={1} style={{ margin: 0, fontSize: 20 }}>
          {f.point.name}
        </Typography.Title>
        <div className="xa-check-meta">
          {f.point.school.name} · {POINT_TYPE_LABELS[f.point.pointType as PointType]} · {FREQUENCY_LABELS[f.point.frequency as Frequency]}检查
          {f.point.location ? ` · ${f.point.location}` : ''}
        </div>
        <div style={{ marginTop: 6, display: 'flex', gap: 6, flexWrap: 'wrap' }}>
          <Tag color="blue">{INSPECTION_KIND_LABELS[kind]}</Tag>
          {token && (
            <Tag icon={<QrcodeOutlined />} color="green">
              扫码现场检查
            </Tag>
          )}
          {kind === 'self' && (f.doneInPeriod ? <Tag color="success">本期已查（{f.doneInPeriod.inspectedOn}）</Tag> : <Tag color="orange">本期待查</Tag>)}
        </div>
      </div>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} data-testid="check-error" />}
      {correctsId && <Alert type="info" showIcon title={`本次为更正记录，将引用原检查记录 #${correctsId}（原记录保持不变）`} style={{ marginBottom: 12 }} />}
      {items.length === 0 ? (
        <Alert type="warning" showIcon title="该点位没有适用的检查项，请联系学校安全管理员配置检查表。" />
      ) : (
        <>
          {items.map((i, n) => {
            const k = itemKey(i.versionId, i.item.code);
            const header = i.checklist !== lastChecklist ? <div className="xa-check-section">{i.checklist}</div> : null;
            lastChecklist = i.checklist;
            return (
              <div key={k}>
                {header}
                <ItemCard item={i.item} index={n} value={draft.answers[k] ?? emptyAnswer} unitId={f.point.unit.id} error={errors[k] ?? null} onChange={(v) => change(k, v)} onBusy={(b) => setUploading((u) => (u[k] === b ? u : { ...u, [k]: b }))} />
              </div>
            );
          })}
          <div style={{ display: 'flex', gap: 8, marginTop: 12, flexWrap: 'wrap' }}>
            {!visitId && (
              <Select
                value={kind}
                onChange={(v: InspectionKind) => setKind(v)}
                options={INSPECTION_KINDS.filter((k) => k !== 'follow_up' && (schoolSide || k !== 'self')).map((k) => ({ value: k, label: INSPECTION_KIND_LABELS[k] }))}
                style={{ width: 120 }}
                aria-label="检查方式"
              />
            )}
            <Input value={coInspectors} onChange={(e) => setCoInspectors(e.target.value)} placeholder="同检人员（可选，用顿号分隔）" style={{ flex: 1, minWidth: 180 }} maxLength={200} />
          </div>
          <Input.TextArea
            style={{ margin: '12px 0' }}
            value={draft.summary}
            onChange={(e) => setDraft((d) => ({ ...d, summary: e.target.value }))}
            autoSize={{ minRows: 2, maxRows: 4 }}
            maxLength={2000}
            placeholder="检查小结（可选）"
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            检查人：{me.displayName}。提交即签字确认，提交后不可修改；如需更正，请在检查记录中提交更正记录。
          </Typography.Paragraph>
          {/* Always in reach while scrolling the items: progress, bulk pass and submit, each asking first. */}
          <div className="xa-check-bar" data-testid="check-bar">
            <span className="xa-check-count" aria-live="polite">
              已答 {answered}/{items.length}
            </span>
            <Button onClick={confirmAllPass} disabled={answered === items.length} data-testid="check-all-pass">
              其余全部合格
            </Button>
            <Button type="primary" icon={busyUploads ? <LoadingOutlined /> : <CheckCircleFilled />} onClick={submit} disabled={busyUploads} data-testid="check-submit" style={{ flex: 1, minWidth: 120 }}>
              {busyUploads ? '照片上传中…' : '签字提交'}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
