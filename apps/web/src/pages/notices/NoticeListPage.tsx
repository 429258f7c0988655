import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Checkbox, DatePicker, Drawer, Empty, Form, InputNumber, Input, List, Select, Space, Switch, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { NOTICE_ANSWER_STATE_LABELS, NOTICE_CATEGORY_LABELS, NOTICE_QUERY_KIND_LABELS, NOTICE_STATE_LABELS, can, type NoticeQueryKind } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { noticeApi, useNoticeRefresh, useNotices, type NoticePreviewT, type NoticeSummaryT } from '../../api/notices';
import { useReportTypes } from '../../api/reports';
import { FilterSelect, PageTitle } from '../../components/common';
import { ResponsiveList } from '../../components/ResponsiveList';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { useUrlState } from '../../lib/useUrlState';
import { useIsMobile } from '../../lib/useIsMobile';

/*
 * 通报: the list (filters: status, kind, answers overdue), and for bureau staff the builder —
 * choose a query and its parameters, preview the schools it names with their facts, create
 * the draft (then edited on its own page).
 */

const KIND_OPTIONS = Object.entries(NOTICE_QUERY_KIND_LABELS).map(([value, label]) => ({ value, label }));
const STATUS_OPTIONS = Object.entries(NOTICE_STATE_LABELS).map(([value, label]) => ({ value, label }));

export function StatusTag({ n }: { n: Pick<NoticeSummaryT, 'status'> }) {
  return n.status === 'issued' ? <Tag color="blue">已印发</Tag> : <Tag>草稿</Tag>;
}
export function CategoryTag({ n }: { n: Pick<NoticeSummaryT, 'category'> }) {
  return <Tag color={n.category === 'commendation' ? 'green' : 'red'}>{NOTICE_CATEGORY_LABELS[n.category]}</Tag>;
}

function AnswersText({ n, school }: { n: NoticeSummaryT; school: boolean }) {
  if (!n.ordersRectification || n.status !== 'issued') return <Typography.Text type="secondary">—</Typography.Text>;
  if (school) return n.myAnswer ? <Tag color={n.myAnswer === 'accepted' ? 'green' : n.myAnswer === 'submitted' ? 'blue' : 'orange'}>{NOTICE_ANSWER_STATE_LABELS[n.myAnswer]}</Tag> : <>—</>;
  const a = n.answers;
  return (
    <Space size={4} wrap>
      <span>已报 {a.submitted + a.accepted}/{n.unitCount}</span>
      {a.accepted > 0 && <Tag color="green">通过 {a.accepted}</Tag>}
      {a.overdue > 0 && <Tag color="red">逾期 {a.overdue}</Tag>}
    </Space>
  );
}

export default function NoticeListPage() {
  const me = useMe();
  const navigate = useNavigate();
  const school = me.role === 'school_admin' || me.role === 'school_staff';
  const manage = can(me.role, 'notice.manage');
  const url = useUrlState(['status', 'kind', 'answerOverdue'] as const);
  const filter = {
    status: url.values.status as NoticeSummaryT['status'] | undefined,
    kind: url.values.kind as NoticeQueryKind | undefined,
    answerOverdue: url.values.answerOverdue === 'true' ? true : undefined,
    page: url.page,
    pageSize: url.pageSize,
  };
  const list = useNotices(filter);
  const [building, setBuilding] = useState(false);

  const title = (n: NoticeSummaryT) => <Link to={`/notices/${n.id}`} data-testid="notice-link">{n.title}</Link>;
  return (
    <>
      <PageTitle
        title="通报"
        sub={school ? '教育局印发的、点名本校的通报；责令整改的须按期报送整改报告' : '按查询起草通报，编辑后下载 Word、印发；被点名学校报送整改报告'}
        extra={manage ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setBuilding(true)} data-testid="notice-build">按查询起草通报</Button> : null}
      />
      <ResponsiveList<NoticeSummaryT>
        rows={list.data?.items ?? []}
        loading={list.isLoading}
        error={list.error}
        onRetry={() => void list.refetch()}
        rowKey="id"
        rowTestId="notice-row"
        unit="份"
        empty={<Empty description={school ? '暂无点名本校的通报' : '暂无通报'} />}
        paging={{ page: url.page, pageSize: url.pageSize, total: list.data?.total ?? 0, set: url.set }}
        filters={
          <div className="xa-filters">
            {!school && <FilterSelect label="状态" value={url.values.status} onChange={(v) => url.set({ status: v as string | undefined })} options={STATUS_OPTIONS} width={110} />}
            <FilterSelect label="类型" value={url.values.kind} onChange={(v) => url.set({ kind: v as string | undefined })} options={KIND_OPTIONS} width={170} />
            {!school && (
              <Checkbox checked={filter.answerOverdue === true} onChange={(e) => url.set({ answerOverdue: e.target.checked ? 'true' : undefined })}>
                整改报告逾期
              </Checkbox>
            )}
          </div>
        }
        onCardClick={(n) => navigate(`/notices/${n.id}`)}
        card={(n) => (
          <Space direction="vertical" size={4} style={{ width: '100%' }}>
            <Typography.Text strong>{n.title}</Typography.Text>
            <Space size={4} wrap>
              <CategoryTag n={n} />
              <StatusTag n={n} />
              <Typography.Text type="secondary">{n.docNumber}</Typography.Text>
            </Space>
            <Space size={8} wrap>
              <span>{n.issueDate ?? '未印发'}</span>
              <span>{school ? '点名本校' : `点名 ${n.unitCount} 个单位`}</span>
              <AnswersText n={n} school={school} />
            </Space>
          </Space>
        )}
        columns={[
          { title: '标题', key: 'title', render: (_, n) => title(n) },
          { title: '文号', dataIndex: 'docNumber', width: 170 },
          { title: '类别', key: 'category', width: 100, render: (_, n) => <CategoryTag n={n} /> },
          { title: '状态', key: 'status', width: 90, render: (_, n) => <StatusTag n={n} /> },
          { title: '印发日期', key: 'issueDate', width: 110, render: (_, n) => n.issueDate ?? '—' },
          { title: school ? '本校' : '点名单位', key: 'units', width: 90, render: (_, n) => (school ? '已点名' : n.unitCount) },
          { title: school ? '我的整改报告' : '整改报告', key: 'answers', width: 190, render: (_, n) => <AnswersText n={n} school={school} /> },
          { title: '截止', key: 'due', width: 110, render: (_, n) => n.answerDueDate ?? '—' },
        ]}
      />
      {manage && <NoticeBuilder open={building} onClose={() => setBuilding(false)} onCreated={(id) => navigate(`/notices/${id}`)} />}
    </>
  );
}

type BuilderValues = {
  kind: NoticeQueryKind;
  minDaysOverdue?: number;
  reportTypeId?: string;
  period?: string;
  range?: [Dayjs, Dayjs];
  minHazards?: number;
  top?: number;
  ordersRectification: boolean;
  answerDueDate?: Dayjs | null;
};

const paramsOf = (v: BuilderValues) =>
  v.kind === 'overdue_hazards'
    ? { minDaysOverdue: v.minDaysOverdue ?? 30 }
    : v.kind === 'missed_reports'
      ? { reportTypeId: v.reportTypeId, ...(v.period?.trim() ? { period: v.period.trim() } : {}) }
      : { from: v.range?.[0]?.format('YYYY-MM-DD'), to: v.range?.[1]?.format('YYYY-MM-DD'), minHazards: v.minHazards ?? 5, top: v.top ?? 5 };

/** The builder: a query and its parameters → the schools it names → a draft. */
function NoticeBuilder({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const [form] = Form.useForm<BuilderValues>();
  const mobile = useIsMobile();
  const refresh = useNoticeRefresh();
  const kind = Form.useWatch('kind', form) ?? 'overdue_hazards';
  const orders = Form.useWatch('ordersRectification', form);
  const types = useReportTypes();
  const [preview, setPreview] = useState<NoticePreviewT | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);

  const previewing = useFormSubmit<BuilderValues, NoticePreviewT>({
    form,
    submit: (v) => noticeApi.preview({ kind: v.kind, params: paramsOf(v) as never }),
    onSuccess: (p) => {
      setPreview(p);
      setChosen(p.units.map((u) => u.unitId));
    },
  });
  const creating = useFormSubmit<BuilderValues, { id: string }>({
    form,
    check: () => (chosen.length === 0 ? '请至少选择一个单位' : null),
    submit: (v) =>
      noticeApi.draftFromQuery({
        kind: v.kind,
        params: paramsOf(v) as never,
        unitIds: chosen,
        ...(v.kind !== 'best_rectification' ? { ordersRectification: v.ordersRectification, answerDueDate: v.ordersRectification ? (v.answerDueDate?.format('YYYY-MM-DD') ?? null) : null } : {}),
      }),
    onSuccess: (n) => {
      refresh();
      onClose();
      onCreated(n.id);
    },
  });

  return (
    <Drawer open={open} onClose={onClose} title="按查询起草通报" width={mobile ? '100%' : 640} destroyOnHidden>
      <Form<BuilderValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'overdue_hazards', minDaysOverdue: 30, minHazards: 5, top: 5, ordersRectification: true, answerDueDate: dayjs().add(15, 'day'), range: [dayjs().subtract(90, 'day'), dayjs()] }}
        onValuesChange={(changed) => {
          if (!('ordersRectification' in changed) && !('answerDueDate' in changed)) setPreview(null);
        }}
      >
        <Form.Item name="kind" label="查询" rules={[{ required: true }]}>
          <Select options={KIND_OPTIONS} data-testid="notice-kind" />
        </Form.Item>
        {kind === 'overdue_hazards' && (
          <Form.Item name="minDaysOverdue" label="逾期超过（天）" rules={[{ required: true, message: '请填写天数' }]}>
            <InputNumber min={0} max={3650} style={{ width: 160 }} data-testid="notice-min-days" />
          </Form.Item>
        )}
        {kind === 'missed_reports' && (
          <>
            <Form.Item name="reportTypeId" label="报表" rules={[{ required: true, message: '请选择报表' }]}>
              <Select loading={types.isLoading} options={(types.data?.items ?? []).filter((t) => t.submitterKind === 'school').map((t) => ({ value: t.id, label: t.name }))} />
            </Form.Item>
            <Form.Item name="period" label="期次（留空为最近已截止的一期，如 2026-11）">
              <Input maxLength={40} />
            </Form.Item>
          </>
        )}
        {kind === 'best_rectification' && (
          <>
            <Form.Item name="range" label="统计期（发现日期）" rules={[{ required: true, message: '请选择统计期' }]}>
              <DatePicker.RangePicker style={{ width: '100%' }} />
            </Form.Item>
            <Space wrap>
              <Form.Item name="minHazards" label="隐患不少于（条）">
                <InputNumber min={1} max={100000} />
              </Form.Item>
              <Form.Item name="top" label="取前（名）">
                <InputNumber min={1} max={100} />
              </Form.Item>
            </Space>
          </>
        )}
        {kind !== 'best_rectification' && (
          <Space wrap align="start">
            <Form.Item name="ordersRectification" label="责令整改（须报送整改报告）" valuePropName="checked">
              <Switch />
            </Form.Item>
            {orders && (
              <Form.Item name="answerDueDate" label="整改报告截止日期" rules={[{ required: true, message: '请选择截止日期' }]}>
                <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
              </Form.Item>
            )}
          </Space>
        )}
        {previewing.error && <Alert type="error" showIcon message={previewing.error} style={{ marginBottom: 12 }} />}
        <Button onClick={() => void previewing.submit()} loading={previewing.saving} data-testid="notice-preview">
          预览点名单位
        </Button>
      </Form>
      {preview && (
        <div style={{ marginTop: 16 }} data-testid="notice-preview-result">
          <Typography.Paragraph type="secondary">{preview.label}：共 {preview.units.length} 个单位，已选 {chosen.length} 个</Typography.Paragraph>
          <List
            size="small"
            bordered
            dataSource={preview.units}
            locale={{ emptyText: '没有符合条件的单位' }}
            renderItem={(u) => (
              <List.Item data-testid="notice-preview-unit">
                <Checkbox checked={chosen.includes(u.unitId)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, u.unitId] : c.filter((x) => x !== u.unitId)))}>
                  <Typography.Text strong>{u.unitName}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary">{u.summary}</Typography.Text>
                  </div>
                </Checkbox>
              </List.Item>
            )}
          />
          {creating.error && <Alert type="error" showIcon message={creating.error} style={{ marginTop: 12 }} />}
          <Button type="primary" style={{ marginTop: 12 }} onClick={() => void creating.submit()} loading={creating.saving} disabled={chosen.length === 0} data-testid="notice-create">
            创建通报草稿
          </Button>
        </div>
      )}
    </Drawer>
  );
}
