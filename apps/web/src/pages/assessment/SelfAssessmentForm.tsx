import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Input, InputNumber, Space, Typography } from 'antd';
import { errorMessage } from '../../api/client';
import { assessmentApi, useRefreshAssessment, type SchoolCardT } from '../../api/assessment';
import { SelfStateTag, fmtPoints, valueText } from './assessmentUi';

type Line = { selfScore: number | null; note: string };

/**
 * 标准化创建自评: the school admin's self-score and note for every indicator of the scheme, with
 * the platform's figure beside each; saved as a draft, then submitted for the bureau's review.
 * After a return the comment is shown and the form opens again.
 */
export function SelfAssessmentForm({ card }: { card: SchoolCardT }) {
  const { message } = App.useApp();
  const refresh = useRefreshAssessment();
  const self = card.selfAssessment;
  const editable = !self || self.allowedActions.includes('save');
  const initial = useMemo(() => {
    const m: Record<string, Line> = {};
    for (const i of card.scheme.indicators) {
      const it = self?.items.find((x) => x.indicatorKey === i.key);
      m[i.key] = { selfScore: it ? it.selfScore : null, note: it?.note ?? '' };
    }
    return m;
  }, [card.scheme.indicators, self]);
  const [lines, setLines] = useState(initial);
  useEffect(() => setLines(initial), [initial]);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sum = Object.values(lines).reduce((a, l) => a + (l.selfScore ?? 0), 0);

  const items = () =>
    card.scheme.indicators.flatMap((i) => {
      const l = lines[i.key]!;
      return l.selfScore === null ? [] : [{ indicatorKey: i.key, selfScore: l.selfScore, note: l.note }];
    });

  const run = async (what: 'save' | 'submit') => {
    setBusy(what);
    setError(null);
    try {
      const saved = await assessmentApi.saveSelf(card.scheme.id, { ...(self ? { version: self.version } : {}), items: items() });
      if (what === 'submit') await assessmentApi.submitSelf(card.scheme.id, saved.version);
      void message.success(what === 'submit' ? '自评已提交，等待教育局审核' : '自评已保存');
      refresh();
    } catch (e) {
      setError(errorMessage(e));
      refresh();
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      title={
        <Space wrap>
          <span>标准化创建自评</span>
          <SelfStateTag state={self?.state} />
        </Space>
      }
      extra={<Typography.Text data-testid="self-sum">自评合计 {fmtPoints(sum)} / {card.scheme.totalPoints} 分</Typography.Text>}
      data-testid="self-form"
    >
      {self?.state === 'returned' && self.reviewComment && <Alert type="warning" showIcon message={`教育局退回意见：${self.reviewComment}`} style={{ marginBottom: 12 }} />}
      {self?.state === 'accepted' && <Alert type="success" showIcon message={`教育局已审核通过${self.reviewComment ? `：${self.reviewComment}` : ''}`} style={{ marginBottom: 12 }} />}
      {self?.state === 'submitted' && <Alert type="info" showIcon message="已提交，等待教育局审核" style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {card.scheme.indicators.map((i) => {
        const platform = card.score.indicators.find((s) => s.key === i.key);
        const l = lines[i.key]!;
        return (
          <div key={i.key} className="xa-self-line" style={{ borderBottom: '1px solid #f0f0f0', padding: '10px 0' }} data-testid={`self-line-${i.key}`}>
            <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
              <Typography.Text strong>
                {i.name}（{i.weight} 分）
              </Typography.Text>
              {platform && (
                <Typography.Text type="secondary">
                  平台：{valueText(platform, i)}，得 {fmtPoints(platform.points)} 分
                </Typography.Text>
              )}
            </Space>
            <div style={{ display: 'flex', gap: 8, marginTop: 6, flexWrap: 'wrap' }}>
              <InputNumber
                min={0}
                max={i.weight}
                step={0.5}
                value={l.selfScore}
                disabled={!editable}
                placeholder="自评分"
                style={{ width: 110 }}
                onChange={(v) => setLines({ ...lines, [i.key]: { ...l, selfScore: v === null ? null : Number(v) } })}
                data-testid={`self-score-${i.key}`}
              />
              <Input
                value={l.note}
                disabled={!editable}
                maxLength={1000}
                placeholder="自评说明（做法、佐证）"
                style={{ flex: '1 1 200px' }}
                onChange={(e) => setLines({ ...lines, [i.key]: { ...l, note: e.target.value } })}
              />
            </div>
          </div>
        );
      })}
      {editable && (
        <Space style={{ marginTop: 12 }} wrap>
          <Button onClick={() => void run('save')} loading={busy === 'save'} disabled={!!busy} data-testid="self-save">
            保存草稿
          </Button>
          <Button type="primary" onClick={() => void run('submit')} loading={busy === 'submit'} disabled={!!busy} data-testid="self-submit">
            提交审核
          </Button>
        </Space>
      )}
    </Card>
  );
}
