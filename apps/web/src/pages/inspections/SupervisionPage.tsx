import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Form, Input, Modal, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { can, INSPECTION_KIND_LABELS, VISIT_KINDS } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { errorMessage } from '../../api/client';
import { inspectionApi, type VisitSummary } from '../../api/inspections';
import { useTeams } from '../../api/queries';
import { useCampaign, useCampaigns } from '../../api/campaigns';
import { PageTitle, QueryError } from '../../components/common';
import { useIsMobile } from '../../lib/useIsMobile';
import { useUrlState } from '../../lib/useUrlState';
import { keys } from '../../api/keys';

export const VISIT_STATUS: Record<VisitSummary['status'], { text: string; color: string }> = {
  planned: { text: '已安排', color: 'processing' },
  done: { text: '已完成', color: 'success' },
  cancelled: { text: '已取消', color: 'default' },
};

type Plan = { schoolId: string; schoolName: string } | null;

function PlanModal({ teamId, plan, onClose }: { teamId: string; plan: Plan; onClose: () => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ kind: 'supervision' | 'spot' | 'unannounced'; plannedOn: dayjs.Dayjs; note?: string }>();
  const m = useMutation({
    mutationFn: (v: { kind: 'supervision' | 'spot' | 'unannounced'; plannedOn: dayjs.Dayjs; note?: string }) =>
      inspectionApi.planVisit({ teamId, schoolId: plan!.schoolId, kind: v.kind, plannedOn: v.plannedOn.format('YYYY-MM-DD'), note: v.note }),
    onSuccess: (d) => {
      void qc.invalidateQueries({ queryKey: keys.supervision.all });
      onClose();
      void navigate(`/supervision/visits/${d.visit.id}`);
    },
  });
  useEffect(() => {
    if (plan) form.setFieldsValue({ kind: 'supervision', plannedOn: dayjs(), note: '' });
  }, [plan, form]);
  return (
    <Modal open={!!plan} title={`安排督查：${plan?.schoolName ?? ''}`} okText="安排" cancelText="取消" onCancel={onClose} onOk={() => form.submit()} confirmLoading={m.isPending} okButtonProps={{ 'data-testid': 'visit-plan-ok' } as never}>
      {m.error && <Alert type="error" showIcon title={errorMessage(m.error)} style={{ marginBottom: 12 }} data-testid="visit-plan-error" />}
      <Form form={form} layout="vertical" onFinish={(v) => m.mutate(v)}>
        <Form.Item name="kind" label="方式" rules={[{ required: true }]}>
          <Segmented aria-label="督查方式" options={VISIT_KINDS.map((k) => ({ value: k, label: INSPECTION_KIND_LABELS[k] }))} />
        </Form.Item>
        <Form.Item name="plannedOn" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 督查: a team's schools and whether each was visited this month, its visits, and planning a new one. */
export default function SupervisionPage() {
  const me = useMe();
  const mobile = useIsMobile();
  const teams = useTeams();
  const { values, set } = useUrlState(['teamId'] as const);
  const activeTeams = (teams.data?.items ?? []).filter((t) => t.status === 'active');
  const teamId = values.teamId ?? activeTeams[0]?.id;
  // The window of the coverage: this month, a stage of the current campaign, or all time.
  const [range, setRange] = useState<string>('month');
  const campaigns = useCampaigns();
  const current = (campaigns.data?.items ?? [])[0];
  const campaign = useCampaign(current?.id);
  const stages = campaign.data?.stages ?? [];
  const stage = range.startsWith('stage:') ? stages.find((x) => `stage:${x.id}` === range) : undefined;
  const [plan, setPlan] = useState<Plan>(null);
  const canManage = can(me.role, 'supervision_visit.manage');
  const coverage = useQuery({
    queryKey: keys.supervision.coverage(teamId ?? '', { range, start: stage?.start, end: stage?.end }),
    queryFn: ({ signal }) =>
      inspectionApi.coverage(
        teamId!,
        range === 'all' ? { from: '2000-01-01', to: dayjs().format('YYYY-MM-DD') } : stage ? { from: stage.start, to: stage.end } : {},
        signal,
      ),
    enabled: !!teamId,
  });
  const visits = useQuery({ queryKey: keys.supervision.visits({ teamId }), queryFn: ({ signal }) => inspectionApi.visits({ teamId, pageSize: 100 }, signal), enabled: !!teamId });
  const c = coverage.data;
  return (
    <div>
      <PageTitle
        title="督查"
        sub="督查组对分配学校的督查、抽查、明查暗访，发现问题下发督查反馈"
        extra={
          <Select
            style={{ minWidth: 200 }}
            value={teamId}
            onChange={(v: string) => set({ teamId: v })}
            options={activeTeams.map((t) => ({ value: t.id, label: t.name }))}
            loading={teams.isPending}
            placeholder="选择督查组"
            aria-label="督查组"
            data-testid="team-picker"
          />
        }
      />
      {teams.error && <QueryError error={teams.error} />}
      {coverage.error && <QueryError error={coverage.error} onRetry={() => void coverage.refetch()} />}
      {c && (
        <Card size="small" style={{ marginBottom: 16 }} title={`督查覆盖 · ${c.team.name}`} extra={
            <Select
              value={range}
              onChange={setRange}
              style={{ minWidth: 160 }}
              data-testid="coverage-range"
              aria-label="统计期间"
              options={[
                { value: 'month', label: '本月' },
                ...stages.map((x) => ({ value: `stage:${x.id}`, label: `${x.name}（${x.start} 至 ${x.end}）` })),
                { value: 'all', label: '累计' },
              ]}
            />
          }>
          <Space wrap size={24} style={{ marginBottom: 12 }}>
            <Statistic title="负责学校" value={c.schools.length} />
            <Statistic title={range === 'month' ? '本月已督查' : stage ? `${stage.name}已督查` : '已督查'} value={c.visited} />
            <Statistic title="从未督查" value={c.neverVisited} styles={{ content: { color: c.neverVisited ? '#cf1322' : undefined } }} />
          </Space>
          <Table
            size="small"
            rowKey="id"
            dataSource={c.schools}
            pagination={false}
            scroll={mobile ? { x: 600 } : undefined}
            data-testid="coverage-table"
            columns={[
              { title: '学校', dataIndex: 'name' },
              { title: range === 'month' ? '本月督查' : stage ? '本阶段督查' : '督查次数', dataIndex: 'visitsInWindow', width: 90, render: (n: number) => (n ? <Tag color="success">{n} 次</Tag> : <Tag color="warning">未督查</Tag>) },
              { title: '最近督查', dataIndex: 'lastVisitedOn', width: 110, render: (v: string | null) => v ?? <Typography.Text type="danger">从未</Typography.Text> },
              { title: '下次安排', dataIndex: 'nextPlannedOn', width: 110, render: (v: string | null) => v ?? '—' },
              { title: '未销号问题', dataIndex: 'openFindings', width: 100 },
              ...(canManage
                ? [{ title: '操作', key: 'a', width: 100, render: (_: unknown, s: { id: string; name: string }) => <Button size="small" onClick={() => setPlan({ schoolId: s.id, schoolName: s.name })} data-testid={`plan-${s.id}`}>安排督查</Button> }]
                : []),
            ]}
          />
        </Card>
      )}
      <Card size="small" title="督查记录">
        {visits.error && <QueryError error={visits.error} />}
        <Table
          size="small"
          rowKey="id"
          loading={visits.isPending && !!teamId}
          dataSource={visits.data?.items ?? []}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          scroll={mobile ? { x: 600 } : undefined}
          columns={[
            { title: '日期', key: 'd', width: 110, render: (_: unknown, v: VisitSummary) => <Link to={`/supervision/visits/${v.id}`}>{v.visitedOn ?? v.plannedOn}</Link> },
            { title: '学校', dataIndex: ['school', 'name'] },
            { title: '方式', dataIndex: 'kind', width: 90, render: (k: VisitSummary['kind']) => INSPECTION_KIND_LABELS[k] },
            { title: '状态', dataIndex: 'status', width: 90, render: (s: VisitSummary['status']) => <Tag color={VISIT_STATUS[s].color}>{VISIT_STATUS[s].text}</Tag> },
            { title: '问题', dataIndex: 'findingCount', width: 70 },
            { title: '反馈', dataIndex: 'feedbackIssuedAt', width: 90, render: (v: string | null) => (v ? <Tag color="success">已下发</Tag> : '—') },
          ]}
        />
      </Card>
      {teamId && <PlanModal teamId={teamId} plan={plan} onClose={() => setPlan(null)} />}
    </div>
  );
}
