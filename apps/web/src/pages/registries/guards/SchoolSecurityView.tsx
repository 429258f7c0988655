import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { BACKGROUND_RESULT_LABELS, GUARD_EMPLOYMENT_LABELS, GUARD_POST_LABELS, GUARD_STATUS_LABELS, REVIEW_RESULT_LABELS } from '@xiaoan/domain';
import { guardExportUrl, useGuards, useSchoolSecurity, type GuardSummaryT } from '../../../api/guards';
import { QueryError } from '../../../components/common';
import { ResponsiveList } from '../../../components/ResponsiveList';
import { useUrlState } from '../../../lib/useUrlState';
import { GuardFormDrawer } from './GuardForm';
import { ProfileFormDrawer } from './ProfileForm';
import { CertificateTag, guardLink, yesNo } from './guardUi';

/** One school's security profile (the four indicators with why) and its guards registry; its admin edits both. */
export function SchoolSecurityView({ schoolId }: { schoolId: string }) {
  const navigate = useNavigate();
  const s = useSchoolSecurity(schoolId);
  const { page, pageSize, set } = useUrlState([] as const);
  const guards = useGuards({ schoolId }, page, pageSize);
  const [profileOpen, setProfileOpen] = useState(false);
  const [guardOpen, setGuardOpen] = useState(false);
  const data = s.data;
  const editable = data?.allowedActions.includes('edit') ?? false;
  const p = data?.profile;

  const columns: TableColumnsType<GuardSummaryT> = [
    { title: '姓名', render: (_, g) => <Link to={guardLink(g.id)} data-testid="guard-link">{g.name}</Link> },
    { title: '岗位', width: 90, render: (_, g) => GUARD_POST_LABELS[g.post] },
    { title: '专职', width: 70, render: (_, g) => GUARD_EMPLOYMENT_LABELS[g.employment] },
    { title: '保安员证', render: (_, g) => g.certificateNo },
    { title: '有效期至', width: 180, render: (_, g) => <Space size={4}>{g.certificateExpiresOn}<CertificateTag state={g.certificateState} /></Space> },
    { title: '背景审查', width: 90, render: (_, g) => BACKGROUND_RESULT_LABELS[g.backgroundCheckResult] },
    { title: '年审', width: 80, render: (_, g) => REVIEW_RESULT_LABELS[g.annualReviewResult] },
    { title: '计入配备', render: (_, g) => (g.qualified ? <Tag color="green">是</Tag> : <Typography.Text type="danger">{g.shortcomings.join('、')}</Typography.Text>) },
  ];

  return (
    <>
      {s.isError && <QueryError error={s.error} onRetry={() => void s.refetch()} />}
      {data && (
        <Card
          size="small"
          title="安防情况"
          loading={s.isPending}
          data-testid="school-security"
          extra={editable && <Button type="primary" onClick={() => setProfileOpen(true)} data-testid="profile-edit">{p ? '修改' : '填报'}</Button>}
        >
          {p ? (
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
              <Descriptions.Item label="专职保安员">
                <span data-testid="guards-present">
                  合格 {data.guards.qualified} 人 / 应配 {p.requiredGuards} 人（在岗 {data.guards.active} 人）
                </span>
                {data.guards.short > 0 && <Tag color="red" style={{ marginLeft: 6 }}>缺 {data.guards.short} 人</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label="封闭化管理">{yesNo(p.closedCampus)}</Descriptions.Item>
              <Descriptions.Item label="一键式紧急报警联网">{yesNo(p.alarmLinked)}</Descriptions.Item>
              <Descriptions.Item label="视频监控联网">{yesNo(p.videoLinked)}</Descriptions.Item>
              <Descriptions.Item label="护学岗">到岗 {p.escortPostsStaffed} / 应设 {p.escortPostsRequired}</Descriptions.Item>
              <Descriptions.Item label="证件到期">
                {data.guards.expired > 0 && <Tag color="red">已过期 {data.guards.expired}</Tag>}
                {data.guards.expiring > 0 && <Tag color="orange">30 天内到期 {data.guards.expiring}</Tag>}
                {data.guards.expired + data.guards.expiring === 0 && '无'}
              </Descriptions.Item>
              {p.note && <Descriptions.Item label="说明">{p.note}</Descriptions.Item>}
            </Descriptions>
          ) : (
            <Typography.Text type="secondary">尚未填报安防情况（四个100%各项均计为未达标）。</Typography.Text>
          )}
          <div style={{ marginTop: 8, display: 'flex', flexWrap: 'wrap', gap: 6 }}>
            {data.indicators.map((i) => (
              <Tag key={i.code} color={i.passing ? 'green' : 'red'} data-testid="school-indicator" data-code={i.code} data-passing={i.passing} style={{ whiteSpace: 'normal' }}>
                {i.name}：{i.passing ? '达标' : `未达标（${i.reason}）`}
              </Tag>
            ))}
          </div>
        </Card>
      )}
      <Card size="small" title="保安员台账" style={{ marginTop: 16 }} extra={<Space><Button href={guardExportUrl({ schoolId })} data-testid="guard-export">导出 Excel</Button>{editable && <Button onClick={() => setGuardOpen(true)} data-testid="guard-add">登记保安员</Button>}</Space>}>
        <ResponsiveList
          rows={guards.data?.items ?? []}
          columns={columns}
          rowKey="id"
          rowTestId="guard-row"
          loading={guards.isPending}
          error={guards.error}
          onRetry={() => void guards.refetch()}
          empty="尚未登记保安员"
          unit="人"
          paging={{ page, pageSize, total: guards.data?.total ?? 0, set }}
          onCardClick={(g) => void navigate(guardLink(g.id))}
          rowProps={(g) => ({ 'data-status': g.status } as never)}
          card={(g) => (
            <div style={{ minWidth: 0 }}>
              <Typography.Text strong>{g.name}</Typography.Text>
              <Typography.Text type="secondary">
                {' '}
                · {GUARD_POST_LABELS[g.post]} · {GUARD_EMPLOYMENT_LABELS[g.employment]} · {GUARD_STATUS_LABELS[g.status]}
              </Typography.Text>
              <div style={{ fontSize: 13 }}>
                有效期至 {g.certificateExpiresOn} <CertificateTag state={g.certificateState} />
              </div>
              {!g.qualified && <div style={{ fontSize: 13 }}><Typography.Text type="danger">不计入配备：{g.shortcomings.join('、')}</Typography.Text></div>}
            </div>
          )}
        />
      </Card>
      {data && <ProfileFormDrawer open={profileOpen} school={data} onClose={() => setProfileOpen(false)} />}
      <GuardFormDrawer open={guardOpen} record={null} schoolId={schoolId} onClose={() => setGuardOpen(false)} onSaved={(d) => { setGuardOpen(false); void navigate(guardLink(d.guard.id)); }} />
    </>
  );
}
