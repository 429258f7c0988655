import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Descriptions, Empty, Space, Statistic, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import type { IndicatorScoreT, SchoolCardT } from '../../api/assessment';
import { ManualScoreModal } from './ManualScoreModal';
import { SelfStateTag, evidenceHref, fmtPoints, valueText } from './assessmentUi';

/**
 * One school's card: each indicator's points out of its weight, the raw value and the evidence
 * (numerator ÷ denominator, its parts, links to the records with the same filters; a manual
 * item's reason), the total and rank, and the school's self-score beside each line.
 */
export function SchoolCardView({ card, showRank = true }: { card: SchoolCardT; showRank?: boolean }) {
  const { scheme, score, selfAssessment } = card;
  const [editing, setEditing] = useState<IndicatorScoreT | null>(null);
  const canScore = scheme.allowedActions.includes('score');
  const selfOf = new Map((selfAssessment?.items ?? []).map((i) => [i.indicatorKey, i]));
  return (
    <div data-testid="school-card">
      <Space wrap size="large" style={{ marginBottom: 16 }}>
        <Statistic title={`${score.school.name} 总分`} value={score.total} suffix={`/ ${scheme.totalPoints}`} valueStyle={{ color: '#1668dc' }} />
        {showRank && <Statistic title="名次" value={score.rank} />}
        <Statistic title="自评总分" value={selfAssessment ? selfAssessment.selfTotal : '—'} />
        <div>
          <div style={{ color: 'rgba(0,0,0,0.6)' }}>自评状态</div>
          <SelfStateTag state={selfAssessment?.state} />
        </div>
      </Space>
      <Typography.Paragraph type="secondary">
        统计期间 {card.from} 至 {card.to}。最终得分以教育局评分为准，自评分仅作对照。
      </Typography.Paragraph>
      {score.indicators.length === 0 && <Empty description="方案没有指标" />}
      {score.indicators.map((s) => {
        const ind = scheme.indicators.find((i) => i.key === s.key);
        const self = selfOf.get(s.key);
        return (
          <Card
            key={s.key}
            size="small"
            style={{ marginBottom: 12 }}
            data-testid={`evidence-${s.key}`}
            title={
              <Space wrap>
                <span>{s.name}</span>
                <Tag>{s.kind === 'manual' ? '手工评分' : '平台数据'}</Tag>
              </Space>
            }
            extra={
              <Space>
                <Typography.Text strong style={{ fontSize: 16 }}>
                  {fmtPoints(s.points)}
                </Typography.Text>
                <Typography.Text type="secondary">/ {s.weight} 分</Typography.Text>
                {canScore && s.kind === 'manual' && (
                  <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(s)} data-testid={`score-${s.key}`}>
                    评分
                  </Button>
                )}
              </Space>
            }
          >
            <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label="原始值">{valueText(s, ind)}</Descriptions.Item>
              {s.kind === 'computed' && s.evidence.denominator !== null && (
                <Descriptions.Item label="计算">
                  {s.evidence.numerator} ÷ {s.evidence.denominator}
                </Descriptions.Item>
              )}
              {s.evidence.parts.length > 0 && (
                <Descriptions.Item label="构成">{s.evidence.parts.map((p) => `${p.label} ${p.count}`).join('；')}</Descriptions.Item>
              )}
              <Descriptions.Item label="评分规则">{ind?.ruleText ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={s.kind === 'manual' ? '评分理由' : '口径'}>{s.evidence.text}</Descriptions.Item>
              {s.evidence.evidenceText && <Descriptions.Item label="佐证">{s.evidence.evidenceText}</Descriptions.Item>}
              {s.evidence.enteredBy && (
                <Descriptions.Item label="评分人">
                  {s.evidence.enteredBy}（{s.evidence.enteredAt?.slice(0, 10)}）
                </Descriptions.Item>
              )}
              {self && (
                <Descriptions.Item label="学校自评">
                  {fmtPoints(self.selfScore)} 分{self.note ? `：${self.note}` : ''}
                </Descriptions.Item>
              )}
            </Descriptions>
            {s.evidence.links.length > 0 && (
              <Space wrap>
                {s.evidence.links.map((l) => (
                  <Link key={l.label} to={evidenceHref(l)} data-testid={`evidence-link-${s.key}`}>
                    查看{l.label} →
                  </Link>
                ))}
              </Space>
            )}
          </Card>
        );
      })}
      {editing && <ManualScoreModal schemeId={scheme.id} schoolId={score.school.id} schoolName={score.school.name} score={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
