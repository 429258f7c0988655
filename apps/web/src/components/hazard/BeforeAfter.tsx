import { useMemo } from 'react';
import { Col, Row, Typography } from 'antd';
import type { HazardDetail } from '../../api/types';
import { FileGallery } from './FileGallery';

const ids = (fs: readonly { fileId: string }[]) => fs.map((f) => f.fileId);

/**
 * 整改前 / 整改后 side by side: the photos of the hazard as reported and the evidence of the
 * fix as submitted (two columns on a desktop, one above the other on a phone). Thumbnails
 * come from the files' thumbnail route; a click opens the picture large.
 */
export function BeforeAfter({ detail, size = 112 }: { detail: HazardDetail; size?: number }) {
  const r = detail.record;
  const files = useMemo(() => new Map(detail.files.map((f) => [f.id, f])), [detail.files]);
  const kinds = useMemo(() => new Map([...r.photos, ...r.evidence].map((f) => [f.fileId, f.kind])), [r.photos, r.evidence]);
  return (
    <Row gutter={[16, 12]} style={{ marginBottom: 12 }} data-testid="before-after">
      <Col xs={24} md={12} data-testid="before-photos">
        <Typography.Text strong>整改前（上报时）</Typography.Text>
        <div style={{ marginTop: 6 }}>
          <FileGallery ids={ids(r.photos)} files={files} kinds={kinds} size={size} empty="上报时未附照片" />
        </div>
      </Col>
      <Col xs={24} md={12} data-testid="after-photos">
        <Typography.Text strong>整改后（提交验收时）</Typography.Text>
        <div style={{ marginTop: 6 }}>
          <FileGallery ids={ids(r.evidence)} files={files} kinds={kinds} size={size} empty="未提交整改照片或材料" />
        </div>
        {r.rectificationNote && (
          <Typography.Paragraph style={{ marginTop: 6, marginBottom: 0 }} className="xa-pre">
            整改说明：{r.rectificationNote}
          </Typography.Paragraph>
        )}
      </Col>
    </Row>
  );
}
