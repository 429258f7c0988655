import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Popover, Select, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { can, isRole, ROLE_LABELS } from '@xiaoan/domain';
import { errorMessage } from '../api/client';
import { keys } from '../api/keys';
import { userApi } from '../api/org';
import { downloadAuditCsv, useAuditEvents, verifyAuditLog, type AuditFilter } from '../api/audit';
import type { AuditEvent, AuditVerification } from '../api/types';
import { useMe } from '../auth/session';
import { PageTitle, Placeholder, dash } from '../components/common';
import { ResponsiveList } from '../components/ResponsiveList';
import { AUDIT_ACTION_FILTERS, auditEventLabel, objectTypeLabel } from '../lib/labels';
import { useIsMobile } from '../lib/useIsMobile';
import { useUrlState } from '../lib/useUrlState';
import { dateTime, dateTimeSeconds } from '../lib/format';

const FILTERS = ['action', 'actorUserId', 'actorName', 'from', 'to'] as const;
const DAY = 'YYYY-MM-DD';

const roleLabel = (r: string | null) => (r ? (isRole(r) ? ROLE_LABELS[r] : r) : null);
const time = (at: string) => dateTimeSeconds(at);

function objectText(e: AuditEvent): string | null {
  if (!e.objectType) return null;
  const d = e.details as { username?: unknown; path?: unknown } | null;
  const extra = typeof d?.username === 'string' ? `（${d.username}）` : e.objectType === 'request' && typeof d?.path === 'string' ? ` ${d.path}` : '';
  return `${objectTypeLabel(e.objectType)}${e.objectId ? ` #${e.objectId}` : ''}${extra}`;
}

/** The event's details and its hash, on demand. */
function Details({ e }: { e: AuditEvent }) {
  const empty = e.details === null || e.details === undefined || (typeof e.details === 'object' && Object.keys(e.details).length === 0);
  const text = empty ? '' : JSON.stringify(e.details, null, 2);
  return (
    <Popover
      trigger="click"
      title={`日志 #${e.id}${e.seq !== null ? ` · 链序号 ${e.seq}` : ''}`}
      content={
        <div style={{ maxWidth: 'min(480px, 80vw)' }}>
          {text && <pre style={{ margin: 0, maxHeight: 280, overflow: 'auto', fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{text}</pre>}
          {e.requestId && <div style={{ fontSize: 12, marginTop: 6 }}>请求编号：{e.requestId}</div>}
          {e.rowHash && (
            <div style={{ fontSize: 12, marginTop: 6, wordBreak: 'break-all' }}>
              记录哈希：<code>{e.rowHash}</code>
            </div>
          )}
        </div>
      }
    >
      <Button type="link" size="small" style={{ paddingInline: 0 }}>
        查看
      </Button>
    </Popover>
  );
}

/** The outcome of a verification, in words a person can act on. */
export function VerifyResult({ result }: { result: AuditVerification }) {
  const at = dateTimeSeconds(result.verifiedAt);
  const anchor = result.lastAnchorAt ? `最近锚点 ${dateTime(result.lastAnchorAt)}` : '尚无锚点';
  if (result.ok) {
    return (
      <Alert
        type="success"
        showIcon
        data-testid="audit-verify-result"
        data-ok="true"
        title={`完整：核验 ${result.checked} 条，链头序号 ${result.headSeq}，锚点 ${result.anchorsChecked} 个`}
        description={`核验时间 ${at}；${anchor}。每条记录的哈希都与上一条相连，未发现修改、删除或插入。`}
      />
    );
  }
  const b = result.firstBroken;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="audit-verify-result"
      data-ok="false"
      title={b ? `发现异常：日志链在链序号 ${b.seq ?? '（未知）'} 处断开${b.id ? `（日志 #${b.id}）` : ''}` : '发现异常：日志链不完整'}
      description={
        <div>
          {b && <div>原因：{b.reason}</div>}
          <div>
            已核验 {result.checked} 条，链头序号 {result.headSeq}，锚点 {result.anchorsChecked} 个；核验时间 {at}。请立即保全数据库和备份，并报告安全管理员和单位负责人。
          </div>
        </div>
      }
    />
  );
}

/** A person filter: searches accounts by name or username (GET /api/users). */
function ActorPicker({ value, label, onChange }: { value?: string; label?: string; onChange: (id?: string, name?: string) => void }) {
  const [q, setQ] = useState('');
  const users = useQuery({
    queryKey: keys.users.page({ q, pageSize: 20 }),
    queryFn: ({ signal }) => userApi.page({ q: q || undefined, pageSize: 20 }, signal),
    staleTime: 60_000,
  });
  const options = (users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}${u.username ? `（${u.username}）` : ''}` }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: label ?? `#${value}` });
  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder="操作人"
      aria-label="按操作人筛选"
      value={value}
      loading={users.isFetching}
      options={options}
      notFoundContent={users.isFetching ? '搜索中…' : '没有匹配的人员'}
      onChange={(v?: string) => onChange(v, options.find((o) => o.value === v)?.label)}
      style={{ width: 220 }}
      data-testid="audit-filter-actor"
    />
  );
}

/** 操作日志: the audit administrator reads, exports and verifies the trail; nothing here changes it. */
export default function AuditPage() {
  const me = useMe();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const { values: f, page, pageSize, set } = useUrlState(FILTERS);
  const filter: AuditFilter = { action: f.action, actorUserId: f.actorUserId, from: f.from, to: f.to };
  const events = useAuditEvents({ ...filter, page, pageSize });
  const [exporting, setExporting] = useState(false);
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);

  const runExport = async () => {
    setExporting(true);
    try {
      await downloadAuditCsv(filter);
      message.success('已导出');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const runVerify = async () => {
    setVerifying(true);
    setVerifyError(null);
    try {
      setVerification(await verifyAuditLog());
    } catch (e) {
      setVerification(null);
      setVerifyError(errorMessage(e));
    } finally {
      setVerifying(false);
    }
  };

  const range: [Dayjs | null, Dayjs | null] = [f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null];
  const items = events.data?.items ?? [];
  const total = events.data?.total ?? 0;
  const filtered = Object.values(filter).some(Boolean);
  const empty = <Placeholder text={filtered ? '没有符合条件的记录' : '暂无操作日志'} />;

  const columns: TableColumnsType<AuditEvent> = [
    { title: '链序号', dataIndex: 'seq', width: 80, render: (s: number | null) => dash(s) },
    { title: '时间', dataIndex: 'at', width: 170, render: time },
    { title: '操作人', key: 'actor', width: 130, render: (_, e) => e.actor?.displayName ?? <Typography.Text type="secondary">系统或未登录</Typography.Text> },
    { title: '角色', dataIndex: 'actorRole', width: 120, render: (r: string | null) => dash(roleLabel(r)) },
    { title: '操作', key: 'action', width: 170, render: (_, e) => <Tag title={e.action}>{auditEventLabel(e)}</Tag> },
    { title: '对象', key: 'object', width: 200, render: (_, e) => <span className="xa-wrap">{dash(objectText(e))}</span> },
    { title: 'IP', dataIndex: 'ip', width: 130, render: dash },
    { title: '详情', key: 'details', width: 70, render: (_, e) => <Details e={e} /> },
  ];

  return (
    <div>
      <PageTitle
        title="操作日志"
        sub="登录、账号、越权访问和业务修改的完整记录；逐条哈希相连，任何人都不能修改或删除"
        extra={
          <>
            {can(me.role, 'audit.export') && (
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void runExport()} data-testid="audit-export">
                导出 CSV
              </Button>
            )}
            {can(me.role, 'audit.verify') && (
              <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void runVerify()} data-testid="audit-verify">
                核验日志完整性
              </Button>
            )}
          </>
        }
      />
      {(verification || verifyError) && (
        <div style={{ marginBottom: 16 }}>
          {verification ? <VerifyResult result={verification} /> : <Alert type="error" showIcon title="无法完成核验" description={verifyError} data-testid="audit-verify-error" />}
        </div>
      )}
      <ResponsiveList
        rows={items}
        columns={columns}
        loading={events.isFetching}
        error={events.isError ? events.error : undefined}
        onRetry={() => void events.refetch()}
        empty={events.isPending ? ' ' : empty}
        paging={{ page, pageSize, total, set }}
        rowTestId="audit-row"
        table={{ scroll: { x: 1070 } }}
        filters={
          <>
            <Select
              allowClear
              className="xa-filter-wide"
              placeholder="操作类型"
              aria-label="按操作类型筛选"
              value={f.action}
              onChange={(v?: string) => set({ action: v })}
              options={AUDIT_ACTION_FILTERS}
              style={{ width: 240 }}
              data-testid="audit-filter-action"
            />
            <ActorPicker value={f.actorUserId} label={f.actorName} onChange={(id, name) => set({ actorUserId: id, actorName: id ? name : undefined })} />
            {isMobile ? (
              // Two plain pickers on a phone: a range picker's double calendar does not fit 390 px.
              (['from', 'to'] as const).map((k, i) => (
                <DatePicker
                  key={k}
                  placeholder={i === 0 ? '起始日期' : '截止日期'}
                  aria-label={i === 0 ? '起始日期' : '截止日期'}
                  inputReadOnly
                  value={range[i]}
                  onChange={(d) => set({ [k]: d ? d.format(DAY) : undefined })}
                />
              ))
            ) : (
              <DatePicker.RangePicker
                allowEmpty={[true, true]}
                placeholder={['起始日期', '截止日期']}
                value={range}
                onChange={(v) => set({ from: v?.[0]?.format(DAY), to: v?.[1]?.format(DAY) })}
                style={{ width: 260 }}
              />
            )}
            {filtered && (
              <Button onClick={() => set({ action: undefined, actorUserId: undefined, actorName: undefined, from: undefined, to: undefined })}>清除筛选</Button>
            )}
          </>
        }
        card={(e) => (
          <>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
              <Tag title={e.action} style={{ marginInlineEnd: 0 }}>
                {auditEventLabel(e)}
              </Tag>
              <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                {time(e.at)}
              </Typography.Text>
            </div>
            <div className="xa-wrap" style={{ marginTop: 6 }}>
              {e.actor?.displayName ?? '系统或未登录'}
              {e.actorRole && <Typography.Text type="secondary"> · {roleLabel(e.actorRole)}</Typography.Text>}
            </div>
            {objectText(e) && (
              <div className="xa-wrap" style={{ fontSize: 13, marginTop: 2 }}>
                对象：{objectText(e)}
              </div>
            )}
            <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, marginTop: 2, fontSize: 12 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                IP {e.ip || '—'} · 链序号 {e.seq ?? '—'}
              </Typography.Text>
              <Details e={e} />
            </div>
          </>
        )}
      />
    </div>
  );
}
