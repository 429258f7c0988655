import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Input, Result, Select, Tag, Typography } from 'antd';
import { CameraOutlined, CheckCircleFilled, LoadingOutlined, PictureOutlined } from '@ant-design/icons';
import { HAZARD_DOMAIN_LABELS, HAZARD_DOMAINS, type HazardDomain } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { errorMessage, fieldErrors } from '../../api/client';
import { createHazard, hazardDetailKey } from '../../api/hazards';
import { useUnitsOfKind } from '../../api/queries';
import type { CreateHazardBody, HazardDetail } from '../../api/types';
import { UploadTiles } from '../../components/hazard/UploadField';
import { QUICK_DOMAINS, todayYmd } from '../../lib/hazard';
import { loadDraft, loadPending, saveDraft, savePending, type PendingReport, type ReportDraft } from '../../lib/reportStore';
import { useUploads } from '../../lib/useUploads';
import { uuid } from '../../lib/uuid';
import { retryable, useResend } from '../../lib/resend';
import { keys } from '../../api/keys';
import { SendingResult } from '../../components/SendingResult';
import { PhotoInput } from '../../components/PhotoInput';


const emptyDraft = (unitId: string | null): ReportDraft => ({ key: uuid(), title: '', description: '', domain: null, location: '', unitId, major: false, photos: [] });

type Phase = { kind: 'editing' } | { kind: 'sending'; attempt: number; lastError: string | null } | { kind: 'done'; result: HazardDetail };

/**
 * 随手报: a hazard reported from a phone in under a minute. The photos upload as soon as
 * they are taken; the submission is kept on the phone with its Idempotency-Key and sent
 * again with the same key until the server confirms it, also after a reload.
 */
export default function ReportPage() {
  const me = useMe();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const schoolSide = me.unit.kind === 'school' || me.unit.kind === 'campus';
  const [draft, setDraft] = useState<ReportDraft>(() => loadDraft(me.id) ?? emptyDraft(schoolSide ? me.unit.id : null));
  const [pending, setPending] = useState<PendingReport | null>(() => loadPending(me.id));
  const [phase, setPhase] = useState<Phase>(() => (loadPending(me.id) ? { kind: 'sending', attempt: 0, lastError: null } : { kind: 'editing' }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [allDomains, setAllDomains] = useState(false);
  const [showMore, setShowMore] = useState(!!draft.description);
  const camera = useRef<HTMLInputElement>(null);
  const album = useRef<HTMLInputElement>(null);

  const up = useUploads({
    unitId: draft.unitId ?? undefined,
    allow: 'photo',
    max: 9,
    initial: draft.photos,
    onRejected: (m) => void message.error(m),
  });

  const schools = useUnitsOfKind('school', !schoolSide);

  // Keep the draft (with uploaded photo ids) on the phone while it is being written.
  const uploaded = useMemo(
    () => up.items.filter((i) => i.status === 'done' && i.ref).map((i) => ({ id: i.ref!.id, name: i.name, kind: i.kind })),
    [up.items],
  );
  useEffect(() => {
    if (phase.kind !== 'editing') return;
    const blank = !draft.title && !draft.description && !draft.location && !draft.domain && uploaded.length === 0;
    saveDraft(me.id, blank ? null : { ...draft, photos: uploaded });
  }, [draft, uploaded, phase.kind, me.id]);

  const change = (p: Partial<ReportDraft>) => {
    setDraft((d) => ({ ...d, ...p }));
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(p)) delete next[k];
      return next;
    });
  };

  // Sending: the same key every time, until the server answers.
  const attemptRef = useRef(0);
  const restoreRef = useRef(up.restore);
  restoreRef.current = up.restore;
  const send = useCallback(
    async (p: PendingReport) => {
      try {
        const res = await createHazard(p.body, p.key);
        savePending(me.id, null);
        setPending(null);
        qc.setQueryData(hazardDetailKey(res.hazard.id), res);
        void qc.invalidateQueries({ queryKey: keys.hazards.lists() });
        void qc.invalidateQueries({ queryKey: keys.home.all });
        setPhase({ kind: 'done', result: res });
        attemptRef.current = 0;
      } catch (e) {
        if (retryable(e)) {
          attemptRef.current += 1;
          setPhase({ kind: 'sending', attempt: attemptRef.current, lastError: errorMessage(e) });
          return;
        }
        // Refused: back to the form with the reasons; the next submission gets a new key.
        savePending(me.id, null);
        setPending(null);
        attemptRef.current = 0;
        const back: ReportDraft = {
          key: uuid(),
          title: p.body.title,
          description: p.body.description === p.body.title ? '' : p.body.description,
          domain: p.body.domain,
          location: p.body.location ?? '',
          unitId: p.body.unitId,
          major: p.body.grade === 'major',
          photos: [],
        };
        setDraft(back);
        const ids = p.body.photoIds ?? [];
        restoreRef.current(ids.map((id, i) => ({ id, name: p.photoNames[i] ?? '照片', kind: 'photo' as const })));
        const fe = fieldErrors(e);
        setErrors(Object.fromEntries(Object.entries(fe).map(([k, v]) => [k, v.join('；')])));
        setFormError(errorMessage(e));
        setPhase({ kind: 'editing' });
      }
    },
    [me.id, qc],
  );

  useResend(phase, pending, send);

  const submit = () => {
    const errs: Record<string, string> = {};
    if (!draft.title.trim()) errs.title = '请用一句话写明发现的问题';
    if (!draft.domain) errs.domain = '请选择隐患类别';
    if (!draft.unitId) errs.unitId = '请选择学校';
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) return;
    if (up.failed) {
      message.error('有照片上传失败，请点“重试”或移除后再提交');
      return;
    }
    const body: CreateHazardBody = {
      unitId: draft.unitId!,
      domain: draft.domain!,
      grade: draft.major ? 'major' : 'general',
      source: 'self',
      title: draft.title.trim(),
      // A one-line report needs no separate description: the title says what was found.
      description: draft.description.trim() || draft.title.trim(),
      location: draft.location.trim() || undefined,
      photoIds: up.doneIds.length ? up.doneIds : undefined,
      foundAt: todayYmd(),
      foundBy: me.displayName,
    };
    const p: PendingReport = { key: draft.key, body, savedAt: new Date().toISOString(), photoNames: uploaded.map((u) => u.name) };
    savePending(me.id, p);
    saveDraft(me.id, null);
    setPending(p);
    attemptRef.current = 0;
    setPhase({ kind: 'sending', attempt: 0, lastError: null });
  };

  const again = () => {
    up.clear();
    setDraft(emptyDraft(schoolSide ? me.unit.id : null));
    setErrors({});
    setFormError(null);
    setShowMore(false);
    setPhase({ kind: 'editing' });
  };

  if (phase.kind === 'done') {
    const h = phase.result.hazard;
    return (
      <div className="xa-report">
        <Result
          status="success"
          title="已上报"
          subTitle={
            <span className="xa-wrap">
              “{h.title}”已进入{h.school.name}的隐患台账，学校安全管理员将登记并安排整改。
            </span>
          }
          extra={[
            <Button type="primary" size="large" key="again" onClick={again} block style={{ marginBottom: 8 }} data-testid="report-again">
              再报一条
            </Button>,
            // A link styled as a button (a button inside a link is not valid HTML).
            <Link key="view" to={`/hazards/${h.id}`} className="xa-link-button" data-testid="report-view">
              查看这条隐患
            </Link>,
          ]}
        />
      </div>
    );
  }

  if (phase.kind === 'sending' && pending) {
    return (
      <SendingResult
        what={`“${pending.body.title}”`}
        attempt={phase.attempt}
        lastError={phase.lastError}
        saved="这条上报已保存在本机，网络恢复后会自动提交，不会重复上报；可以离开此页，回来后继续。"
        onRetry={() => setPhase({ kind: 'sending', attempt: 0, lastError: phase.lastError })} retryTestId="report-retry"
      />
    );
  }

  const domains = allDomains ? HAZARD_DOMAINS : QUICK_DOMAINS;
  const label = (t: string, required?: boolean) => (
    <div style={{ fontWeight: 500, marginBottom: 6 }}>
      {required && <span style={{ color: '#cf1322', marginInlineEnd: 4 }}>*</span>}
      {t}
    </div>
  );
  const err = (k: string) => (errors[k] ? <div style={{ color: '#cf1322', fontSize: 13, marginTop: 4 }}>{errors[k]}</div> : null);

  return (
    <div className="xa-report">
      <Typography.Title level={1} style={{ marginTop: 0, marginBottom: 4, fontSize: 20 }}>
        随手报
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        拍照、写一句话、选类别，就能上报隐患。
      </Typography.Paragraph>

      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} data-testid="report-error" />}

      <label className="xa-camera-button">
        <CameraOutlined />
        <span>{up.items.length ? '继续拍照' : '拍照上报'}</span>
        <PhotoInput ref={camera} source="camera" onFiles={up.add} testId="report-photo-input" />
      </label>
      <div style={{ textAlign: 'center', margin: '6px 0 10px' }}>
        <Button type="link" icon={<PictureOutlined />} onClick={() => album.current?.click()}>
          从相册选择
        </Button>
        <PhotoInput ref={album} source="album" onFiles={up.add} tabIndex={-1} />
      </div>
      {up.items.length > 0 && (
        <div style={{ marginBottom: 16 }}>
          <UploadTiles items={up.items} onRemove={up.remove} onRetry={up.retry} size={100} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {up.busy ? '照片上传中…' : `${up.doneIds.length} 张照片已上传`}
            {up.failed ? `，${up.failed} 张失败` : ''}
          </Typography.Text>
        </div>
      )}

      {!schoolSide && (
        <div style={{ marginBottom: 16 }}>
          {label('学校', true)}
          <Select
            size="large"
            style={{ width: '100%' }}
            placeholder="选择学校"
            value={draft.unitId ?? undefined}
            onChange={(v: string) => change({ unitId: v })}
            options={(schools.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            loading={schools.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            status={errors.unitId ? 'error' : undefined}
          />
          {err('unitId')}
        </div>
      )}

      <div style={{ marginBottom: 16 }}>
        {label('发现了什么问题', true)}
        <Input
          size="large"
          value={draft.title}
          onChange={(e) => change({ title: e.target.value })}
          maxLength={200}
          placeholder="如：二楼走廊灭火器过期"
          status={errors.title ? 'error' : undefined}
          data-testid="report-title"
        />
        {err('title')}
        {showMore ? (
          <Input.TextArea
            style={{ marginTop: 8 }}
            value={draft.description}
            onChange={(e) => change({ description: e.target.value })}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={4000}
            placeholder="补充描述（可选，不填则同上）"
          />
        ) : (
          <Button type="link" style={{ paddingInline: 0 }} onClick={() => setShowMore(true)}>
            + 补充描述
          </Button>
        )}
      </div>

      <div style={{ marginBottom: 16 }}>
        {label('类别', true)}
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }} data-testid="report-domains">
          {domains.map((d: HazardDomain) => (
            <Tag.CheckableTag key={d} className="xa-chip" checked={draft.domain === d} onChange={() => change({ domain: d })}>
              {HAZARD_DOMAIN_LABELS[d]}
            </Tag.CheckableTag>
          ))}
          {!allDomains && (
            <Button size="small" type="link" onClick={() => setAllDomains(true)}>
              更多类别
            </Button>
          )}
        </div>
        {err('domain')}
      </div>

      <div style={{ marginBottom: 16 }}>
        {label('在哪里')}
        <Input size="large" value={draft.location} onChange={(e) => change({ location: e.target.value })} maxLength={200} placeholder="如：教学楼二楼东侧" status={errors.location ? 'error' : undefined} />
        {err('location')}
      </div>

      <Checkbox checked={draft.major} onChange={(e) => change({ major: e.target.checked })} style={{ marginBottom: 12 }}>
        可能是重大隐患
      </Checkbox>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 12 }}>
        发现人：{me.displayName} · 发现日期：{todayYmd()} · 发现方式：自查
      </Typography.Paragraph>

      <Button
        type="primary"
        size="large"
        block
        icon={up.busy ? <LoadingOutlined /> : <CheckCircleFilled />}
        disabled={up.busy}
        onClick={submit}
        style={{ height: 52, fontSize: 18 }}
        data-testid="report-submit"
      >
        {up.busy ? '照片上传中…' : '提交'}
      </Button>
    </div>
  );
}
