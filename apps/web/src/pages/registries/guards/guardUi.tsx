import { Tag } from 'antd';
import { CERTIFICATE_STATE_LABELS, type CertificateState } from '@xiaoan/domain';

const CERT_COLORS: Record<CertificateState, string> = { valid: 'green', expiring: 'orange', expired: 'red' };

/** A certificate's state as a coloured tag (有效 / 即将到期 / 已过期). */
export function CertificateTag({ state }: { state: CertificateState }) {
  return (
    <Tag color={CERT_COLORS[state]} data-testid="certificate-state" data-state={state}>
      {CERTIFICATE_STATE_LABELS[state]}
    </Tag>
  );
}

export const guardLink = (id: string) => `/registries/guards/${id}`;
export const yesNo = (v: boolean) => (v ? '是' : '否');
