import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, InputNumber, List, Skeleton, Space, Typography } from 'antd';
import { RISK_LEVEL_COLOURS, RISK_LEVEL_LABELS, RISK_LEVELS, matrixIssues, type RiskLevel, type RiskRange } from '@xiaoan/domain';
import type { RiskMatrixResult } from '@xiaoan/contracts';
import { useMe } from '../../auth/session';
import { riskApi, useRiskMatrix } from '../../api/risks';
import { keys } from '../../api/keys';
import { ApiError, errorMessage } from '../../api/client';
import { BackLink, PageTitle, QueryError } from '../../components/common';
import { LIKELIHOOD_LABELS, RISK_TAG_STYLE, RiskLevelTag, SEVERITY_LABELS } from './riskUi';

/** The 5×5 grid: each cell L×S in the colour of its level under the ranges (only when they are valid). */
function MatrixGrid({ ranges }: { ranges: readonly RiskRange[] }) {
  const levelOf = (score: number) => ranges.find((r) => r.min <= score && score <= r.max)?.level;
  return (
    <div style={{ overflowX: 'auto' }}>
      <table style={{ borderCollapse: 'collapse', minWidth: 420 }} data-testid="risk-matrix-grid">
        <caption style={{ textAlign: 'left', paddingBottom: 6 }}>风险矩阵：行为可能性 L，列为严重性 S，格内为分值与等级</caption>
        <thead>
          <tr>
            <th scope="col" style={{ padding: 6, textAlign: 'left' }}>
              L \ S
            </th>
            {[1, 2, 3, 4, 5].map((s) => (
              <th key={s} scope="col" style={{ padding: 6, fontWeight: 500 }}>
                {s} {SEVERITY_LABELS[s]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[5, 4, 3, 2, 1].map((l) => (
            <tr key={l}>
              <th scope="row" style={{ padding: 6, fontWeight: 500, textAlign: 'left', whiteSpace: 'nowrap' }}>
                {l} {LIKELIHOOD_LABELS[l]}
              </th>
              {[1, 2, 3, 4, 5].map((s) => {
                const level = levelOf(l * s);
                const st = level ? RISK_TAG_STYLE[RISK_LEVEL_COLOURS[level]] : undefined;
                return (
                  <td
                    key={s}
                    data-level={level}
                    style={{ padding: 6, textAlign: 'center', border: '1px solid #fff', background: st?.background ?? '#f5f5f5', color: st?.text ?? '#595959', borderLeft: st ? `4px solid ${st.swatch}` : undefined }}
                  >
                    <div style={{ fontWeight: 600 }}>{l * s}</div>
                    <div style={{ fontSize: 12 }}>{level ? RISK_LEVEL_LABELS[level] : '未划入'}</div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 风险分级阈值: bureau staff set the score range of each level; saving re-levels every risk of the district's schools. */
export default function RiskMatrixPage() {
  const me = useMe();
  const qc = useQueryClient();
  const m = useRiskMatrix();
  const [ranges, setRanges] = useState<RiskRange[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<RiskMatrixResult | null>(null);
  const editable = me.role === 'bureau_staff';
  useEffect(() => {
    if (m.data) setRanges(m.data.ranges.map((r) => ({ level: r.level, min: r.min, max: r.max })));
  }, [m.data]);
  if (m.isPending) return <Skeleton active />;
  if (m.error) return <QueryError error={m.error} onRetry={() => void m.refetch()} />;
  const issues = matrixIssues(ranges);
  const set = (level: RiskLevel, key: 'min' | 'max', v: number | null) => setRanges((rs) => rs.map((r) => (r.level === level ? { ...r, [key]: v ?? 0 } : r)));
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const res = await riskApi.saveMatrix({ version: m.data.version, ranges });
      setResult(res);
      qc.setQueryData(keys.risks.matrix(), { bureauId: res.bureauId, ranges: res.ranges, version: res.version, updatedAt: res.updatedAt });
      await qc.invalidateQueries({ queryKey: keys.risks.all });
    } catch (e) {
      setError(e instanceof ApiError && e.isStale ? '阈值已被他人修改，请刷新页面后再调整' : errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div style={{ maxWidth: 900 }}>
      <BackLink to="/risks">风险清单</BackLink>
      <PageTitle title="风险分级阈值" sub={m.data.version === 0 ? '当前使用默认阈值：≥20 重大、12–19 较大、6–11 一般、≤5 低' : `已调整 ${m.data.version} 次`} />
      <Card size="small" title="各等级的分值范围（含两端）" style={{ marginBottom: 12 }}>
        {RISK_LEVELS.map((level) => {
          const r = ranges.find((x) => x.level === level);
          if (!r) return null;
          return (
            <div key={level} style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap', marginBottom: 8 }}>
              <span style={{ width: 150 }}>
                <RiskLevelTag level={level} />
              </span>
              <InputNumber aria-label={`${RISK_LEVEL_LABELS[level]}下限`} min={1} max={25} value={r.min} disabled={!editable} onChange={(v) => set(level, 'min', v)} data-testid={`matrix-${level}-min`} />
              <span>至</span>
              <InputNumber aria-label={`${RISK_LEVEL_LABELS[level]}上限`} min={1} max={25} value={r.max} disabled={!editable} onChange={(v) => set(level, 'max', v)} data-testid={`matrix-${level}-max`} />
            </div>
          );
        })}
        {issues.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title="阈值有问题，不能保存"
            description={
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {issues.map((i) => (
                  <li key={i.message}>{i.message}</li>
                ))}
              </ul>
            }
            style={{ marginBottom: 8 }}
          />
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
        {editable && (
          <Space>
            <Button type="primary" disabled={issues.length > 0} loading={saving} onClick={() => void save()} data-testid="matrix-save">
              保存并重新定级
            </Button>
            <Typography.Text type="secondary">保存后，全区学校的风险按新阈值重新定级，并记入各风险的评估记录</Typography.Text>
          </Space>
        )}
      </Card>
      <Card size="small" style={{ marginBottom: 12 }}>
        <MatrixGrid ranges={issues.length ? [] : ranges} />
      </Card>
      {result && (
        <Card size="small" title={`已保存；重新定级 ${result.relevelled.length} 项风险`} data-testid="matrix-result">
          <List size="small" dataSource={result.relevelled} locale={{ emptyText: '没有风险的等级发生变化' }} renderItem={(c) => <List.Item>{c.name}：{c.reason}</List.Item>} />
        </Card>
      )}
    </div>
  );
}
