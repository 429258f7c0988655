import { useMemo, useState, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Input, Modal, Select, Space, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { HAZARD_DOMAIN_LABELS, stageProblems } from '@xiaoan/domain';
import type { UpdateCampaignBody } from '@xiaoan/contracts';
import { ApiError, errorMessage } from '../../api/client';
import { campaignApi, useRefreshCampaigns, type CampaignDetail } from '../../api/campaigns';
import { useIsMobile } from '../../lib/useIsMobile';
import { ScopeField, campaignHeaderBody, scopeProblem, scopeValueOf, type CampaignHeaderDraft } from './ScopeField';

type StageDraft = { key: string; name: string; start: string; end: string; goals: string };
type Draft = CampaignHeaderDraft & { stages: StageDraft[] };

const DOMAIN_OPTIONS = Object.entries(HAZARD_DOMAIN_LABELS).map(([value, label]) => ({ value, label }));
const STALE = '该专项整治已被他人修改，请刷新后重试';
let keySeq = 0;
const newKey = () => `n${++keySeq}`;
const nextDay = (d: string) => dayjs(d).add(1, 'day').format('YYYY-MM-DD');

function draftOf(d: CampaignDetail): Draft {
  const c = d.campaign;
  return {
    title: c.title,
    docNumber: c.docNumber ?? '',
    issuer: c.issuer ?? '',
    issuedOn: c.issuedOn ?? '',
    periodStart: c.periodStart,
    periodEnd: c.periodEnd,
    focusDomains: [...c.focusDomains],
    scope: scopeValueOf(d.scope),
    stages: d.stages.map((s) => ({ key: s.id, name: s.name, start: s.start, end: s.end, goals: s.goals })),
  };
}

type Problems = { title?: string; period?: string; scope?: string; stages: Record<number, string[]> };

/**
 * The checks the server makes (stageProblems from @xiaoan/domain: end not before start, no
 * overlap), plus what a form needs: required fields, and every stage inside the period.
 */
function problemsOf(d: Draft): Problems {
  const p: Problems = { stages: {} };
  const addStage = (i: number, m: string) => (p.stages[i] ??= []).push(m);
  if (!d.title.trim()) p.title = '请填写标题';
  if (!d.periodStart || !d.periodEnd) p.period = '请选择起止时间';
  p.scope = scopeProblem(d.scope) ?? undefined;
  d.stages.forEach((s, i) => {
    if (!s.name.trim()) addStage(i, '请填写阶段名称');
    if (!s.start || !s.end) addStage(i, '请选择阶段的起止日期');
    else if (d.periodStart && d.periodEnd && s.end >= s.start && (s.start < d.periodStart || s.end > d.periodEnd))
      addStage(i, `阶段时间须在起止时间（${d.periodStart} 至 ${d.periodEnd}）之内`);
  });
  if (d.periodStart && d.periodEnd) {
    const dated = d.stages.map((s, i) => ({ ...s, i })).filter((s) => s.start && s.end);
    const lines = stageProblems(
      { start: d.periodStart, end: d.periodEnd },
      dated.map((s) => ({ name: s.name.trim() || '未命名', start: s.start, end: s.end })),
    );
    for (const line of lines) {
      // "起止时间：…" or "阶段N「名称」：…" (N counts the dated stages passed in).
      const m = /^阶段(\d+)「[^」]*」：(.*)$/s.exec(line);
      if (m) addStage(dated[Number(m[1]) - 1]!.i, m[2]!);
      else p.period = line.replace(/^起止时间：/, '');
    }
  }
  return p;
}

const hasProblems = (p: Problems) => !!(p.title || p.period || p.scope || Object.keys(p.stages).length);

/** Start and end dates: one RangePicker on a desktop; two pickers on a phone (the two-month panel is wider than the screen). */
function DateRange({ start, end, onChange, error, testId }: { start: string; end: string; onChange: (start: string, end: string) => void; error?: boolean; testId?: string }) {
  const isMobile = useIsMobile();
  const status = error ? ('error' as const) : undefined;
  const day = (s: string) => (s ? dayjs(s) : null);
  const fmt = (d: dayjs.Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : '');
  if (isMobile) {
    return (
      <Space.Compact style={{ width: '100%' }} data-testid={testId}>
        <DatePicker inputReadOnly status={status} placeholder="开始日期" value={day(start)} onChange={(d) => onChange(fmt(d), end)} style={{ width: '50%' }} />
        <DatePicker inputReadOnly status={status} placeholder="结束日期" value={day(end)} onChange={(d) => onChange(start, fmt(d))} style={{ width: '50%' }} />
      </Space.Compact>
    );
  }
  return (
    <DatePicker.RangePicker
      data-testid={testId}
      status={status}
      style={{ width: '100%' }}
      allowEmpty={[true, true]}
      value={[day(start), day(end)]}
      onChange={(v) => onChange(fmt(v?.[0]), fmt(v?.[1]))}
    />
  );
}

function Field({ label, error, children, testId }: { label: string; error?: string | string[]; children: ReactNode; testId?: string }) {
  const errors = (Array.isArray(error) ? error : error ? [error] : []).filter(Boolean);
  return (
    <div style={{ marginBottom: 12 }}>
      <Typography.Text strong>{label}</Typography.Text>
      <div style={{ marginTop: 4 }}>{children}</div>
      {errors.map((e) => (
        <div key={e} data-testid={testId}>
          <Typography.Text type="danger" style={{ fontSize: 12 }}>
            {e}
          </Typography.Text>
        </div>
      ))}
    </div>
  );
}

/** 编辑专项整治: header, scope, focus domains and the stages (tasks keep their stage by position). */
export function EditCampaignModal({ detail, onClose }: { detail: CampaignDetail; onClose: () => void }) {
  const [d, setD] = useState(() => draftOf(detail));
  const [tried, setTried] = useState(false);
  const isMobile = useIsMobile();
  const refresh = useRefreshCampaigns();
  const { message } = App.useApp();
  const id = detail.campaign.id;
  const save = useMutation({
    mutationFn: (body: UpdateCampaignBody) => campaignApi.update(id, body),
    onSuccess: () => {
      refresh();
      void message.success('专项整治已保存');
      onClose();
    },
  });
  const problems = useMemo(() => problemsOf(d), [d]);
  // Checked as the user types: a stage's problems show under that stage.
  const shown = problems;
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const setStage = (i: number, patch: Partial<StageDraft>) => setD((x) => ({ ...x, stages: x.stages.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));
  const move = (i: number, by: -1 | 1) =>
    setD((x) => {
      const stages = [...x.stages];
      [stages[i], stages[i + by]] = [stages[i + by]!, stages[i]!];
      return { ...x, stages };
    });
  const addStage = () =>
    setD((x) => {
      const last = x.stages.at(-1);
      const start = last?.end ? nextDay(last.end) : x.periodStart;
      const fits = !!start && !!x.periodEnd && start <= x.periodEnd;
      return { ...x, stages: [...x.stages, { key: newKey(), name: '', start: fits ? start : '', end: fits ? x.periodEnd : '', goals: '' }] };
    });

  const submit = () => {
    setTried(true);
    if (hasProblems(problems)) return;
    save.mutate({
      version: detail.campaign.version,
      ...campaignHeaderBody(d),
      stages: d.stages.map((s) => ({ name: s.name.trim(), start: s.start, end: s.end, goals: s.goals.trim() })),
    });
  };

  const serverError = save.error ? (save.error instanceof ApiError && save.error.isStale ? STALE : errorMessage(save.error)) : null;
  const blocked = tried && hasProblems(problems);

  return (
    <Modal
      open
      title="编辑专项整治"
      width={isMobile ? '100%' : 760}
      style={isMobile ? { top: 0, maxWidth: '100vw', margin: 0, paddingBottom: 0 } : undefined}
      onCancel={onClose}
      maskClosable={false}
      footer={[
        <Button key="cancel" onClick={onClose}>
          取消
        </Button>,
        <Button key="save" type="primary" loading={save.isPending} onClick={submit} data-testid="campaign-edit-save">
          保存
        </Button>,
      ]}
    >
      <div data-testid="campaign-edit">
        <Field label="标题" error={shown.title}>
          <Input value={d.title} maxLength={200} status={shown.title ? 'error' : undefined} onChange={(e) => set('title', e.target.value)} data-testid="campaign-edit-title" />
        </Field>
        <Field label="文号">
          <Input value={d.docNumber} maxLength={100} placeholder="如 天教〔2026〕12号" onChange={(e) => set('docNumber', e.target.value)} data-testid="campaign-edit-doc-number" />
        </Field>
        <div style={{ display: 'flex', flexWrap: 'wrap', columnGap: 12 }}>
          <div style={{ flex: '1 1 220px' }}>
            <Field label="发文单位">
              <Input value={d.issuer} maxLength={100} onChange={(e) => set('issuer', e.target.value)} />
            </Field>
          </div>
          <div style={{ flex: '1 1 160px' }}>
            <Field label="发文日期">
              <DatePicker inputReadOnly={isMobile} style={{ width: '100%' }} value={d.issuedOn ? dayjs(d.issuedOn) : null} onChange={(v) => set('issuedOn', v ? v.format('YYYY-MM-DD') : '')} />
            </Field>
          </div>
        </div>
        <Field label="起止时间" error={shown.period} testId="campaign-edit-period-error">
          <DateRange start={d.periodStart} end={d.periodEnd} error={!!shown.period} onChange={(s, e) => setD((x) => ({ ...x, periodStart: s, periodEnd: e }))} testId="campaign-edit-period" />
        </Field>
        <Field label="重点领域">
          <Select mode="multiple" allowClear style={{ width: '100%' }} placeholder="不限" value={d.focusDomains} onChange={(v) => set('focusDomains', v)} options={DOMAIN_OPTIONS} optionFilterProp="label" />
        </Field>
        <Field label="参与学校">
          <ScopeField value={d.scope} onChange={(v) => set('scope', v)} error={shown.scope} />
        </Field>
        <Typography.Text strong>阶段（{d.stages.length}）</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 8px' }}>
          任务按位置保留所属阶段：第 1 个阶段的任务仍属于调整后的第 1 个阶段。删除阶段后，其任务变为未分阶段。
        </Typography.Paragraph>
        {d.stages.map((s, i) => {
          const errs = shown.stages[i];
          return (
            <Card
              key={s.key}
              size="small"
              style={{ marginBottom: 8, borderColor: errs ? '#ff4d4f' : undefined }}
              data-testid="campaign-edit-stage"
              title={`第${i + 1}阶段`}
              extra={
                <Space size={0}>
                  <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label="上移" title="上移" />
                  <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={i === d.stages.length - 1} onClick={() => move(i, 1)} aria-label="下移" title="下移" />
                  <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => setD((x) => ({ ...x, stages: x.stages.filter((_, j) => j !== i) }))} aria-label="删除" title="删除" />
                </Space>
              }
            >
              <Input value={s.name} maxLength={100} placeholder="阶段名称，如 排查整治阶段" onChange={(e) => setStage(i, { name: e.target.value })} style={{ marginBottom: 6 }} data-testid="campaign-edit-stage-name" />
              <DateRange start={s.start} end={s.end} error={!!errs} onChange={(start, end) => setStage(i, { start, end })} testId="campaign-edit-stage-dates" />
              <Input.TextArea
                value={s.goals}
                maxLength={2000}
                autoSize={{ minRows: 2, maxRows: 6 }}
                placeholder="阶段目标与工作要求"
                onChange={(e) => setStage(i, { goals: e.target.value })}
                style={{ marginTop: 6 }}
                data-testid="campaign-edit-stage-goals"
              />
              {errs?.map((e) => (
                <div key={e} data-testid="campaign-edit-stage-error">
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {e}
                  </Typography.Text>
                </div>
              ))}
            </Card>
          );
        })}
        <Button type="dashed" block icon={<PlusOutlined />} onClick={addStage} disabled={d.stages.length >= 20} data-testid="campaign-edit-add-stage">
          增加阶段
        </Button>
        {blocked && <Alert type="warning" showIcon style={{ marginTop: 12 }} message="请先改正上面标红的内容" data-testid="campaign-edit-problems" />}
        {serverError && <Alert type="error" showIcon style={{ marginTop: 12 }} message={serverError} data-testid="campaign-edit-error" />}
      </div>
    </Modal>
  );
}
