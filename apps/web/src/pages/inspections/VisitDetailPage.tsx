import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, List, Modal, Popconfirm, Radio, Select, Skeleton, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { HAZARD_DOMAIN_LABELS, HAZARD_DOMAINS, INSPECTION_KIND_LABELS, type HazardDomain, type InspectionKind } from '@xiaoan/domain';
import { errorMessage } from '../../api/client';
import { inspectionApi } from '../../api/inspections';
import { PageTitle, QueryError } from '../../components/common';
import { uuid } from '../../lib/uuid';
import { VISIT_STATUS } from './SupervisionPage';
import { keys } from '../../api/keys';
import { dateTime } from '../../lib/format';

type FindingForm = { domain: HazardDomain; grade: 'general' | 'major'; title: string; description: string; location?: string; dueDate: dayjs.Dayjs };

/** One visit: record it, check points with checklists, list the findings (each a hazard with a deadline), issue the feedback. */
export default function VisitDetailPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const q = useQuery({ queryKey: keys.supervision.visit(id), queryFn: ({ signal }) => inspectionApi.visit(id, signal) });
  const schoolId = q.data?.visit.school.id;
  const points = useQuery({ queryKey: keys.points.list({ schoolId }), queryFn: ({ signal }) => inspectionApi.points({ schoolId }, signal), enabled: !!schoolId });
  const [summary, setSummary] = useState('');
  const [pointId, setPointId] = useState<string | undefined>();
  const [findingOpen, setFindingOpen] = useState(false);
  const [findingKey, setFindingKey] = useState(uuid);
  const [form] = Form.useForm<FindingForm>();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: keys.supervision.all });
  };
  const record = useMutation({
    mutationFn: (status: 'done' | 'cancelled') => inspectionApi.recordVisit(id, { version: q.data!.visit.version, status, summary: summary.trim() || undefined }),
    onSuccess: refresh,
  });
  const feedback = useMutation({ mutationFn: () => inspectionApi.issueFeedback(id), onSuccess: () => { refresh(); message.success('督查反馈已下发，学校管理员将收到通知'); } });
  const finding = useMutation({
    mutationFn: (v: FindingForm) => inspectionApi.addFinding(id, { ...v, dueDate: v.dueDate.format('YYYY-MM-DD') }, findingKey),
    onSuccess: () => {
      setFindingOpen(false);
      setFindingKey(uuid());
      form.resetFields();
      refresh();
      void qc.invalidateQueries({ queryKey: keys.hazards.all });
    },
  });
  if (q.isPending) return <Skeleton active />;
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const { visit: v, inspections, findings, canManage } = q.data;
  const error = record.error ?? feedback.error;
  return (
    <div style={{ maxWidth: 900 }}>
      <PageTitle title={`${INSPECTION_KIND_LABELS[v.kind]}：${v.school.name}`} sub={`${v.team.name} · ${v.visitedOn ?? `计划 ${v.plannedOn}`}`} />
      {error && <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 12 }} />}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label="状态"><Tag color={VISIT_STATUS[v.status].color}>{VISIT_STATUS[v.status].text}</Tag></Descriptions.Item>
          <Descriptions.Item label="方式">{INSPECTION_KIND_LABELS[v.kind]}</Descriptions.Item>
          <Descriptions.Item label="计划日期">{v.plannedOn}</Descriptions.Item>
          <Descriptions.Item label="督查日期">{v.visitedOn ?? '—'}</Descriptions.Item>
          {v.note && <Descriptions.Item label="备注">{v.note}</Descriptions.Item>}
          {v.summary && <Descriptions.Item label="督查情况">{v.summary}</Descriptions.Item>}
          <Descriptions.Item label="督查反馈">{v.feedbackIssuedAt ? `已下发（${dateTime(v.feedbackIssuedAt)}）` : '未下发'}</Descriptions.Item>
        </Descriptions>
        {canManage && v.status === 'planned' && (
          <div style={{ marginTop: 12 }}>
            <Input.TextArea value={summary} onChange={(e) => setSummary(e.target.value)} autoSize={{ minRows: 2 }} maxLength={4000} placeholder="督查情况（可选）" style={{ marginBottom: 8 }} />
            <Space wrap>
              <Button type="primary" loading={record.isPending} onClick={() => record.mutate('done')} data-testid="visit-record-done">
                记录督查完成（今天）
              </Button>
              <Popconfirm title="取消这次督查安排？" okText="取消安排" cancelText="不取消" onConfirm={() => record.mutate('cancelled')}>
                <Button>取消安排</Button>
              </Popconfirm>
            </Space>
          </div>
        )}
      </Card>

      <Card size="small" title={`检查记录（${inspections.length}）`} style={{ marginBottom: 12 }}>
        {canManage && v.status !== 'cancelled' && (
          <Space wrap style={{ marginBottom: 8 }}>
            <Select style={{ minWidth: 220 }} placeholder="选择点位" value={pointId} onChange={setPointId} options={(points.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} loading={points.isPending} data-testid="visit-point" />
            <Button disabled={!pointId} onClick={() => void navigate(`/inspections/check/${pointId}?visitId=${v.id}&kind=${v.kind}`)} data-testid="visit-start-check">
              按检查表检查
            </Button>
          </Space>
        )}
        <List
          size="small"
          dataSource={inspections}
          locale={{ emptyText: '暂无' }}
          renderItem={(i) => (
            <List.Item actions={[<Link key="v" to={`/inspections/${i.id}`}>查看</Link>]}>
              {i.inspectedOn} {i.point?.name ?? ''} · {INSPECTION_KIND_LABELS[i.kind as InspectionKind]} · {i.failCount ? <Tag color="error">不合格 {i.failCount}</Tag> : <Tag color="success">全部合格</Tag>}
            </List.Item>
          )}
        />
      </Card>

      <Card
        size="small"
        title={`发现的问题（${findings.length}）`}
        extra={
          canManage && v.status === 'done' && !v.feedbackIssuedAt ? (
            <Space>
              <Button onClick={() => setFindingOpen(true)} data-testid="visit-add-finding">登记问题</Button>
              <Popconfirm title="下发后问题清单将固定，并通知学校管理员。确认下发？" okText="下发" cancelText="取消" onConfirm={() => feedback.mutate()}>
                <Button type="primary" loading={feedback.isPending} data-testid="visit-feedback">下发督查反馈</Button>
              </Popconfirm>
            </Space>
          ) : null
        }
      >
        <List
          size="small"
          dataSource={findings}
          locale={{ emptyText: '暂无' }}
          renderItem={(f) => (
            <List.Item>
              <Link to={`/hazards/${f.id}`}>{f.title}</Link>
              <Typography.Text type="secondary">整改期限 {f.dueDate}</Typography.Text>
            </List.Item>
          )}
        />
      </Card>

      <Modal open={findingOpen} title="登记督查发现的问题" okText="登记" cancelText="取消" onCancel={() => setFindingOpen(false)} onOk={() => form.submit()} confirmLoading={finding.isPending}>
        {finding.error && <Alert type="error" showIcon title={errorMessage(finding.error)} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" initialValues={{ grade: 'general', dueDate: dayjs().add(14, 'day') }} onFinish={(vals) => finding.mutate(vals)}>
          <Form.Item name="title" label="问题" rules={[{ required: true, message: '请写明问题' }]}>
            <Input maxLength={200} placeholder="如：门卫未对来访人员登记" />
          </Form.Item>
          <Form.Item name="description" label="说明" rules={[{ required: true, message: '请写明情况' }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={4000} />
          </Form.Item>
          <Form.Item name="domain" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
            <Select options={HAZARD_DOMAINS.map((d) => ({ value: d, label: HAZARD_DOMAIN_LABELS[d] }))} />
          </Form.Item>
          <Form.Item name="location" label="位置">
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="grade" label="等级">
            <Radio.Group options={[{ value: 'general', label: '一般隐患' }, { value: 'major', label: '重大隐患' }]} />
          </Form.Item>
          <Form.Item name="dueDate" label="整改期限" rules={[{ required: true, message: '请选择整改期限' }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
