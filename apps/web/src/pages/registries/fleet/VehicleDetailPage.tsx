import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button, Card, Descriptions, List, Skeleton, Space, Tag } from 'antd';
import { HAZARD_STATE_LABELS, type HazardState } from '@xiaoan/domain';
import { useVehicle } from '../../../api/fleet';
import { BackLink, PageTitle, QueryError, dash } from '../../../components/common';
import { VehicleFormDrawer } from './FleetForms';
import { DocumentTag, VehicleStatusTag } from './fleetUi';

/** One bus (opened from the list or its QR label): documents and their expiry, routes, the hazards its lapses opened. */
export default function VehicleDetailPage() {
  const { id = '' } = useParams();
  const q = useVehicle(id);
  const [editing, setEditing] = useState(false);
  const v = q.data;
  return (
    <div data-testid="vehicle-detail">
      <BackLink to="/registries/fleet">校车台账</BackLink>
      <PageTitle
        title={v ? `校车 ${v.plate}` : '校车'}
        sub={v && <Space wrap>{v.schoolName}<VehicleStatusTag status={v.status} /></Space>}
        extra={
          v && (
            <Space wrap>
              <Button href={v.labelPath} target="_blank">打印二维码标签</Button>
              {v.allowedActions.includes('edit') && <Button type="primary" onClick={() => setEditing(true)} data-testid="vehicle-edit">修改 / 续期</Button>}
            </Space>
          )
        }
      />
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {!v && q.isPending && <Skeleton active />}
      {v && (
        <>
          <Card size="small" title="证件">
            {v.documents.map((d) => <div key={d.document}><DocumentTag doc={d} /></div>)}
            {v.status === 'out_of_service' && <p style={{ marginTop: 8, color: '#cf1322' }} data-testid="vehicle-out-of-service">证件过期，车辆停运：不能安排线路，续期后修改有效期即恢复运营。</p>}
          </Card>
          <Card size="small" title="车辆信息" style={{ marginTop: 16 }}>
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
              <Descriptions.Item label="核载人数">{v.seats} 人</Descriptions.Item>
              <Descriptions.Item label="车型">{dash(v.model)}</Descriptions.Item>
              <Descriptions.Item label="运营单位">{v.operator}</Descriptions.Item>
              <Descriptions.Item label="校车使用许可证号">{v.licenceNo}</Descriptions.Item>
              <Descriptions.Item label="许可发放日期">{v.licenceIssuedOn}</Descriptions.Item>
              <Descriptions.Item label="最近年检">{dash(v.inspectedOn)}</Descriptions.Item>
              <Descriptions.Item label="保险起保">{dash(v.insuranceStartsOn)}</Descriptions.Item>
              <Descriptions.Item label="卫星定位装置">{dash(v.gpsDeviceId)}</Descriptions.Item>
              <Descriptions.Item label="线路">{v.routes.map((r) => r.name).join('、') || '未安排'}</Descriptions.Item>
              {v.note && <Descriptions.Item label="备注">{v.note}</Descriptions.Item>}
            </Descriptions>
          </Card>
          {v.hazards.length > 0 && (
            <Card size="small" title="由本车证件过期自动上报的隐患" style={{ marginTop: 16 }}>
              <List
                size="small"
                dataSource={v.hazards}
                renderItem={(h) => (
                  <List.Item>
                    <Link to={`/hazards/${h.hazardId}`} data-testid="vehicle-hazard">{h.title}</Link>
                    <Tag>{HAZARD_STATE_LABELS[h.state as HazardState] ?? h.state}</Tag>
                  </List.Item>
                )}
              />
            </Card>
          )}
          <VehicleFormDrawer open={editing} record={v} onClose={() => setEditing(false)} />
        </>
      )}
    </div>
  );
}
