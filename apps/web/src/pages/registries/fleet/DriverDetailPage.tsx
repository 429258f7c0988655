import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button, Card, Descriptions, List, Skeleton, Space, Tag } from 'antd';
import { HAZARD_STATE_LABELS, type HazardState } from '@xiaoan/domain';
import { useDriver } from '../../../api/fleet';
import { BackLink, PageTitle, QueryError, dash } from '../../../components/common';
import { DriverFormDrawer } from './FleetForms';
import { DocumentTag, DriverStatusTag } from './fleetUi';

/** One school-bus driver: licence and qualification with their expiry, routes, the hazards a lapse opened. */
export default function DriverDetailPage() {
  const { id = '' } = useParams();
  const q = useDriver(id);
  const [editing, setEditing] = useState(false);
  const x = q.data;
  return (
    <div data-testid="driver-detail">
      <BackLink to="/registries/fleet?tab=drivers">校车台账 · 驾驶人</BackLink>
      <PageTitle
        title={x ? `校车驾驶人 ${x.name}` : '校车驾驶人'}
        sub={x && <Space wrap>{x.schoolName}<DriverStatusTag status={x.status} /></Space>}
        extra={x?.allowedActions.includes('edit') && <Button type="primary" onClick={() => setEditing(true)}>修改</Button>}
      />
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {!x && q.isPending && <Skeleton active />}
      {x && (
        <>
          <Card size="small" title="证件">{x.documents.map((d) => <div key={d.document}><DocumentTag doc={d} /></div>)}{!x.qualificationExpiresOn && <Tag color="red">未取得校车驾驶资格</Tag>}</Card>
          <Card size="small" style={{ marginTop: 16 }}>
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
              <Descriptions.Item label="身份证号">{x.idNumber}</Descriptions.Item>
              <Descriptions.Item label="联系电话">{dash(x.phone)}</Descriptions.Item>
              <Descriptions.Item label="准驾车型">{x.licenceClass}</Descriptions.Item>
              <Descriptions.Item label="驾驶证号">{x.licenceNo}</Descriptions.Item>
              <Descriptions.Item label="初领日期">{x.licenceIssuedOn}</Descriptions.Item>
              <Descriptions.Item label="校车驾驶资格">{dash(x.qualificationNo)}{x.qualificationIssuedOn && `（${x.qualificationIssuedOn} 取得）`}</Descriptions.Item>
              <Descriptions.Item label="线路">{x.routes.map((r) => r.name).join('、') || '未安排'}</Descriptions.Item>
            </Descriptions>
          </Card>
          {x.hazards.length > 0 && (
            <Card size="small" title="由本人证件过期自动上报的隐患" style={{ marginTop: 16 }}>
              <List size="small" dataSource={x.hazards} renderItem={(h) => (<List.Item><Link to={`/hazards/${h.hazardId}`}>{h.title}</Link><Tag>{HAZARD_STATE_LABELS[h.state as HazardState] ?? h.state}</Tag></List.Item>)} />
            </Card>
          )}
          <DriverFormDrawer open={editing} record={x} onClose={() => setEditing(false)} />
        </>
      )}
    </div>
  );
}
