import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Checkbox, Input, Select, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { TableColumnsType } from 'antd';
import { can, TALK_FOLLOW_UP_RESULT_LABELS, TALK_STATUS_LABELS, TALK_STATUSES, TALK_UNIT_KIND_LABELS, type TalkStatus } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { useTalks, type TalkSummaryT } from '../../api/talks';
import { useDepartments } from '../../api/queries';
import { PageTitle } from '../../components/common';
import { ResponsiveList } from '../../components/ResponsiveList';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useUrlState } from '../../lib/useUrlState';
import { TalkFormDrawer } from './TalkForm';
import { TalkStatusTag } from './talkUi';

const people = (t: TalkSummaryT) => t.interviewees.map((p) => (p.post ? `${p.name}（${p.post}）` : p.name)).join('、') || '—';

/** 约谈: the talks in the caller's scope (a school: its own, read-only), filtered by status, overdue follow-up and unit. */
export default function TalkListPage() {
  const me = useMe();
  const navigate = useNavigate();
  const manage = can(me.role, 'talk.manage');
  const bureau = ['system_admin', 'bureau_leader', 'bureau_staff'].includes(me.role);
  const { values, page, pageSize, set } = useUrlState(['status', 'overdue', 'unitId', 'q'] as const);
  const [q, setQ] = useState(values.q ?? '');
  const departments = useDepartments(bureau);
  const filter = {
    status: values.status as TalkStatus | undefined,
    overdue: values.overdue === 'true' || undefined,
    unitId: values.unitId,
    q: values.q,
  };
  const list = useTalks(filter, page, pageSize);
  const [creating, setCreating] = useState(false);
  const rows = list.data?.items ?? [];

  const columns: TableColumnsType<TalkSummaryT> = [
    { title: '约谈日期', dataIndex: 'heldOn', width: 110 },
    {
      title: '被约谈单位',
      render: (_, t) => (
        <Link to={`/talks/${t.id}`} data-testid="talk-open">
          {t.unit.name}
        </Link>
      ),
    },
    { title: '类型', width: 70, render: (_, t) => TALK_UNIT_KIND_LABELS[t.unit.kind] },
    { title: '事由', dataIndex: 'reason', ellipsis: true },
    { title: '被约谈人', render: (_, t) => people(t), ellipsis: true },
    { title: '状态', width: 150, render: (_, t) => <TalkStatusTag status={t.status} overdue={t.followUpOverdue} /> },
    {
      title: '回访',
      width: 130,
      render: (_, t) => (t.followUpResult ? TALK_FOLLOW_UP_RESULT_LABELS[t.followUpResult] : t.followUpDue ? `${t.followUpDue} 前` : '—'),
    },
    { title: '关联', dataIndex: 'linkCount', width: 60 },
  ];

  return (
    <div>
      <PageTitle
        title="约谈"
        sub={manage ? '对工作不力的单位及时约谈：记录事由、承诺事项，按期回访落实情况' : '教育局对本单位的约谈记录与回访结果（只读）'}
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="talk-new">
              记录约谈
            </Button>
          )
        }
      />
      <ResponsiveList
        rows={rows}
        columns={columns}
        rowTestId="talk-row"
        loading={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
        empty="暂无约谈记录"
        paging={{ page, pageSize, total: list.data?.total ?? 0, set }}
        onCardClick={(t) => void navigate(`/talks/${t.id}`)}
        filters={
          <>
            <Input.Search
              className="xa-filter-wide"
              style={{ width: 220 }}
              allowClear
              placeholder="搜索事由、单位"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => set({ q: v.trim() || undefined })}
              data-testid="talk-search"
            />
            <Select
              style={{ width: 140 }}
              allowClear
              placeholder="状态"
              aria-label="状态"
              value={values.status}
              onChange={(v: string | undefined) => set({ status: v })}
              options={TALK_STATUSES.map((s) => ({ value: s, label: TALK_STATUS_LABELS[s] }))}
              data-testid="talk-status-filter"
            />
            {me.role !== 'school_admin' && me.role !== 'school_staff' && (
              <UnitTreeSelect
                style={{ width: 220 }}
                allow={['area', 'school']}
                allowClear
                placeholder="单位（片区含其学校）"
                aria-label="单位"
                value={values.unitId?.startsWith('dept:') ? undefined : values.unitId}
                onChange={(v) => set({ unitId: v })}
              />
            )}
            {bureau && (departments.data?.items.length ?? 0) > 0 && (
              <Select
                style={{ width: 160 }}
                allowClear
                placeholder="科室"
                aria-label="科室"
                value={values.unitId?.startsWith('dept:') ? values.unitId : undefined}
                onChange={(v: string | undefined) => set({ unitId: v })}
                options={(departments.data?.items ?? []).map((d) => ({ value: `dept:${d.id}`, label: d.name }))}
              />
            )}
            <Checkbox checked={values.overdue === 'true'} onChange={(e) => set({ overdue: e.target.checked ? 'true' : undefined })} data-testid="talk-overdue-filter">
              回访逾期
            </Checkbox>
          </>
        }
        card={(t) => (
          <div data-testid="talk-card" style={{ minWidth: 0 }}>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                {t.unit.name}
              </Typography.Text>
              <span style={{ flexShrink: 0 }}>{t.heldOn}</span>
            </div>
            <div style={{ margin: '4px 0', overflowWrap: 'anywhere' }}>{t.reason}</div>
            <TalkStatusTag status={t.status} overdue={t.followUpOverdue} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t.followUpResult ? `回访：${TALK_FOLLOW_UP_RESULT_LABELS[t.followUpResult]}` : t.followUpDue ? `回访 ${t.followUpDue}` : ''}
            </Typography.Text>
          </div>
        )}
      />
      {manage && <TalkFormDrawer open={creating} record={null} me={me} onClose={() => setCreating(false)} onSaved={(d) => { setCreating(false); void navigate(`/talks/${d.talk.id}`); }} />}
    </div>
  );
}
