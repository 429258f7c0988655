import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button, Card, Descriptions, List, Skeleton, Tag, Typography } from 'antd';
import { BACKGROUND_RESULT_LABELS, GUARD_EMPLOYMENT_LABELS, GUARD_POST_LABELS, GUARD_STATUS_LABELS, HAZARD_STATE_LABELS, REVIEW_RESULT_LABELS, type HazardState } from '@xiaoan/domain';
import { useGuard } from '../../../api/guards';
import { BackLink, PageTitle, QueryError, dash } from '../../../components/common';
import { schoolSecurityLink } from '../../indicators/four100Format';
import { GuardFormDrawer } from './GuardForm';
import { CertificateTag } from './guardUi';

/** One guard's record: real-name facts, certificate, checks, whether it counts, and the hazards its lapses opened. */
export default function GuardDetailPage() {
  const { id = '' } = useParams();
  const q = useGuard(id);
  const [editing, setEditing] = useState(false);
  const d = q.data;
  const g = d?.guard;
  return (
    <div data-testid="guard-detail">
      <BackLink to={g ? schoolSecurityLink(g.schoolId) : '/registries/guards'}>{g ? `${g.schoolName} · 安防情况` : '保安员台账'}</BackLink>
      <PageTitle title={g ? `保安员 ${g.name}` : '保安员'} sub={g?.schoolName} extra={d?.allowedActions.includes('edit') && <Button type="primary" onClick={() => setEditing(true)} data-testid="guard-edit">修改</Button>} />
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {!g && q.isPending && <Skeleton active />}
      {g && (
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
            <Descriptions.Item label="身份证号">{g.idNumber}</Descriptions.Item>
            <Descriptions.Item label="联系电话">{dash(g.phone)}</Descriptions.Item>
            <Descriptions.Item label="岗位">{GUARD_POST_LABELS[g.post]}（{GUARD_EMPLOYMENT_LABELS[g.employment]}）</Descriptions.Item>
            <Descriptions.Item label="状态">{GUARD_STATUS_LABELS[g.status]}</Descriptions.Item>
            <Descriptions.Item label="保安员证编号">{g.certificateNo}</Descriptions.Item>
            <Descriptions.Item label="发证日期">{dash(g.certificateIssuedOn)}</Descriptions.Item>
            <Descriptions.Item label="有效期至">
              {g.certificateExpiresOn} <CertificateTag state={g.certificateState} />
            </Descriptions.Item>
            <Descriptions.Item label="背景审查">
              {BACKGROUND_RESULT_LABELS[g.backgroundCheckResult]}
              {g.backgroundCheckOn && `（${g.backgroundCheckOn}）`}
            </Descriptions.Item>
            <Descriptions.Item label="年审">
              {REVIEW_RESULT_LABELS[g.annualReviewResult]}
              {g.annualReviewYear && `（${g.annualReviewYear} 年度）`}
            </Descriptions.Item>
            <Descriptions.Item label="计入专职保安员配备">{g.qualified ? <Tag color="green">是</Tag> : <Typography.Text type="danger">否：{g.shortcomings.join('、')}</Typography.Text>}</Descriptions.Item>
            {g.note && <Descriptions.Item label="备注">{g.note}</Descriptions.Item>}
          </Descriptions>
        </Card>
      )}
      {d && d.hazards.length > 0 && (
        <Card size="small" title="由本记录登记的隐患" style={{ marginTop: 16 }}>
          <List
            size="small"
            dataSource={d.hazards}
            renderItem={(h) => (
              <List.Item>
                <Link to={`/hazards/${h.hazardId}`} data-testid="guard-hazard">{h.title}</Link>
                <Tag>{HAZARD_STATE_LABELS[h.state as HazardState] ?? h.state}</Tag>
              </List.Item>
            )}
          />
        </Card>
      )}
      {g && <GuardFormDrawer open={editing} record={g} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />}
    </div>
  );
}
