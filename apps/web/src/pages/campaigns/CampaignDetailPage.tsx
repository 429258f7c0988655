import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, List, Modal, Progress, Row, Select, Skeleton, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { CopyOutlined, EditOutlined } from '@ant-design/icons';
import { can, HAZARD_DOMAIN_LABELS, type HazardDomain } from '@xiaoan/domain';
import { errorMessage } from '../../api/client';
import {
  planFileUrl,
  TASK_STATUS_COLORS,
  TASK_STATUS_LABELS,
  useAddTask,
  useBreakDown,
  useCampaign,
  useCampaignOverview,
  useCopyCampaign,
  useTaskProgress,
  type CampaignDetail,
  type CampaignOverview,
  type CampaignTask,
  type TaskStatus,
} from '../../api/campaigns';
import { PageTitle, QueryError } from '../../components/common';
import { useDepartments } from '../../api/queries';
import { UploadField } from '../../components/hazard/UploadField';
import { useMe } from '../../auth/session';
import { useIsMobile } from '../../lib/useIsMobile';
import { EditCampaignModal } from './EditCampaignModal';
import { CampaignReportTypesButton } from '../reports/CampaignReportTypesButton';
import { dateTime } from '../../lib/format';
import { DayPicker } from '../../components/DayPicker';
import { FOCUSED_TASK_CLASS, FocusedTaskStyle, useFocusedTask, useScrollToTask } from './taskFocus';

const dayMs = 86_400_000;
const dayOf = (d: string) => Date.parse(`${d}T00:00:00Z`) / dayMs;
const STAGE_COLORS = { past: '#737373', current: '#1668dc', future: '#91caff' } as const;

/** The stages on one line from the campaign's start to its end, with today marked. */
export function StageTimeline({ overview }: { overview: CampaignOverview }) {
  const { timeline, today } = overview;
  // The scale reaches today even when the campaign is over (or not begun), so today is always marked.
  const start = Math.min(dayOf(timeline.start), dayOf(today));
  const span = Math.max(1, Math.max(dayOf(timeline.end), dayOf(today)) - start + 1);
  const pos = (d: string) => Math.min(100, Math.max(0, ((dayOf(d) - start) / span) * 100));
  const todayPos = ((dayOf(today) - start + 0.5) / span) * 100;
  return (
    <div data-testid="stage-timeline">
      <div style={{ position: 'relative', height: 34, background: '#f5f5f5', borderRadius: 6, margin: '28px 0 8px' }}>
        {timeline.stages.map((s) => (
          <div
            key={s.id}
            title={`${s.name}：${s.start} 至 ${s.end}`}
            style={{
              position: 'absolute',
              left: `${pos(s.start)}%`,
              width: `${Math.max(1, ((dayOf(s.end) - dayOf(s.start) + 1) / span) * 100)}%`,
              top: 0,
              bottom: 0,
              background: STAGE_COLORS[s.state],
              borderRight: '2px solid #fff',
              borderRadius: 4,
              overflow: 'hidden',
              color: s.state === 'future' ? '#003a8c' : '#fff',
              fontSize: 12,
              lineHeight: '34px',
              paddingLeft: 4,
              whiteSpace: 'nowrap',
            }}
          >
            {s.name}
          </div>
        ))}
        {todayPos >= 0 && todayPos <= 100 && (
          <div data-testid="timeline-today" style={{ position: 'absolute', left: `${todayPos}%`, top: -24, bottom: -4, borderLeft: '2px solid #cf1322' }}>
            <span style={{ position: 'absolute', top: 0, ...(todayPos > 70 ? { right: 4 } : { left: 4 }), color: '#cf1322', fontSize: 12, whiteSpace: 'nowrap' }}>今天 {today}</span>
          </div>
        )}
      </div>
      <Space style={{ justifyContent: 'space-between', width: '100%', fontSize: 12 }}>
        <Typography.Text type="secondary">{timeline.start}</Typography.Text>
        {!timeline.todayInPeriod && <Tag>{today < timeline.start ? '尚未开始' : '已结束'}</Tag>}
        <Typography.Text type="secondary">{timeline.end}</Typography.Text>
      </Space>
      <List
        size="small"
        style={{ marginTop: 8 }}
        dataSource={timeline.stages}
        renderItem={(s, i) => (
          <List.Item data-testid="timeline-stage">
            <Space wrap size={[8, 0]}>
              <Tag color={s.state === 'current' ? 'blue' : s.state === 'past' ? 'default' : 'cyan'}>{s.state === 'current' ? '进行中' : s.state === 'past' ? '已过' : '未到'}</Tag>
              <Typography.Text strong>
                第{i + 1}阶段 {s.name}
              </Typography.Text>
              <Typography.Text type="secondary">
                {s.start} 至 {s.end}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </div>
  );
}

/** How the schools stand on a task broken down to them (all of them, whoever looks): the task's status is theirs. */
function schoolTallyText(t: CampaignTask): string {
  return t.schoolTally ? `${t.schoolTally.done}/${t.schoolTally.total} 校完成` : '';
}

function StatusTag({ status, overdue }: { status: TaskStatus; overdue: boolean }) {
  return (
    <Space size={4}>
      <Tag color={TASK_STATUS_COLORS[status]}>{TASK_STATUS_LABELS[status]}</Tag>
      {overdue && <Tag color="red">逾期</Tag>}
    </Space>
  );
}

function ProgressModal({ task, onClose }: { task: CampaignTask; onClose: () => void }) {
  const [form] = Form.useForm<{ text: string; status?: TaskStatus; fileIds?: string[] }>();
  const progress = useTaskProgress();
  const me = useMe();
  const schoolSide = me.unit.kind === 'school' || me.unit.kind === 'campus';
  const [uploading, setUploading] = useState(false);
  const { message } = App.useApp();
  return (
    <Modal
      open
      title={`填报进展：${task.title}`}
      okText="提交"
      onCancel={onClose}
      confirmLoading={progress.isPending}
      okButtonProps={{ disabled: uploading }}
      onOk={() =>
        void form.validateFields().then((v) =>
          progress.mutate(
            { id: task.id, body: { text: v.text, status: v.status, fileIds: v.fileIds?.length ? v.fileIds : undefined } },
            {
              onSuccess: () => {
                void message.success('进展已提交');
                onClose();
              },
            },
          ),
        )
      }
    >
      <List
        size="small"
        dataSource={task.progress}
        locale={{ emptyText: '还没有进展记录' }}
        renderItem={(p) => (
          <List.Item>
            <Space direction="vertical" size={0}>
              <Typography.Text>{p.text}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {p.author}
                {p.school ? `（${p.school.name}）` : ''} · {dateTime(p.createdAt)}
                {p.statusAfter ? ` · ${TASK_STATUS_LABELS[p.statusAfter]}` : ''}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <Form form={form} layout="vertical" style={{ marginTop: 12 }}>
        <Form.Item name="text" label="进展情况" rules={[{ required: true, message: '请填写进展情况' }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="progress-text" />
        </Form.Item>
        {task.allowedActions.includes('update_status') && (
          <Form.Item name="status" label="状态">
            <Select allowClear placeholder="不变" options={Object.entries(TASK_STATUS_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        )}
        <Form.Item name="fileIds" label={schoolSide ? '佐证材料（照片或 PDF）' : '佐证材料（照片或 PDF，归属本局，学校不可见）'}>
          <UploadField allow="any" max={10} onBusyChange={setUploading} unitId={schoolSide ? undefined : me.unit.id} />
        </Form.Item>
      </Form>
      {progress.error && <Alert type="error" message={errorMessage(progress.error)} />}
    </Modal>
  );
}

/** 增加任务: title, lead departments (required), stage, deadline. */
function AddTaskModal({ detail, onClose }: { detail: CampaignDetail; onClose: () => void }) {
  const [form] = Form.useForm<{ title: string; leadDepartmentIds: string[]; stageIndex?: number; deadline?: string; description?: string }>();
  const add = useAddTask(detail.campaign.id);
  const departments = useDepartments();
  return (
    <Modal
      open
      title="增加任务"
      okText="增加"
      onCancel={onClose}
      confirmLoading={add.isPending}
      onOk={() =>
        void form.validateFields().then((v) =>
          add.mutate({ title: v.title, leadDepartmentIds: v.leadDepartmentIds, stageIndex: v.stageIndex ?? null, deadline: v.deadline || null, description: v.description ?? '' }, { onSuccess: onClose }),
        )
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item name="title" label="任务" rules={[{ required: true, message: '请填写任务' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="leadDepartmentIds" label="牵头科室" rules={[{ required: true, type: 'array', min: 1, message: '请选择至少一个牵头科室' }]}>
          <Select mode="multiple" options={(departments.data?.items ?? []).filter((x) => x.status === 'active').map((x) => ({ value: x.id, label: x.name }))} />
        </Form.Item>
        <Form.Item name="stageIndex" label="阶段">
          <Select allowClear options={detail.stages.map((s, i) => ({ value: i, label: s.name }))} />
        </Form.Item>
        <Form.Item name="deadline" label="期限">
          <DayPicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="description" label="说明">
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
      {add.error && <Alert type="error" message={errorMessage(add.error)} />}
    </Modal>
  );
}

function TaskList({ tasks, detail }: { tasks: CampaignTask[]; detail: CampaignDetail }) {
  const isMobile = useIsMobile();
  const [open, setOpen] = useState<CampaignTask | null>(null);
  const [adding, setAdding] = useState(false);
  const [dept, setDept] = useState<string | undefined>();
  const [stage, setStage] = useState<string | undefined>();
  const breakDown = useBreakDown();
  // What the caller may do with each task is the server's answer (lead, office, co-operating department, own school copy).
  const mayReport = (t: CampaignTask) => t.allowedActions.includes('add_progress');
  const depts = useMemo(() => [...new Map(tasks.flatMap((t) => t.leads).map((l) => [l.id, l])).values()], [tasks]);
  const shown = tasks.filter((t) => (!dept || t.leads.some((l) => l.id === dept)) && (!stage || t.stageId === stage));
  const focus = useFocusedTask(); // ?task=<id>: the task a link opened (home page), scrolled to and marked
  useScrollToTask(focus, shown.length);
  const actions = (t: CampaignTask) => (
    <Space wrap>
      {mayReport(t) && (
        <Button size="small" onClick={() => setOpen(t)} data-testid="task-progress">
          进展
        </Button>
      )}
      {t.allowedActions.includes('break_down') && !t.schoolTally && (
        <Button size="small" loading={breakDown.isPending && breakDown.variables === t.id} onClick={() => breakDown.mutate(t.id)}>
          分解到各校
        </Button>
      )}
    </Space>
  );
  return (
    <>
      <div className="xa-filters">
        <Select allowClear aria-label="按牵头科室筛选" placeholder="牵头科室" value={dept} onChange={setDept} options={depts.map((d) => ({ value: d.id, label: d.name }))} style={{ minWidth: 160 }} />
        <Select allowClear aria-label="按阶段筛选" placeholder="阶段" value={stage} onChange={setStage} options={detail.stages.map((s) => ({ value: s.id, label: s.name }))} style={{ minWidth: 140 }} />
        {detail.canManage && (
          <Button onClick={() => setAdding(true)} data-testid="task-add">
            增加任务
          </Button>
        )}
      </div>
      {adding && <AddTaskModal detail={detail} onClose={() => setAdding(false)} />}
      {focus && <FocusedTaskStyle />}
      {isMobile ? (
        <List
          dataSource={shown}
          locale={{ emptyText: '没有任务' }}
          renderItem={(t) => (
            // A list item around each card: the list is a <ul>, which may hold only <li>s.
            <List.Item className="xa-card-item">
              <Card size="small" style={{ marginBottom: 8 }} data-testid="task-row" data-task-id={t.id} className={focus === t.id ? FOCUSED_TASK_CLASS : undefined} aria-current={focus === t.id ? 'true' : undefined}>
                <Typography.Text strong className="xa-wrap">
                  {t.title}
                </Typography.Text>
                <div style={{ margin: '4px 0' }}>
                  <StatusTag status={t.status} overdue={t.overdue} />
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  牵头：{t.leads.map((l) => l.name).join('、')}
                  {t.deadline ? ` · 期限 ${t.deadline}` : ''}
                  {t.stageName ? ` · ${t.stageName}` : ''}
                </Typography.Text>
                {t.schoolTally && <div style={{ fontSize: 12 }}>一校一策：{schoolTallyText(t)}</div>}
                <div style={{ marginTop: 6 }}>{actions(t)}</div>
              </Card>
            </List.Item>
          )}
        />
      ) : (
        <Table
          rowKey="id"
          size="small"
          dataSource={shown}
          pagination={false}
          onRow={(t) => ({ 'data-testid': 'task-row', 'data-task-id': t.id, 'aria-current': focus === t.id ? 'true' : undefined }) as never}
          rowClassName={(t) => [t.overdue ? 'xa-row-overdue' : '', focus === t.id ? FOCUSED_TASK_CLASS : ''].filter(Boolean).join(' ')}
          columns={[
            { title: '任务', dataIndex: 'title', render: (v: string, t) => (<Space direction="vertical" size={0}><span>{v}</span>{t.domain && <Tag>{HAZARD_DOMAIN_LABELS[t.domain as HazardDomain] ?? t.domain}</Tag>}</Space>) },
            { title: '牵头', key: 'leads', width: 140, render: (_: unknown, t) => t.leads.map((l) => l.name).join('、') },
            { title: '配合', key: 'coop', width: 160, render: (_: unknown, t) => [...t.cooperating.map((c) => c.name), t.cooperatingNote].filter(Boolean).join('；') || '—' },
            { title: '阶段', dataIndex: 'stageName', width: 100, render: (v: string | null) => v ?? '—' },
            { title: '期限', dataIndex: 'deadline', width: 110, render: (v: string | null) => v ?? '—' },
            { title: '状态', key: 'status', width: 130, render: (_: unknown, t) => <StatusTag status={t.status} overdue={t.overdue} /> },
            {
              title: '一校一策',
              key: 'schools',
              width: 110,
              render: (_: unknown, t) => (t.schoolTally ? schoolTallyText(t) : '—'),
            },
            { title: '操作', key: 'act', width: 170, render: (_: unknown, t) => actions(t) },
          ]}
        />
      )}
      {breakDown.error && <Alert type="error" message={errorMessage(breakDown.error)} />}
      {open && <ProgressModal task={tasks.find((t) => t.id === open.id) ?? open} onClose={() => setOpen(null)} />}
    </>
  );
}

function Tally({ rows, label }: { rows: { key: string; name: string; total: number; done: number; overdue: number; inProgress: number }[]; label: string }) {
  return (
    <Table
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 360 }}
      columns={[
        { title: label, dataIndex: 'name' },
        { title: '任务', dataIndex: 'total', width: 60 },
        { title: '进行中', dataIndex: 'inProgress', width: 70 },
        { title: '完成', key: 'p', width: 140, render: (_: unknown, r) => <Progress size="small" aria-label={`${r.name}完成 ${r.done}/${r.total}`} percent={r.total ? Math.round((r.done / r.total) * 100) : 0} format={() => `${r.done}/${r.total}`} /> },
        { title: '逾期', dataIndex: 'overdue', width: 60, render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : 0) },
      ]}
    />
  );
}

/** 专项整治 detail: timeline, tasks by department and stage, overdue tasks, school participation. */
export default function CampaignDetailPage() {
  const { id } = useParams();
  const q = useCampaign(id);
  const o = useCampaignOverview(id);
  const copy = useCopyCampaign();
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const me = useMe();
  const isMobile = useIsMobile();
  const [editing, setEditing] = useState(false);
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Skeleton active />;
  const d = q.data;
  const c = d.campaign;
  const ov = o.data;
  return (
    <div data-testid="campaign-detail">
      <PageTitle
        title={<span className="xa-wrap" data-testid="campaign-title">{c.title}</span>}
        sub={[c.docNumber, c.issuer, c.issuedOn].filter(Boolean).join(' · ') || undefined}
        extra={
          d.canManage && (
            <>
              {can(me.role, 'campaign.manage') && (
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="campaign-edit-open">
                  编辑
                </Button>
              )}
              <Button
                icon={<CopyOutlined />}
                loading={copy.isPending}
                onClick={() =>
                  modal.confirm({
                    title: '复制为下一年度',
                    content: '所有日期顺延一年，任务状态重置为未开始，不带进展记录。',
                    okText: '复制',
                    onOk: () => copy.mutateAsync(c.id).then((n) => void navigate(`/campaigns/${n.campaign.id}`)),
                  })
                }
              >
                复制为下一年度
              </Button>
            </>
          )
        }
      />
      {editing && <EditCampaignModal detail={d} onClose={() => setEditing(false)} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card title={`时间安排（${c.periodStart} 至 ${c.periodEnd}）`} size="small">
            {ov ? <StageTimeline overview={ov} /> : <Skeleton active />}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title="任务进度">
            <Row gutter={8}>
              <Col span={8}>
                <Statistic title="任务" value={c.taskCount} />
              </Col>
              <Col span={8}>
                <Statistic title="已完成" value={c.doneCount} />
              </Col>
              <Col span={8}>
                <Statistic title="逾期" value={c.overdueCount} valueStyle={c.overdueCount ? { color: '#cf1322' } : undefined} />
              </Col>
            </Row>
            {ov && (
              <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
                <Descriptions.Item label="参与学校">{ov.schoolCount} 所</Descriptions.Item>
                <Descriptions.Item label="期间登记隐患">
                  {ov.attribution.hazards} 条（已销号 {ov.attribution.hazardsClosed}）
                </Descriptions.Item>
                <Descriptions.Item label="期间检查记录">{ov.attribution.inspections} 次</Descriptions.Item>
              </Descriptions>
            )}
          </Card>
        </Col>
      </Row>
      <Card size="small" style={{ marginTop: 16 }}>
        <Tabs
          // Short labels and narrow gaps on a phone, so the three tabs fit and no overflow button sits in the tab list.
          tabBarGutter={isMobile ? 16 : undefined}
          items={[
            { key: 'tasks', label: `${isMobile ? '任务' : '任务清单'}（${d.tasks.length}）`, children: <TaskList tasks={d.tasks} detail={d} /> },
            {
              key: 'progress',
              label: '按科室/阶段',
              children: ov ? (
                <Space direction="vertical" style={{ width: '100%' }} size="large">
                  <Tally label="牵头科室" rows={ov.byDepartment.map((r) => ({ key: r.department.id, name: r.department.name, ...r }))} />
                  <Tally label="阶段" rows={ov.byStage.map((r) => ({ key: r.stage?.id ?? 'none', name: r.stage?.name ?? '未分阶段', ...r }))} />
                </Space>
              ) : (
                <Skeleton active />
              ),
            },
            {
              key: 'overdue',
              label: `${isMobile ? '逾期' : '逾期任务'}（${ov?.overdueTasks.length ?? 0}）`,
              children: (
                <List
                  dataSource={ov?.overdueTasks ?? []}
                  locale={{ emptyText: '没有逾期任务' }}
                  renderItem={(t) => (
                    <List.Item data-testid="overdue-task">
                      <Space direction="vertical" size={0}>
                        <Typography.Text strong>{t.title}</Typography.Text>
                        <Typography.Text type="secondary">
                          牵头：{t.leads.join('、')} · 期限 {t.deadline} · <Typography.Text type="danger">逾期 {t.daysOverdue} 天</Typography.Text>
                        </Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              ),
            },
            {
              key: 'schools',
              label: '学校参与',
              children: (
                <Table
                  rowKey={(r) => r.school.id}
                  size="small"
                  dataSource={ov?.schools ?? []}
                  scroll={{ x: 420 }}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  columns={[
                    { title: '学校', key: 's', render: (_: unknown, r) => r.school.name },
                    { title: '一校一策', key: 'c', width: 90, render: (_: unknown, r) => (r.taskCopies ? `${r.done}/${r.taskCopies}` : '—') },
                    { title: '逾期', dataIndex: 'overdue', width: 60 },
                    { title: '隐患', dataIndex: 'hazards', width: 60 },
                    { title: '检查', dataIndex: 'inspections', width: 60 },
                  ]}
                />
              ),
            },
            {
              key: 'teams',
              label: `督查组（${d.teams.length}）`,
              children: d.teams.length ? (
                <List
                  dataSource={d.teams}
                  renderItem={(t) => (
                    <List.Item>
                      <Space direction="vertical" size={0}>
                        <Typography.Text strong>
                          {t.name}
                          {t.leader ? `（组长：${t.leader}）` : ''}
                        </Typography.Text>
                        <Typography.Text type="secondary" className="xa-wrap">
                          {t.schools.map((s) => s.name).join('、') || '未分配学校'}
                        </Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              ) : (
                <Empty description="未指定督查组" />
              ),
            },
            {
              key: 'rules',
              label: '指标与报送',
              children: (
                <Space direction="vertical" style={{ width: '100%' }}>
                  {d.indicators.map((x) => (
                    <Tag key={x.id} color="geekblue">
                      {x.name} {x.target}
                      {x.unit}
                    </Tag>
                  ))}
                  {d.reportingRules.map((r) => (
                    <Typography.Paragraph key={r.id} style={{ margin: 0 }}>
                      · {r.text}
                    </Typography.Paragraph>
                  ))}
                  <CampaignReportTypesButton campaign={d} />
                  {d.indicators.length + d.reportingRules.length === 0 && <Empty description="没有指标和报送要求" />}
                  {d.planFileId && <Link to={planFileUrl(d.planFileId)} reloadDocument>下载实施方案原文</Link>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
