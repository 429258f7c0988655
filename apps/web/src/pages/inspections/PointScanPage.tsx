import { useEffect } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Result, Spin } from 'antd';
import { errorMessage } from '../../api/client';
import { inspectionApi } from '../../api/inspections';
import { keys } from '../../api/keys';

/**
 * /p/<token>: where a point's QR code leads. After login it opens that point's check,
 * recording that the check was started at the point; a forged token, or one of another
 * school, is refused.
 */
export default function PointScanPage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const point = useQuery({ queryKey: keys.points.byToken(token), queryFn: ({ signal }) => inspectionApi.pointByToken(token, signal), retry: false });
  useEffect(() => {
    if (point.data) void navigate(`/inspections/check/${point.data.id}?token=${encodeURIComponent(token)}`, { replace: true });
  }, [point.data, navigate, token]);
  if (point.error) {
    return (
      <Result
        status="warning"
        title="无法打开此点位"
        subTitle={errorMessage(point.error)}
        extra={
          <Link to="/inspections" className="xa-link-button">
            返回今日待查
          </Link>
        }
      />
    );
  }
  return (
    <div style={{ textAlign: 'center', padding: 48 }}>
      <Spin size="large" />
      <div style={{ marginTop: 12 }}>正在打开点位检查…</div>
    </div>
  );
}
