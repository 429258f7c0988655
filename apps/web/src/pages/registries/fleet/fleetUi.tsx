import { Tag } from 'antd';
import { BUS_ROUTE_STATUS_LABELS, DRIVER_STATUS_LABELS, FLEET_DOCUMENT_STATE_LABELS, VEHICLE_STATUS_LABELS, type BusRouteStatus, type DriverStatus, type FleetDocumentState, type VehicleStatus } from '@xiaoan/domain';

/** Colours of the fleet's states: green runs, orange expires within 30 days, red is out of service. */
const COLOUR = { in_service: 'green', fit: 'green', ready: 'green', valid: 'green', expiring: 'orange', incomplete: 'default', out_of_service: 'red', unfit: 'red', blocked: 'red', expired: 'red' } as const;

export const VehicleStatusTag = ({ status }: { status: VehicleStatus }) => <Tag color={COLOUR[status]} data-testid="vehicle-status">{VEHICLE_STATUS_LABELS[status]}</Tag>;
export const DriverStatusTag = ({ status }: { status: DriverStatus }) => <Tag color={COLOUR[status]}>{DRIVER_STATUS_LABELS[status]}</Tag>;
export const RouteStatusTag = ({ status }: { status: BusRouteStatus }) => <Tag color={COLOUR[status]} data-testid="route-status">{BUS_ROUTE_STATUS_LABELS[status]}</Tag>;

/** One document's expiry with its state ("保险 2026-12-20 即将到期"). */
export function DocumentTag({ doc }: { doc: { label: string; expiresOn: string; state: FleetDocumentState; daysLeft: number } }) {
  const extra = doc.state === 'expired' ? `，已过期 ${-doc.daysLeft} 天` : doc.state === 'expiring' ? `，还有 ${doc.daysLeft} 天` : '';
  return (
    <Tag color={COLOUR[doc.state]} style={{ marginBottom: 4, whiteSpace: 'normal' }} data-testid={`doc-${doc.state}`}>
      {doc.label} 至 {doc.expiresOn}（{FLEET_DOCUMENT_STATE_LABELS[doc.state]}{extra}）
    </Tag>
  );
}
