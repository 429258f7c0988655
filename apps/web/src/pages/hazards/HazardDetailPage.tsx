import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Empty, Result, Row, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  currentListing,
  HAZARD_DOMAIN_LABELS,
  HAZARD_REJECTION_REASON_LABELS,
  HAZARD_SOURCE_LABELS,
  HAZARD_STATE_LABELS,
  isRole,
  pendingExtension,
  ROLE_LABELS,
  type Hazard,
  type HazardFile,
  type HazardMilestone,
  type HazardState,
} from '@xiaoan/domain';
import { ApiError } from '../../api/client';
import { useHazardDetail } from '../../api/hazards';
import { HAZARD_ACTION_PATHS } from '../../api/hazardActions';
import type { FileRef, HazardDetail, HazardRouteAction, HazardTimelineEvent } from '../../api/types';
import { PageTitle, QueryError, dash } from '../../components/common';
import { FileGallery } from '../../components/hazard/FileGallery';
import { HazardActionModal } from '../../components/hazard/HazardActionModal';
import { DueCell, GradeTag, HazardStateTag, ListedTag, OverdueTag } from '../../components/hazard/HazardTags';
import { actionLabel, dateTime, fieldLabel, fundsText, STATE_COLORS, todayYmd } from '../../lib/hazard';
import { useIsMobile } from '../../lib/useIsMobile';

/** The order action buttons appear in: the next step of the loop first. */
const ACTION_ORDER: HazardRouteAction[] = [
  'register',
  'start_rectification',
  'request_verification',
  'close',
  'file_overdue_explanation',
  'approve_extension',
  'add_progress',
  'request_extension',
  'return',
  'reject_extension',
  'reject',
  'edit',
  'list',
  'delist',
  'escalate',
];
const PRIMARY: readonly HazardRouteAction[] = ['register', 'start_rectification', 'request_verification', 'close', 'approve_extension'];
const DANGER: readonly HazardRouteAction[] = ['reject', 'return', 'reject_extension'];

const isRouteAction = (a: string): a is HazardRouteAction => Object.prototype.hasOwnProperty.call(HAZARD_ACTION_PATHS, a);

function fileKinds(r: Hazard): Map<string, 'photo' | 'document'> {
  const m = new Map<string, 'photo' | 'document'>();
  const add = (fs: readonly HazardFile[] | undefined) => fs?.forEach((f) => m.set(f.fileId, f.kind));
  const plan = (p: readonly HazardMilestone[] | undefined) => p?.forEach((x) => x.progress.forEach((pr) => add(pr.files)));
  add(r.photos);
  add(r.evidence);
  plan(r.plan);
  r.overdueExplanations?.forEach((e) => {
    plan(e.plan);
    plan(e.supersededPlan);
  });
  return m;
}

const ids = (fs: readonly HazardFile[] | undefined) => (fs ?? []).map((f) => f.fileId);

function Who({ name, at }: { name: string; at: string | null | undefined }) {
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {name} · {dateTime(at)}
    </Typography.Text>
  );
}

function Text({ children }: { children: string | null | undefined }) {
  return children ? <span className="xa-pre">{children}</span> : dash(null);
}

function Plan({ plan, files, kinds, userName }: { plan: readonly HazardMilestone[]; files: Map<string, FileRef>; kinds: Map<string, 'photo' | 'document'>; userName: (id?: string | null) => string }) {
  const today = todayYmd();
  if (!plan.length) return <Typography.Text type="secondary">未制定分步整改计划</Typography.Text>;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      {plan.map((m, i) => (
        <div key={i} style={{ borderInlineStart: `3px solid ${m.doneAt ? '#52c41a' : m.dueDate < today ? '#ff4d4f' : '#1677ff'}`, paddingInlineStart: 10 }}>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
            <Typography.Text strong className="xa-wrap">
              {i + 1}. {m.title}
            </Typography.Text>
            <Typography.Text type="secondary">完成日期 {m.dueDate}</Typography.Text>
            {m.doneAt ? <Tag color="success">已完成 {dateTime(m.doneAt)?.slice(0, 10)}</Tag> : m.dueDate < today ? <Tag color="error">未按期完成</Tag> : <Tag color="processing">进行中</Tag>}
          </div>
          {m.progress.map((p, j) => (
            <div key={j} style={{ marginTop: 6, paddingInlineStart: 12 }}>
              <div className="xa-pre">{p.note}</div>
              <Who name={userName(p.by.userId)} at={p.at} />
              {p.files.length > 0 && (
                <div style={{ marginTop: 4 }}>
                  <FileGallery ids={ids(p.files)} files={files} kinds={kinds} size={64} />
                </div>
              )}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

function StateTo({ from, to }: { from: string | null; to: string }) {
  const tag = (s: string) => <Tag color={STATE_COLORS[s as HazardState] ?? 'default'} style={{ marginInlineEnd: 0 }}>{HAZARD_STATE_LABELS[s as HazardState] ?? s}</Tag>;
  if (from === to) return null;
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
      {from ? tag(from) : null}
      {from ? '→' : null}
      {tag(to)}
    </span>
  );
}

const EVENT_COLORS: Record<string, string> = { close: 'green', return: 'red', reject: 'red', list: 'red', reject_extension: 'red', escalate: 'orange', file_overdue_explanation: 'orange' };

function HazardTimeline({ events, files, kinds }: { events: HazardTimelineEvent[]; files: Map<string, FileRef>; kinds: Map<string, 'photo' | 'document'> }) {
  const sorted = useMemo(() => [...events].sort((a, b) => a.at.localeCompare(b.at) || Number(a.id) - Number(b.id)), [events]);
  if (!sorted.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无记录" />;
  return (
    <Timeline
      items={sorted.map((e) => ({
        key: e.id,
        color: EVENT_COLORS[e.action] ?? 'blue',
        content: (
          <div data-testid="hazard-timeline-item" data-action={e.action}>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
              <Typography.Text strong>{actionLabel(e.action)}</Typography.Text>
              <StateTo from={e.fromState} to={e.toState} />
            </div>
            <div>
              <Typography.Text>{e.actor?.displayName ?? '系统'}</Typography.Text>
              {e.actorRole && (
                <Typography.Text type="secondary">（{isRole(e.actorRole) ? ROLE_LABELS[e.actorRole] : e.actorRole}）</Typography.Text>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8, whiteSpace: 'nowrap' }}>
                {dateTime(e.at)}
              </Typography.Text>
            </div>
            {e.comment && <div className="xa-pre" style={{ marginTop: 4, color: 'rgba(0,0,0,0.75)' }}>{e.comment}</div>}
            {e.changedFields.length > 0 && e.action === 'edit' && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                修改了：{e.changedFields.map(fieldLabel).join('、')}
              </Typography.Text>
            )}
            {e.fileIds.length > 0 && (
              <div style={{ marginTop: 4 }}>
                <FileGallery ids={e.fileIds} files={files} kinds={kinds} size={48} />
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}

function Body({ d }: { d: HazardDetail }) {
  const isMobile = useIsMobile();
  const [open, setOpen] = useState<HazardRouteAction | null>(null);
  const h = d.hazard;
  const r = d.record;
  const files = useMemo(() => new Map(d.files.map((f) => [f.id, f])), [d.files]);
  const kinds = useMemo(() => fileKinds(r), [r]);
  const users = useMemo(() => new Map(d.users.map((u) => [u.id, u.displayName])), [d.users]);
  const userName = useCallback((id?: string | null) => (id ? (users.get(id) ?? `用户 ${id}`) : '—'), [users]);
  const actions = useMemo(() => ACTION_ORDER.filter((a) => d.allowedActions.includes(a)), [d.allowedActions]);
  const unknownActions = d.allowedActions.filter((a) => !isRouteAction(a));
  const listing = currentListing(r);
  const pending = pendingExtension(r);
  const open_ = h.state !== 'closed' && h.state !== 'rejected';
  const col = { xs: 1, sm: 2, xl: 3 } as const;

  const buttons = actions.map((a) => (
    <Button
      key={a}
      type={PRIMARY.includes(a) || (a === 'file_overdue_explanation' && d.overdueExplanationRequired) ? 'primary' : 'default'}
      danger={DANGER.includes(a)}
      onClick={() => setOpen(a)}
      data-testid={`hazard-action-${a}`}
    >
      {actionLabel(a)}
    </Button>
  ));

  return (
    <div className="xa-hazard-detail">
      <div style={{ marginBottom: 8 }}>
        <Link to="/hazards">
          <ArrowLeftOutlined /> 隐患台账
        </Link>
      </div>
      <PageTitle
        title={
          <span style={{ display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
            <span className="xa-wrap">{h.title}</span>
          </span>
        }
        sub={
          <span className="xa-wrap">
            {h.school.name}
            {h.unit.id !== h.school.id ? ` · ${h.unit.name}` : ''} · {HAZARD_DOMAIN_LABELS[h.domain]} · {HAZARD_SOURCE_LABELS[h.source]} · 编号 {h.id}
          </span>
        }
      />
      <Space wrap size={[6, 6]} style={{ marginBottom: 12 }}>
        <HazardStateTag state={h.state} testId="hazard-state" />
        <GradeTag grade={h.grade} />
        {h.listed && <ListedTag />}
        {h.overdue && open_ && <OverdueTag days={h.daysUntilDue} />}
        {h.escalated && <Tag color="orange">已报请政府协调</Tag>}
        {h.fixedOnSpot && <Tag color="cyan">立行立改</Tag>}
        {pending && <Tag color="gold">延期待审批</Tag>}
      </Space>

      {d.overdueExplanationRequired && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="hazard-overdue-alert"
          title={`已超过整改时限（${r.dueDate ?? ''}），请学校尽快填写逾期说明`}
          description="说明逾期原因并提交新的整改计划；需要更多时间的，另行提出延期申请。"
          action={
            actions.includes('file_overdue_explanation') ? (
              <Button danger type="primary" onClick={() => setOpen('file_overdue_explanation')}>
                填写逾期说明
              </Button>
            ) : undefined
          }
        />
      )}
      {listing && (
        <Alert
          type="error"
          showIcon
          icon={undefined}
          style={{ marginBottom: 12, background: '#fff1f0' }}
          title={`挂牌督办中：${listing.reason}`}
          description={`${userName(listing.listedBy.userId)} 于 ${dateTime(listing.listedAt)} 挂牌`}
        />
      )}
      {pending && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`延期申请待审批：申请将整改时限由 ${pending.previousDueDate} 延至 ${pending.requestedDueDate}`}
          description={`理由：${pending.reason}（${userName(pending.requestedBy.userId)}，${dateTime(pending.requestedAt)}）`}
        />
      )}
      {r.rejection && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`不予登记：${HAZARD_REJECTION_REASON_LABELS[r.rejection.reason]}`}
          description={`${r.rejection.text}（${userName(r.rejection.by.userId)}，${dateTime(r.rejection.at)}）`}
        />
      )}

      {buttons.length > 0 ? (
        <Card size="small" style={{ marginBottom: 16 }} styles={{ body: { padding: isMobile ? 10 : 12 } }}>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
            {!isMobile && <Typography.Text type="secondary">您可以：</Typography.Text>}
            {buttons}
          </div>
        </Card>
      ) : (
        open_ && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 16 }}>
            当前没有需要您处理的操作。
          </Typography.Paragraph>
        )
      )}
      {unknownActions.length > 0 && <Typography.Text type="secondary">（另有 {unknownActions.join('、')} 暂未支持）</Typography.Text>}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={16} style={{ display: 'flex' }}>
            <Card size="small" title="基本信息">
              <Descriptions size="small" column={col}>
                <Descriptions.Item label="学校">{h.school.name}</Descriptions.Item>
                {h.unit.id !== h.school.id && <Descriptions.Item label="校区">{h.unit.name}</Descriptions.Item>}
                <Descriptions.Item label="片区">{dash(h.areaName)}</Descriptions.Item>
                <Descriptions.Item label="隐患类别">{HAZARD_DOMAIN_LABELS[h.domain]}</Descriptions.Item>
                <Descriptions.Item label="等级">
                  <GradeTag grade={h.grade} />
                </Descriptions.Item>
                <Descriptions.Item label="发现方式">{HAZARD_SOURCE_LABELS[h.source]}</Descriptions.Item>
                <Descriptions.Item label="位置">{dash(r.location)}</Descriptions.Item>
                <Descriptions.Item label="发现日期">{r.foundAt}</Descriptions.Item>
                <Descriptions.Item label="发现人">{dash(r.foundBy)}</Descriptions.Item>
                <Descriptions.Item label="上报">
                  {userName(r.reportedBy?.userId)} · {dateTime(r.reportedAt)}
                </Descriptions.Item>
                <Descriptions.Item label="描述" span={col}>
                  <Text>{r.description}</Text>
                </Descriptions.Item>
                <Descriptions.Item label="整改前照片" span={col}>
                  <FileGallery ids={ids(r.photos)} files={files} kinds={kinds} empty="未上传照片" />
                </Descriptions.Item>
              </Descriptions>
            </Card>

            {(d.origin.inspection || d.origin.visit || d.origin.recurrenceOf || d.origin.recurrences.length > 0 || d.origin.followUps.length > 0) && (
              <Card size="small" title="来源与回头看" data-testid="hazard-origin">
                <Descriptions size="small" column={1}>
                  {d.origin.inspection && (
                    <Descriptions.Item label="检查记录">
                      <Link to={`/inspections/${d.origin.inspection.id}`} data-testid="hazard-origin-inspection">
                        {d.origin.inspection.inspectedOn} {d.origin.inspection.pointName ?? ''} 检查记录 #{d.origin.inspection.id}
                      </Link>
                      {d.origin.inspection.itemText && <span style={{ color: "rgba(0,0,0,0.55)" }}>（不合格项：{d.origin.inspection.itemText}）</span>}
                    </Descriptions.Item>
                  )}
                  {d.origin.visit && (
                    <Descriptions.Item label="督查">
                      <Link to={`/supervision/visits/${d.origin.visit.id}`}>
                        {d.origin.visit.teamName} {d.origin.visit.visitedOn ?? ''}
                      </Link>
                    </Descriptions.Item>
                  )}
                  {d.origin.recurrenceOf && (
                    <Descriptions.Item label="复发自">
                      <Link to={`/hazards/${d.origin.recurrenceOf.id}`}>{d.origin.recurrenceOf.title}</Link>
                    </Descriptions.Item>
                  )}
                  {d.origin.recurrences.map((x) => (
                    <Descriptions.Item key={x.id} label="回头看发现复发">
                      <Link to={`/hazards/${x.id}`}>{x.title}</Link>
                    </Descriptions.Item>
                  ))}
                  {d.origin.followUps.map((f) => (
                    <Descriptions.Item key={f.id} label={`回头看 ${f.checkedOn}`}>
                      {f.outcome === 'holds' ? '问题未复发' : '问题复发'}
                      {f.note ? `：${f.note}` : ''}
                    </Descriptions.Item>
                  ))}
                </Descriptions>
              </Card>
            )}

            <Card size="small" title="整改五落实">
              {r.registeredAt ? (
                <Descriptions size="small" column={col}>
                  <Descriptions.Item label="责任人">{dash(r.owner)}</Descriptions.Item>
                  <Descriptions.Item label="整改资金">{dash(fundsText(r.fundsFen))}</Descriptions.Item>
                  <Descriptions.Item label="整改时限">
                    <DueCell h={h} />
                  </Descriptions.Item>
                  <Descriptions.Item label="整改措施" span={col}>
                    <Text>{r.measures}</Text>
                  </Descriptions.Item>
                  <Descriptions.Item label="应急预案" span={col}>
                    <Text>{r.contingencyPlan}</Text>
                  </Descriptions.Item>
                  <Descriptions.Item label="登记" span={col}>
                    {userName(r.registeredBy?.userId)} · {dateTime(r.registeredAt)}
                  </Descriptions.Item>
                </Descriptions>
              ) : (
                <Typography.Text type="secondary">
                  {h.state === 'rejected' ? '未登记（不予登记）' : '尚未登记。登记时须落实责任人、整改措施、整改资金、整改时限和应急预案。'}
                </Typography.Text>
              )}
            </Card>

            <Card size="small" title="临时管控与专人盯防">
              <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
                <Descriptions.Item label="临时管控措施">
                  {r.interimControls ? <Text>{r.interimControls}</Text> : <Typography.Text type={h.grade === 'major' ? 'danger' : 'secondary'}>{h.grade === 'major' && r.registeredAt ? '未填写' : '—'}</Typography.Text>}
                </Descriptions.Item>
                <Descriptions.Item label="专人盯防">{dash(r.watcher)}</Descriptions.Item>
              </Descriptions>
              {h.grade === 'major' && !r.registeredAt && <Typography.Text type="secondary">重大隐患登记时须落实临时管控措施和专人盯防。</Typography.Text>}
            </Card>

            <Card size="small" title="整改计划">
              <Plan plan={r.plan} files={files} kinds={kinds} userName={userName} />
            </Card>

            <Card size="small" title="整改与验收">
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="整改后照片 / 材料">
                  <FileGallery ids={ids(r.evidence)} files={files} kinds={kinds} empty="尚未提交" />
                </Descriptions.Item>
                <Descriptions.Item label="整改情况说明">
                  <Text>{r.rectificationNote}</Text>
                </Descriptions.Item>
                {r.rectifiedBy && (
                  <Descriptions.Item label="整改人">
                    {userName(r.rectifiedBy.userId)} · 提交验收 {dateTime(r.rectifiedAt)}
                  </Descriptions.Item>
                )}
                {r.closedAt && (
                  <Descriptions.Item label="验收销号">
                    {userName(r.closedBy?.userId)} · {dateTime(r.closedAt)}
                    {r.closeComment ? `：${r.closeComment}` : ''}
                  </Descriptions.Item>
                )}
              </Descriptions>
              {r.returns.length > 0 && (
                <>
                  <Typography.Text strong>退回记录</Typography.Text>
                  {r.returns.map((x, i) => (
                    <div key={i} style={{ marginTop: 6 }}>
                      <Tag color="red">第 {i + 1} 次退回</Tag>
                      <span className="xa-pre">{x.reason}</span>
                      <div>
                        <Who name={userName(x.by.userId)} at={x.at} />
                      </div>
                    </div>
                  ))}
                </>
              )}
            </Card>

            <Card size="small" title="逾期说明">
              {r.overdueExplanations.length === 0 ? (
                <Typography.Text type="secondary">无</Typography.Text>
              ) : (
                r.overdueExplanations.map((x, i) => (
                  <div key={i} style={{ marginBottom: 12 }}>
                    <Typography.Text strong>针对整改时限 {x.forDueDate}</Typography.Text>
                    <div className="xa-pre">{x.reason}</div>
                    <Who name={userName(x.by.userId)} at={x.at} />
                    {x.plan.length > 0 && (
                      <div style={{ marginTop: 6 }}>
                        <Typography.Text type="secondary">新的整改计划：</Typography.Text>
                        <Plan plan={x.plan} files={files} kinds={kinds} userName={userName} />
                      </div>
                    )}
                  </div>
                ))
              )}
            </Card>

            <Card size="small" title="延期申请">
              {r.extensions.length === 0 ? (
                <Typography.Text type="secondary">无</Typography.Text>
              ) : (
                r.extensions.map((x, i) => (
                  <div key={i} style={{ marginBottom: 12 }}>
                    <Space wrap size={6}>
                      <Typography.Text strong>
                        {x.previousDueDate} → {x.requestedDueDate}
                      </Typography.Text>
                      {x.decision === null ? <Tag color="gold">待审批</Tag> : x.decision.approved ? <Tag color="success">已同意{x.decision.newDueDate ? `，新时限 ${x.decision.newDueDate}` : ''}</Tag> : <Tag color="error">不同意</Tag>}
                    </Space>
                    <div className="xa-pre">理由：{x.reason}</div>
                    <Who name={userName(x.requestedBy.userId)} at={x.requestedAt} />
                    {x.decision && (
                      <div style={{ marginTop: 4, paddingInlineStart: 12, borderInlineStart: '2px solid #f0f0f0' }}>
                        {x.decision.comment && <div className="xa-pre">审批意见：{x.decision.comment}</div>}
                        <Who name={userName(x.decision.by.userId)} at={x.decision.at} />
                      </div>
                    )}
                  </div>
                ))
              )}
            </Card>

            <Card size="small" title="挂牌督办">
              {r.listings.length === 0 ? (
                <Typography.Text type="secondary">未挂牌</Typography.Text>
              ) : (
                r.listings.map((x, i) => (
                  <div key={i} style={{ marginBottom: 12 }}>
                    <Space wrap size={6}>
                      {x.delistedAt ? <Tag>已摘牌</Tag> : <ListedTag />}
                      <span className="xa-pre">{x.reason}</span>
                    </Space>
                    <div>
                      <Who name={`挂牌：${userName(x.listedBy.userId)}`} at={x.listedAt} />
                    </div>
                    {x.delistedAt && (
                      <div>
                        <Who name={`摘牌：${userName(x.delistedBy?.userId)}${x.delistReason ? `（${x.delistReason}）` : ''}`} at={x.delistedAt} />
                      </div>
                    )}
                  </div>
                ))
              )}
            </Card>

            <Card size="small" title="报请政府协调">
              {r.escalations.length === 0 ? (
                <Typography.Text type="secondary">无</Typography.Text>
              ) : (
                r.escalations.map((x, i) => (
                  <div key={i} style={{ marginBottom: 12 }}>
                    <div className="xa-pre">{x.note}</div>
                    <Who name={userName(x.by.userId)} at={x.at} />
                  </div>
                ))
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title="处理记录" data-testid="hazard-timeline">
            <HazardTimeline events={d.timeline} files={files} kinds={kinds} />
          </Card>
        </Col>
      </Row>
      <HazardActionModal action={open} detail={d} onClose={() => setOpen(null)} userName={userName} />
    </div>
  );
}

export default function HazardDetailPage() {
  const { id } = useParams();
  const q = useHazardDetail(id);
  if (q.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (q.isError) {
    if (q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 403) && !q.error.message.startsWith('接口不存在')) {
      return (
        <Result
          status="404"
          title="找不到这条隐患"
          subTitle="它不存在，或不在您的工作范围内。"
          extra={
            <Link to="/hazards">
              <Button type="primary">返回隐患台账</Button>
            </Link>
          }
        />
      );
    }
    return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  }
  return <Body d={q.data} />;
}
