// The work on the hazard: 整改计划 and 整改与验收 (evidence, rectifier, closing, returns).
import { Card, Descriptions, Tag, Typography } from 'antd';
import { FileGallery } from '../../../components/hazard/FileGallery';
import { dateTime } from '../../../lib/format';
import { PlanView } from './PlanView';
import { ids, Text, Who, type DetailCtx } from './shared';

export function PlanCard({ d, ...rest }: DetailCtx) {
  return (
    <Card size="small" title="整改计划">
      <PlanView plan={d.record.plan} {...rest} />
    </Card>
  );
}

export function VerificationCard({ d, files, kinds, userName }: DetailCtx) {
  const r = d.record;
  return (
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
  );
}
