import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, List, Modal, Skeleton, Space, Switch, Tabs, Tag, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, SendOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { NOTICE_ANSWER_STATE_LABELS } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { errorMessage } from '../../api/client';
import { fileUrl } from '../../api/files';
import { keys } from '../../api/keys';
import { downloadDocument } from '../../api/reports';
import { noticeApi, noticeDocxPath, useNotice, useNoticeRefresh, type NoticeDetailT, type NoticeUnitT } from '../../api/notices';
import { BackLink, PageTitle, QueryError } from '../../components/common';
import { UploadField } from '../../components/hazard/UploadField';
import { dateTime } from '../../lib/format';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { useVersionedSave } from '../../lib/useVersionedSave';
import { CategoryTag, StatusTag } from './NoticeListPage';

/*
 * One notice: its text (editable while a draft, by the issuing bureau's staff), the named
 * units and the facts behind each (hazards open in the ledger), Word download, issuing with a
 * confirmation; the bureau's answers tab (accept / return); a named school's own row and its
 * answer form (整改报告).
 */

function AnswerTag({ a }: { a: NonNullable<NoticeUnitT['answer']> }) {
  const color = a.state === 'accepted' ? 'green' : a.state === 'submitted' ? 'blue' : 'orange';
  return (
    <Space size={4}>
      <Tag color={color} data-testid="answer-state">{NOTICE_ANSWER_STATE_LABELS[a.state]}</Tag>
      {a.overdue && <Tag color="red">已逾期</Tag>}
    </Space>
  );
}

function Facts({ u }: { u: NoticeUnitT }) {
  if (u.facts.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <ul style={{ margin: 0, paddingLeft: 18 }}>
      {u.facts.map((f, i) => (
        <li key={i} data-testid="notice-fact">
          {f.kind === 'hazard' && f.hazardId ? <Link to={`/hazards/${f.hazardId}`}>{f.label}</Link> : f.label}
        </li>
      ))}
    </ul>
  );
}

function UnitsList({ n }: { n: NoticeDetailT }) {
  return (
    <List
      dataSource={n.units}
      locale={{ emptyText: '没有点名单位' }}
      renderItem={(u) => (
        <List.Item data-testid="notice-unit">
          <Space direction="vertical" size={4} style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text strong>{u.unitName}</Typography.Text>
              {u.answer && <AnswerTag a={u.answer} />}
            </Space>
            <Typography.Text>{u.summary}</Typography.Text>
            <Facts u={u} />
          </Space>
        </List.Item>
      )}
    />
  );
}

function BodyView({ n }: { n: NoticeDetailT }) {
  return (
    <Card>
      <Typography.Paragraph style={{ textAlign: 'center', color: '#c00000', fontSize: 22, fontWeight: 700, marginBottom: 4 }}>{n.issuer.name}</Typography.Paragraph>
      <Typography.Paragraph style={{ textAlign: 'center', borderBottom: '2px solid #c00000', paddingBottom: 8 }}>{n.docNumber}</Typography.Paragraph>
      <Typography.Title level={4} style={{ textAlign: 'center' }} data-testid="notice-title">{n.title}</Typography.Title>
      <Typography.Paragraph>{n.recipients}：</Typography.Paragraph>
      {n.body.split('\n').filter(Boolean).map((p, i) => (
        <Typography.Paragraph key={i} style={{ textIndent: '2em' }}>{p}</Typography.Paragraph>
      ))}
      <Typography.Paragraph style={{ textAlign: 'right' }}>
        {n.issuer.name}
        <br />
        {n.issueDate ?? '（未印发）'}
      </Typography.Paragraph>
    </Card>
  );
}

type EditValues = { title: string; docNumber: string; recipients: string; body: string; ordersRectification: boolean; answerDueDate: Dayjs | null; units: { unitId: string; unitName: string; summary: string }[] };

function DraftEditor({ n }: { n: NoticeDetailT }) {
  const [form] = Form.useForm<EditValues>();
  const { message } = App.useApp();
  const refresh = useNoticeRefresh();
  const orders = Form.useWatch('ordersRectification', form);
  const save = useVersionedSave<NoticeDetailT, EditValues, NoticeDetailT>({
    form,
    record: n,
    refresh: [keys.notices.all],
    staleMessage: '通报已被他人修改，已载入最新内容，请核对后再保存',
    save: (base, v) =>
      noticeApi.update(n.id, {
        version: base!.version,
        title: v.title,
        docNumber: v.docNumber,
        recipients: v.recipients,
        body: v.body,
        ...(n.category === 'criticism' ? { ordersRectification: v.ordersRectification, answerDueDate: v.ordersRectification ? (v.answerDueDate?.format('YYYY-MM-DD') ?? null) : null } : {}),
        // Only the summaries are form fields; the ids ride along in the list's values.
        units: (form.getFieldValue('units') as EditValues['units']).map((u, i) => ({ unitId: u.unitId, summary: v.units?.[i]?.summary ?? u.summary })),
      }),
    onSuccess: (d) => {
      refresh(d);
      void message.success('已保存');
    },
  });
  return (
    <Form<EditValues>
      form={form}
      layout="vertical"
      initialValues={{ title: n.title, docNumber: n.docNumber, recipients: n.recipients, body: n.body, ordersRectification: n.ordersRectification, answerDueDate: n.answerDueDate ? dayjs(n.answerDueDate) : null, units: n.units.map((u) => ({ unitId: u.unitId, unitName: u.unitName, summary: u.summary })) }}
    >
      <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '标题不能为空' }]}>
        <Input maxLength={200} data-testid="edit-title" />
      </Form.Item>
      <Space wrap style={{ width: '100%' }}>
        <Form.Item name="docNumber" label="文号" rules={[{ required: true, whitespace: true, message: '文号不能为空' }]}>
          <Input maxLength={60} style={{ width: 220 }} data-testid="edit-doc-number" />
        </Form.Item>
        {n.category === 'criticism' && (
          <Form.Item name="ordersRectification" label="责令整改" valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        {n.category === 'criticism' && orders && (
          <Form.Item name="answerDueDate" label="整改报告截止日期" rules={[{ required: true, message: '请选择截止日期' }]}>
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        )}
      </Space>
      <Form.Item name="recipients" label="主送">
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item name="body" label="正文（每段一行）">
        <Input.TextArea autoSize={{ minRows: 6, maxRows: 20 }} maxLength={20000} />
      </Form.Item>
      <Typography.Text strong>点名单位（表格）</Typography.Text>
      <Form.List name="units">
        {(fields, { remove }) => (
          <List
            size="small"
            dataSource={fields}
            locale={{ emptyText: '通报须至少点名一个单位' }}
            renderItem={(f) => (
              <List.Item key={f.key} actions={[<Button key="x" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="移出" />]}>
                <div style={{ width: '100%' }}>
                  <Typography.Text>{form.getFieldValue(['units', f.name, 'unitName'])}</Typography.Text>
                  <Form.Item name={[f.name, 'summary']} style={{ margin: '4px 0 0' }}>
                    <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
                  </Form.Item>
                </div>
              </List.Item>
            )}
          />
        )}
      </Form.List>
      {save.error && <Alert type="error" showIcon message={save.error} style={{ margin: '12px 0' }} />}
      <Button type="primary" onClick={() => void save.submit()} loading={save.saving} style={{ marginTop: 12 }} data-testid="notice-save">
        保存草稿
      </Button>
    </Form>
  );
}

function AnswerForm({ n, own }: { n: NoticeDetailT; own: NoticeUnitT }) {
  const [form] = Form.useForm<{ text: string; fileIds: string[] }>();
  const { message } = App.useApp();
  const refresh = useNoticeRefresh();
  const [busy, setBusy] = useState(false);
  const send = useFormSubmit<{ text: string; fileIds: string[] }, NoticeDetailT>({
    form,
    check: () => (busy ? '附件仍在上传，请稍候' : null),
    submit: (v) => noticeApi.answer(n.id, { text: v.text, fileIds: v.fileIds ?? [] }),
    onSuccess: (d) => {
      refresh(d);
      void message.success('整改报告已报送');
    },
  });
  return (
    <Card title="报送整改报告" size="small" data-testid="answer-form">
      {own.answer?.state === 'returned' && own.answer.reviewComment && <Alert type="warning" showIcon message={`退回意见：${own.answer.reviewComment}`} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ text: own.answer?.text ?? '', fileIds: [] }}>
        <Form.Item name="text" label={`整改情况（${n.answerDueDate ?? ''} 前报送）`} rules={[{ required: true, whitespace: true, message: '请填写整改情况' }]}>
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={20000} data-testid="answer-text" />
        </Form.Item>
        <Form.Item name="fileIds" label="佐证材料（照片或 PDF，可选）">
          <UploadField allow="any" unitId={own.unitId} onBusyChange={setBusy} />
        </Form.Item>
        {send.error && <Alert type="error" showIcon message={send.error} style={{ marginBottom: 12 }} />}
        <Button type="primary" onClick={() => void send.submit()} loading={send.saving} data-testid="answer-submit">
          报送整改报告
        </Button>
      </Form>
    </Card>
  );
}

function AnswerView({ u }: { u: NoticeUnitT }) {
  const a = u.answer;
  if (!a) return null;
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }}>
      <AnswerTag a={a} />
      {a.text && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{a.text}</Typography.Paragraph>}
      {a.files.length > 0 && (
        <Space wrap>
          {a.files.map((f) => (
            <a key={f.id} href={fileUrl(f.id)} target="_blank" rel="noreferrer">{f.originalName}</a>
          ))}
        </Space>
      )}
      {a.submittedAt && <Typography.Text type="secondary">{a.submittedBy ?? ''} 报送于 {dateTime(a.submittedAt)}</Typography.Text>}
      {a.reviewComment && <Typography.Text type="secondary">审核意见：{a.reviewComment}</Typography.Text>}
    </Space>
  );
}

function AnswersTab({ n }: { n: NoticeDetailT }) {
  const { message } = App.useApp();
  const refresh = useNoticeRefresh();
  const [returning, setReturning] = useState<NoticeUnitT | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const review = (u: NoticeUnitT, decision: 'accept' | 'return', text?: string) => {
    setBusy(u.unitId);
    const call = decision === 'accept' ? noticeApi.accept(n.id, { unitId: u.unitId }) : noticeApi.return(n.id, { unitId: u.unitId, comment: text });
    call.then(
      (d) => {
        refresh(d);
        setReturning(null);
        setComment('');
        void message.success(decision === 'accept' ? '已通过' : '已退回');
      },
      (e: unknown) => void message.error(errorMessage(e)),
    ).finally(() => setBusy(null));
  };
  const a = n.answers;
  return (
    <>
      <Typography.Paragraph>
        截止 {n.answerDueDate}：已报送 {a.submitted + a.accepted} / {n.unitCount}，已通过 {a.accepted}，待报送 {a.awaiting + a.returned}
        {a.overdue > 0 && <Tag color="red" style={{ marginLeft: 8 }}>逾期未报 {a.overdue}</Tag>}
      </Typography.Paragraph>
      <List
        dataSource={n.units}
        renderItem={(u) => (
          <List.Item
            data-testid="answer-row"
            actions={
              u.answer?.state === 'submitted' && n.allowedActions.includes('review')
                ? [
                    <Button key="a" size="small" type="primary" loading={busy === u.unitId} onClick={() => review(u, 'accept')}>通过</Button>,
                    <Button key="r" size="small" danger onClick={() => setReturning(u)}>退回</Button>,
                  ]
                : []
            }
          >
            <Space direction="vertical" size={4} style={{ width: '100%' }}>
              <Typography.Text strong>{u.unitName}</Typography.Text>
              <AnswerView u={u} />
            </Space>
          </List.Item>
        )}
      />
      <Modal open={!!returning} title={`退回${returning?.unitName ?? ''}的整改报告`} okText="退回" okButtonProps={{ danger: true, disabled: !comment.trim() }} onOk={() => returning && review(returning, 'return', comment)} onCancel={() => setReturning(null)}>
        <Input.TextArea value={comment} onChange={(e) => setComment(e.target.value)} placeholder="退回意见（必填）" maxLength={2000} autoSize={{ minRows: 3 }} />
      </Modal>
    </>
  );
}

export default function NoticeDetailPage() {
  const { id } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const q = useNotice(id);
  const refresh = useNoticeRefresh();
  const [downloading, setDownloading] = useState(false);
  if (q.isLoading) return <Skeleton active />;
  if (q.error || !q.data) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const n = q.data;
  const can = (a: string) => n.allowedActions.includes(a);
  const school = me.role === 'school_admin' || me.role === 'school_staff';
  const own = n.units.find((u) => u.unitId === me.unit.id);

  const download = () => {
    setDownloading(true);
    downloadDocument(noticeDocxPath(n.id), `${n.title}.docx`).then(
      () => undefined,
      (e: unknown) => void message.error(errorMessage(e)),
    ).finally(() => setDownloading(false));
  };
  const issue = () =>
    modal.confirm({
      title: '印发通报',
      content: `印发后通报成为存档记录，不能再修改；将通知被点名的 ${n.unitCount} 个单位${n.ordersRectification ? `，并要求其于 ${n.answerDueDate} 前报送整改报告` : ''}。确定印发？`,
      okText: '确定印发',
      onOk: () =>
        noticeApi.issue(n.id, n.version).then(
          (d) => {
            refresh(d);
            void message.success('通报已印发');
          },
          (e: unknown) => {
            void message.error(errorMessage(e));
          },
        ),
    });
  const remove = () =>
    modal.confirm({
      title: '删除草稿',
      content: '删除后不能恢复。',
      okButtonProps: { danger: true },
      onOk: () =>
        noticeApi.remove(n.id, n.version).then(
          () => {
            refresh();
            void navigate('/notices');
          },
          (e: unknown) => void message.error(errorMessage(e)),
        ),
    });

  const actions = (
    <Space wrap>
      {can('download') && <Button icon={<DownloadOutlined />} onClick={download} loading={downloading} data-testid="notice-download">下载 Word</Button>}
      {can('issue') && <Button type="primary" icon={<SendOutlined />} onClick={issue} data-testid="notice-issue">印发</Button>}
      {can('delete') && <Button danger onClick={remove}>删除草稿</Button>}
    </Space>
  );
  const facts = (
    <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 12 }}>
      <Descriptions.Item label="文号">{n.docNumber}</Descriptions.Item>
      <Descriptions.Item label="印发日期">{n.issueDate ?? '未印发'}</Descriptions.Item>
      {!school && <Descriptions.Item label="点名单位">{n.unitCount}</Descriptions.Item>}
      <Descriptions.Item label="整改报告">{n.ordersRectification ? `须于 ${n.answerDueDate} 前报送` : '无须报送'}</Descriptions.Item>
    </Descriptions>
  );

  const tabs = [
    { key: 'text', label: n.status === 'draft' && can('update') ? '编辑' : '正文', children: n.status === 'draft' && can('update') ? <DraftEditor key={n.version} n={n} /> : <BodyView n={n} /> },
    { key: 'units', label: school ? '本校情况' : `点名单位（${n.unitCount}）`, children: <UnitsList n={n} /> },
    ...(!school && n.status === 'issued' && n.ordersRectification ? [{ key: 'answers', label: `整改报告${n.answers.overdue ? `（逾期 ${n.answers.overdue}）` : ''}`, children: <AnswersTab n={n} /> }] : []),
  ];

  return (
    <>
      <BackLink to="/notices">通报</BackLink>
      <PageTitle
        title={<span data-testid="notice-heading">{n.title}</span>}
        sub={
          <Space size={4} wrap>
            <CategoryTag n={n} />
            <StatusTag n={n} />
          </Space>
        }
        extra={actions}
      />
      {facts}
      {school && own ? (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card size="small" title="本校被通报的情况">
            <Typography.Paragraph>{own.summary}</Typography.Paragraph>
            <Facts u={own} />
          </Card>
          {own.answer && own.answer.state !== 'awaiting' && (
            <Card size="small" title="本校整改报告">
              <AnswerView u={own} />
            </Card>
          )}
          {can('answer') && <AnswerForm n={n} own={own} />}
          {own.answer && !can('answer') && me.role === 'school_staff' && own.answer.state === 'awaiting' && <Alert type="info" showIcon message="整改报告由学校管理员报送" />}
          <BodyView n={n} />
        </Space>
      ) : n.units.length === 0 && school ? (
        <Empty description="本通报没有点名本校" />
      ) : (
        <Tabs items={tabs} />
      )}
    </>
  );
}
