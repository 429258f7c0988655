import { useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Col, Input, Row, Select, Space, Tabs, Tag, Typography } from 'antd';
import { FileWordOutlined } from '@ant-design/icons';
import { HAZARD_DOMAIN_LABELS, stageOverlapProblems, type HazardDomain } from '@xiaoan/domain';
import { errorMessage } from '../../api/client';
import { importPlanFile, importPlanText, useCreateCampaign, type CreateCampaignBody, type PlanImportResult } from '../../api/campaigns';
import { useDepartments, useTeams } from '../../api/queries';
import { PageTitle } from '../../components/common';
import { ALL_SCHOOLS, ScopeField, campaignHeaderBody, scopeProblem, type CampaignHeaderDraft } from './ScopeField';
import { DayPicker } from '../../components/DayPicker';

type Evidence = { text: string; start: number; end: number };
type Row<T> = T & { keep: boolean; evidence: Evidence | null; key: string };
type StageRow = Row<{ name: string; start: string; end: string; goals: string; note: string }>;

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Plans often let stages share days (动员部署 7月上旬, 排查整治 7月至12月); a campaign's stages
 * may not overlap, so a stage starting on or before the previous one's end is proposed to
 * start the day after it, with a note saying so (the user can still change it).
 */
function withoutOverlap(stages: StageRow[]): StageRow[] {
  const out: StageRow[] = [];
  for (const s of stages) {
    const prev = out.at(-1);
    if (prev && prev.end && s.start && s.start <= prev.end && s.end > prev.end) {
      out.push({ ...s, start: nextDay(prev.end), note: `原文开始日期为 ${s.start}，与上一阶段重叠，已调整为上一阶段结束后一天` });
    } else out.push(s);
  }
  return out;
}

/** The server's own rule (the domain's), on the kept stages that have both dates. */
function overlapProblems(stages: StageRow[]): string[] {
  return stageOverlapProblems(stages.filter((s) => s.keep && s.start && s.end));
}
type TaskRow = Row<{ title: string; description: string; leads: string[]; leadNames: string[]; cooperating: string[]; cooperatingNote: string; deadline: string; stageIndex: number | null; domain: string | null }>;
type Draft = CampaignHeaderDraft & {
  stages: StageRow[];
  tasks: TaskRow[];
  teams: Row<{ name: string; teamId: string | null; schools: number }>[];
  indicators: Row<{ name: string; target: number; unit: string }>[];
  rules: Row<{ text: string; kind: string; dueDate: string | null; dayOfMonth: number | null; month: number | null }>[];
  evidence: Record<string, Evidence | null>;
  planFileId: string | null;
  missing: string[];
  /** Lead names the plan writes that matched no department, each with the department the user chose (remembered for this import). */
  leadMap: { name: string; departmentId: string | null }[];
};

/** The proposal as an editable draft: every item kept by default, department names matched to departments. */
function draftOf(r: PlanImportResult): Draft {
  const p = r.proposal;
  const dept = new Map(r.departmentMatches.map((m) => [m.name, m.departmentId]));
  const teamOf = new Map(r.teamMatches.map((m) => [m.name, m.teamId]));
  return {
    title: p.title?.value ?? '',
    docNumber: p.docNumber?.value ?? '',
    issuer: p.issuer?.value ?? '',
    issuedOn: p.issuedOn?.value ?? '',
    periodStart: p.period?.value.start ?? p.stages[0]?.value.start ?? '',
    periodEnd: p.period?.value.end ?? p.stages.at(-1)?.value.end ?? '',
    focusDomains: p.focusDomains.map((f) => f.value),
    scope: ALL_SCHOOLS,
    stages: withoutOverlap(p.stages.map((s, i) => ({ key: `s${i}`, keep: true, evidence: s.evidence, name: s.value.name, start: s.value.start ?? '', end: s.value.end ?? '', goals: s.value.goals, note: '' }))),
    tasks: p.tasks.map((t, i) => ({
      key: `t${i}`,
      keep: true,
      evidence: t.evidence,
      title: t.value.title,
      description: t.value.description,
      leadNames: t.value.leads,
      leads: [...new Set(t.value.leads.map((n) => dept.get(n)).filter((x): x is string => !!x))],
      cooperating: [...new Set(t.value.cooperating.map((n) => dept.get(n)).filter((x): x is string => !!x))],
      cooperatingNote: t.value.cooperating.filter((n) => !dept.get(n)).join('、'),
      deadline: t.value.deadline ?? '',
      stageIndex: t.value.stageIndex,
      domain: t.value.domain,
    })),
    teams: p.teams.map((t, i) => ({ key: `g${i}`, keep: !!teamOf.get(t.value.name), evidence: t.evidence, name: t.value.name, teamId: teamOf.get(t.value.name) ?? null, schools: t.value.schools.length })),
    indicators: p.indicators.map((x, i) => ({ key: `i${i}`, keep: true, evidence: x.evidence, ...x.value })),
    rules: p.reportingRules.map((x, i) => ({ key: `r${i}`, keep: true, evidence: x.evidence, ...x.value })),
    evidence: { title: p.title?.evidence ?? null, docNumber: p.docNumber?.evidence ?? null, issuer: p.issuer?.evidence ?? null, issuedOn: p.issuedOn?.evidence ?? null, period: p.period?.evidence ?? null },
    planFileId: r.fileId,
    missing: p.missing,
    leadMap: [...new Set(p.tasks.flatMap((t) => t.value.leads))].filter((n) => !dept.get(n)).map((name) => ({ name, departmentId: null })),
  };
}

/**
 * The user maps a lead name the plan writes (安稳办) to a department: every task naming it gets
 * that department as a lead (in place of the one chosen before for the same name).
 */
function mapLead(d: Draft, name: string, departmentId: string | null): Draft {
  const before = d.leadMap.find((m) => m.name === name)?.departmentId ?? null;
  return {
    ...d,
    leadMap: d.leadMap.map((m) => (m.name === name ? { ...m, departmentId } : m)),
    tasks: d.tasks.map((t) => {
      if (!t.leadNames.includes(name)) return t;
      const rest = t.leads.filter((id) => id !== before);
      return { ...t, leads: departmentId ? [...new Set([...rest, departmentId])] : rest };
    }),
  };
}

/** The source sentence of a proposed item. */
function Source({ evidence }: { evidence: Evidence | null }) {
  if (!evidence) return <Typography.Text type="secondary" style={{ fontSize: 12 }}>手工填写</Typography.Text>;
  return <SourceText text={evidence.text} />;
}

const SHORT = 90;

/** The source sentence, cut at 90 characters with 展开 (plain state: antd's ellipsis re-measures on every resize). */
function SourceText({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  const long = text.length > SHORT;
  return (
    <div style={{ fontSize: 12, marginTop: 4, color: 'rgba(0,0,0,0.45)', wordBreak: 'break-all' }} data-testid="evidence">
      原文：{open || !long ? text : `${text.slice(0, SHORT)}…`}
      {long && (
        <Typography.Link style={{ fontSize: 12, marginLeft: 4 }} onClick={() => setOpen(!open)}>
          {open ? '收起' : '展开'}
        </Typography.Link>
      )}
    </div>
  );
}

function Field({ label, children, evidence }: { label: string; children: ReactNode; evidence?: Evidence | null }) {
  return (
    <div style={{ marginBottom: 12 }}>
      <Typography.Text strong>{label}</Typography.Text>
      <div style={{ marginTop: 4 }}>{children}</div>
      {evidence !== undefined && <Source evidence={evidence} />}
    </div>
  );
}

function ItemCard({ keep, onKeep, children, testId, flag }: { keep: boolean; onKeep: (v: boolean) => void; children: ReactNode; testId: string; flag?: boolean }) {
  return (
    <Card size="small" style={{ marginBottom: 8, opacity: keep ? 1 : 0.55 }} data-testid={testId} data-needs-input={flag ? 'true' : undefined}>
      <Checkbox checked={keep} onChange={(e) => onKeep(e.target.checked)} style={{ marginBottom: 6 }}>
        {keep ? '采用' : '已舍弃'}
      </Checkbox>
      {children}
    </Card>
  );
}

function Review({ initial, onBack }: { initial: Draft; onBack: () => void }) {
  const [d, setD] = useState(initial);
  const departments = useDepartments();
  const create = useCreateCampaign();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const deptOptions = (departments.data?.items ?? []).filter((x) => x.status === 'active').map((x) => ({ value: x.id, label: x.name }));
  const keptStages = d.stages.filter((s) => s.keep);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const upd = <K extends 'stages' | 'tasks' | 'teams' | 'indicators' | 'rules'>(k: K, i: number, patch: Partial<Draft[K][number]>) =>
    setD((x) => ({ ...x, [k]: (x[k] as Draft[K][number][]).map((r, j) => (j === i ? { ...r, ...patch } : r)) }));

  const problems = useMemo(() => {
    const out: string[] = [];
    if (!d.title.trim()) out.push('请填写标题');
    if (!d.periodStart || !d.periodEnd) out.push('请填写起止时间');
    const scopeError = scopeProblem(d.scope);
    if (scopeError) out.push(scopeError);
    d.stages.forEach((s) => s.keep && (!s.start || !s.end) && out.push(`阶段「${s.name}」缺少日期`));
    out.push(...overlapProblems(d.stages));
    d.tasks.forEach((t) => t.keep && t.leads.length === 0 && out.push(`任务「${t.title.slice(0, 20)}」缺少牵头科室`));
    return out;
  }, [d]);

  const submit = () => {
    const stageMap = new Map<number, number>();
    d.stages.forEach((s, i) => s.keep && stageMap.set(i, stageMap.size));
    const body: CreateCampaignBody = {
      ...campaignHeaderBody(d),
      stages: keptStages.map((s) => ({ name: s.name, start: s.start, end: s.end, goals: s.goals })),
      tasks: d.tasks
        .filter((t) => t.keep)
        .map((t) => ({
          title: t.title,
          description: t.description,
          leadDepartmentIds: t.leads,
          cooperatingDepartmentIds: t.cooperating.filter((c) => !t.leads.includes(c)),
          cooperatingNote: t.cooperatingNote.slice(0, 200),
          deadline: t.deadline || null,
          stageIndex: t.stageIndex !== null ? (stageMap.get(t.stageIndex) ?? null) : null,
          domain: (t.domain as NonNullable<CreateCampaignBody['tasks']>[number]['domain']) ?? null,
        })),
      teamIds: d.teams.filter((t) => t.keep && t.teamId).map((t) => t.teamId!),
      indicators: d.indicators.filter((x) => x.keep).map((x) => ({ name: x.name, target: x.target, unit: x.unit })),
      reportingRules: d.rules.filter((x) => x.keep).map((x) => ({ text: x.text, kind: x.kind as 'once', dueDate: x.dueDate, dayOfMonth: x.dayOfMonth, month: x.month })),
      planFileId: d.planFileId,
      leadMappings: d.leadMap.filter((m) => m.departmentId).map((m) => ({ name: m.name, departmentId: m.departmentId! })),
    };
    create.mutate(body, {
      onSuccess: (c) => {
        void message.success('专项整治已建立');
        void navigate(`/campaigns/${c.campaign.id}`);
      },
    });
  };

  return (
    <div data-testid="plan-review">
      {d.missing.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="plan-missing" message={`没有识别到：${d.missing.join('、')}`} description="可以在下面手工补充，或建立后再在专项整治页面增加。" />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title="基本信息" size="small">
            <Field label="标题" evidence={d.evidence.title}>
              <Input value={d.title} onChange={(e) => set('title', e.target.value)} data-testid="review-title" />
            </Field>
            <Field label="文号" evidence={d.evidence.docNumber}>
              <Input value={d.docNumber} onChange={(e) => set('docNumber', e.target.value)} />
            </Field>
            <Field label="发文单位" evidence={d.evidence.issuer}>
              <Input value={d.issuer} onChange={(e) => set('issuer', e.target.value)} />
            </Field>
            <Field label="发文日期" evidence={d.evidence.issuedOn}>
              <DayPicker value={d.issuedOn} onChange={(v) => set('issuedOn', v)} />
            </Field>
            <Field label="起止时间" evidence={d.evidence.period}>
              <Space wrap>
                <DayPicker value={d.periodStart} onChange={(v) => set('periodStart', v)} style={{ width: 150 }} />
                <span>至</span>
                <DayPicker value={d.periodEnd} onChange={(v) => set('periodEnd', v)} style={{ width: 150 }} />
              </Space>
            </Field>
            <Field label="参与学校">
              <ScopeField value={d.scope} onChange={(v) => set('scope', v)} error={scopeProblem(d.scope)} />
            </Field>
            <Field label="重点领域">
              <Select
                mode="multiple"
                style={{ width: '100%' }}
                value={d.focusDomains}
                onChange={(v) => set('focusDomains', v)}
                options={Object.entries(HAZARD_DOMAIN_LABELS).map(([value, label]) => ({ value, label }))}
              />
            </Field>
          </Card>
          <Card title={`阶段（${keptStages.length}）`} size="small" style={{ marginTop: 16 }}>
            {d.stages.length === 0 && <Typography.Text type="secondary">没有识别到阶段，可建立后再补充。</Typography.Text>}
            {d.stages.map((s, i) => (
              <ItemCard key={s.key} keep={s.keep} onKeep={(v) => upd('stages', i, { keep: v })} testId="review-stage">
                <Input value={s.name} onChange={(e) => upd('stages', i, { name: e.target.value })} style={{ marginBottom: 6 }} />
                <Space wrap>
                  <DayPicker value={s.start} onChange={(v) => upd('stages', i, { start: v })} style={{ width: 150 }} />
                  <span>至</span>
                  <DayPicker value={s.end} onChange={(v) => upd('stages', i, { end: v })} style={{ width: 150 }} />
                </Space>
                {s.note && <Alert type="info" showIcon style={{ marginTop: 6, padding: '2px 8px' }} message={s.note} />}
                <Source evidence={s.evidence} />
              </ItemCard>
            ))}
          </Card>
          <Card title="督查组、指标与报送要求" size="small" style={{ marginTop: 16 }}>
            {d.teams.map((t, i) => (
              <ItemCard key={t.key} keep={t.keep} onKeep={(v) => upd('teams', i, { keep: v && !!t.teamId })} testId="review-team">
                <Space wrap>
                  <Typography.Text strong>{t.name}</Typography.Text>
                  <Tag>{t.schools} 所学校</Tag>
                  {t.teamId ? <Tag color="green">对应现有督查小组</Tag> : <Tag color="orange">没有同名督查小组</Tag>}
                </Space>
                <Source evidence={t.evidence} />
              </ItemCard>
            ))}
            {d.indicators.map((x, i) => (
              <ItemCard key={x.key} keep={x.keep} onKeep={(v) => upd('indicators', i, { keep: v })} testId="review-indicator">
                <Space wrap>
                  <Input value={x.name} onChange={(e) => upd('indicators', i, { name: e.target.value })} style={{ width: 200 }} />
                  <Input type="number" value={x.target} onChange={(e) => upd('indicators', i, { target: Number(e.target.value) })} style={{ width: 100 }} suffix={x.unit} />
                </Space>
                <Source evidence={x.evidence} />
              </ItemCard>
            ))}
            {d.rules.map((x, i) => (
              <ItemCard key={x.key} keep={x.keep} onKeep={(v) => upd('rules', i, { keep: v })} testId="review-rule">
                <Input.TextArea value={x.text} autoSize onChange={(e) => upd('rules', i, { text: e.target.value })} />
                <Source evidence={x.evidence} />
              </ItemCard>
            ))}
            {d.teams.length + d.indicators.length + d.rules.length === 0 && <Typography.Text type="secondary">没有识别到。</Typography.Text>}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          {d.leadMap.length > 0 && (
            <Card title="牵头单位对应" size="small" style={{ marginBottom: 16 }} data-testid="lead-mapping">
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                方案中的这些牵头单位在本局没有同名科室。为每个名称选择对应的科室，写这个名称的任务都会由所选科室牵头；不选的，可在下面逐项选择或舍弃任务。
              </Typography.Paragraph>
              {d.leadMap.map((m) => {
                const n = d.tasks.filter((t) => t.leadNames.includes(m.name)).length;
                return (
                  <Row key={m.name} gutter={[8, 8]} align="middle" style={{ marginBottom: 8 }} data-testid="lead-mapping-row" data-name={m.name}>
                    <Col xs={24} sm={9}>
                      <Typography.Text strong>{m.name}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
                        {n} 项任务
                      </Typography.Text>
                    </Col>
                    <Col xs={24} sm={15}>
                      <Select
                        allowClear
                        showSearch
                        optionFilterProp="label"
                        aria-label={`「${m.name}」对应的科室`}
                        placeholder="选择对应的本局科室"
                        value={m.departmentId ?? undefined}
                        onChange={(v?: string) => setD((x) => mapLead(x, m.name, v ?? null))}
                        options={deptOptions}
                        style={{ width: '100%' }}
                        data-testid="lead-mapping-select"
                      />
                    </Col>
                  </Row>
                );
              })}
            </Card>
          )}
          <Card title={`任务清单（${d.tasks.filter((t) => t.keep).length}）`} size="small">
            {d.tasks.length === 0 && <Typography.Text type="secondary">没有识别到任务，可建立后在专项整治页面增加。</Typography.Text>}
            {d.tasks.map((t, i) => (
              <ItemCard key={t.key} keep={t.keep} onKeep={(v) => upd('tasks', i, { keep: v })} testId="review-task" flag={t.leads.length === 0}>
                <Input value={t.title} onChange={(e) => upd('tasks', i, { title: e.target.value })} style={{ marginBottom: 6 }} />
                <Row gutter={[8, 8]}>
                  <Col xs={24} md={12}>
                    <Select
                      mode="multiple"
                      placeholder={t.leadNames.length ? `牵头：${t.leadNames.join('、')}（请选择对应科室）` : '牵头科室（必选）'}
                      value={t.leads}
                      onChange={(v) => upd('tasks', i, { leads: v })}
                      options={deptOptions}
                      style={{ width: '100%' }}
                      status={t.keep && t.leads.length === 0 ? 'error' : undefined}
                      data-testid="task-leads"
                    />
                  </Col>
                  <Col xs={12} md={6}>
                    <Select
                      allowClear
                      placeholder="阶段"
                      value={t.stageIndex ?? undefined}
                      onChange={(v) => upd('tasks', i, { stageIndex: v ?? null })}
                      options={d.stages.map((s, j) => ({ value: j, label: s.name, disabled: !s.keep }))}
                      style={{ width: '100%' }}
                    />
                  </Col>
                  <Col xs={12} md={6}>
                    <DayPicker value={t.deadline} onChange={(v) => upd('tasks', i, { deadline: v })} />
                  </Col>
                </Row>
                {t.domain && <Tag style={{ marginTop: 6 }}>{HAZARD_DOMAIN_LABELS[t.domain as HazardDomain] ?? t.domain}</Tag>}
                {t.cooperatingNote && <Typography.Text type="secondary" style={{ fontSize: 12, marginTop: 6, display: 'inline-block' }}>配合：{t.cooperatingNote}</Typography.Text>}
                <Source evidence={t.evidence} />
              </ItemCard>
            ))}
          </Card>
        </Col>
      </Row>
      {problems.length > 0 && <Alert type="error" style={{ marginTop: 12 }} message="建立前请补充" description={problems.join('；')} data-testid="review-problems" />}
      {create.error && <Alert type="error" style={{ marginTop: 12 }} message={errorMessage(create.error)} />}
      <Space style={{ marginTop: 16 }} wrap>
        <Button onClick={onBack}>重新识别</Button>
        <Button type="primary" size="large" disabled={problems.length > 0} loading={create.isPending} onClick={submit} data-testid="create-campaign">
          创建专项整治
        </Button>
      </Space>
    </div>
  );
}

/** 导入实施方案: upload a .docx, .doc or PDF, or paste the text, review what was recognised, then create the campaign. */
export default function CampaignImportPage() {
  const [result, setResult] = useState<PlanImportResult | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useTeams();
  const run = async (p: Promise<PlanImportResult>) => {
    setBusy(true);
    setError(null);
    try {
      setResult(await p);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const draft = useMemo(() => (result ? draftOf(result) : null), [result]);
  return (
    <div>
      <PageTitle title="导入实施方案" sub="上传 Word、PDF 或粘贴全文（从网页复制的也可以），系统识别后逐项确认；确认前不会建立任何数据。" />
      {draft ? (
        <Review initial={draft} onBack={() => setResult(null)} />
      ) : (
        <Card>
          <Tabs
            items={[
              {
                key: 'file',
                label: '上传 Word / PDF',
                children: (
                  <Space direction="vertical">
                    <label className="ant-btn ant-btn-default" style={{ display: 'inline-flex', alignItems: 'center', gap: 8, cursor: 'pointer' }}>
                      <FileWordOutlined />
                      选择实施方案文件
                      <input
                        type="file"
                        accept=".docx,.doc,.pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/msword,application/pdf"
                        style={{ display: 'none' }}
                        data-testid="plan-file"
                        disabled={busy}
                        onChange={(e) => {
                          const f = e.target.files?.[0];
                          e.target.value = '';
                          if (f) void run(importPlanFile(f));
                        }}
                      />
                    </label>
                    <Typography.Text type="secondary">支持 .docx、.doc 和带文字的 PDF（最大 10 MB，PDF 最多 100 页）。扫描件 PDF 没有文字，请改为粘贴全文；设了密码的文件请先取消密码。</Typography.Text>
                  </Space>
                ),
              },
              {
                key: 'text',
                label: '粘贴全文',
                children: (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <Input.TextArea rows={10} value={text} onChange={(e) => setText(e.target.value)} placeholder="把实施方案的全文粘贴到这里" data-testid="plan-text" />
                    <Button type="primary" disabled={!text.trim()} loading={busy} onClick={() => void run(importPlanText(text))} data-testid="plan-text-submit">
                      识别
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
          {busy && <Alert style={{ marginTop: 12 }} type="info" message="正在识别……" />}
          {error && <Alert style={{ marginTop: 12 }} type="error" showIcon message={error} data-testid="plan-error" />}
        </Card>
      )}
    </div>
  );
}
