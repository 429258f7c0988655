import { Alert, Button, Card, Drawer, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { assessmentApi, useRefreshAssessment, type CatalogueItemT, type SchemeIndicatorInputT, type SchemeT } from '../../api/assessment';
import { ApiError, errorMessage } from '../../api/client';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { useIsMobile } from '../../lib/useIsMobile';

/*
 * The scheme editor: the indicators (a platform figure or a manual item), their weights with the
 * live sum against 100, and each computed one's rule (linear between two thresholds, deduction per
 * count, or bands). Rates are entered in per cent and sent as 0–1. The server checks the same
 * rules (domain schemeProblems) and its "field: reason" refusal is shown as it comes.
 */

type Band = { threshold?: number; points?: number };
type Row = {
  key: string;
  name: string;
  kind: 'computed' | 'manual';
  indicator?: string;
  weight?: number;
  ruleKind?: 'linear' | 'deduction' | 'banded';
  zeroAt?: number;
  fullAt?: number;
  perUnit?: number;
  bands?: Band[];
  guidance?: string;
};
type Values = { year: number; name: string; indicators: Row[] };

const RULES = [
  { value: 'linear', label: '线性（两个阈值之间按比例）' },
  { value: 'deduction', label: '按件扣分（扣完为止）' },
  { value: 'banded', label: '分档' },
];

function toRows(s: SchemeT | null, catalogue: readonly CatalogueItemT[]): Row[] {
  if (!s) return [];
  return s.indicators.map((i) => {
    const rate = catalogue.find((c) => c.key === i.indicator)?.measure === 'rate';
    const k = (v: number) => (rate ? Math.round(v * 10000) / 100 : v);
    const r = i.rule;
    return {
      key: i.key,
      name: i.name,
      kind: i.kind,
      indicator: i.indicator ?? undefined,
      weight: i.weight,
      guidance: i.guidance ?? undefined,
      ruleKind: r?.kind,
      ...(r?.kind === 'linear' ? { zeroAt: k(r.zeroAt), fullAt: k(r.fullAt) } : {}),
      ...(r?.kind === 'deduction' ? { perUnit: r.perUnit } : {}),
      ...(r?.kind === 'banded' ? { bands: r.bands.map((b) => ({ threshold: k(b.threshold), points: b.points })) } : {}),
    };
  });
}

function toInput(r: Row, i: number, catalogue: readonly CatalogueItemT[]): SchemeIndicatorInputT {
  const key = r.key?.trim() || `i${i + 1}`;
  if (r.kind === 'manual') return { key, name: r.name ?? '', kind: 'manual', weight: r.weight ?? 0, ...(r.guidance ? { guidance: r.guidance } : {}) };
  const rate = catalogue.find((c) => c.key === r.indicator)?.measure === 'rate';
  const k = (v: number | undefined) => (v === undefined ? 0 : rate ? v / 100 : v);
  const rule =
    r.ruleKind === 'deduction'
      ? { kind: 'deduction' as const, perUnit: r.perUnit ?? 0 }
      : r.ruleKind === 'banded'
        ? { kind: 'banded' as const, bands: (r.bands ?? []).map((b) => ({ threshold: k(b.threshold), points: b.points ?? 0 })) }
        : { kind: 'linear' as const, zeroAt: k(r.zeroAt), fullAt: k(r.fullAt) };
  return { key, name: r.name ?? '', kind: 'computed', indicator: r.indicator ?? '', weight: r.weight ?? 0, rule };
}

export function SchemeEditor(p: { scheme: SchemeT | null; catalogue: readonly CatalogueItemT[]; year: number; onClose: (saved?: SchemeT) => void }) {
  const isMobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const refresh = useRefreshAssessment();
  const rows = Form.useWatch('indicators', form) ?? [];
  const sum = Math.round(rows.reduce((a, r) => a + (Number(r?.weight) || 0), 0) * 100) / 100;
  const { submit, saving, error } = useFormSubmit<Values, SchemeT>({
    form,
    submit: (v) => {
      const indicators = (v.indicators ?? []).map((r, i) => toInput(r, i, p.catalogue));
      return p.scheme ? assessmentApi.update(p.scheme.id, { version: p.scheme.version, name: v.name, indicators }) : assessmentApi.create({ year: v.year, name: v.name, indicators });
    },
    onSuccess: (saved) => {
      refresh();
      p.onClose(saved);
    },
    // The server's lines name list positions (indicators[2].rule.fullAt): shown together above the form.
    onError: (e) => {
      const lines = e instanceof ApiError && Array.isArray(e.details) ? (e.details as unknown[]).filter((x): x is string => typeof x === 'string') : [];
      return lines.length > 1 ? lines.join('；') : errorMessage(e);
    },
  });
  const options = p.catalogue.map((c) => ({ value: c.key, label: c.name }));
  return (
    <Drawer
      open
      width={isMobile ? '100%' : 760}
      title={p.scheme ? `修改考核方案：${p.scheme.name}` : '新建考核方案'}
      onClose={() => p.onClose()}
      destroyOnHidden
      extra={
        <Space>
          <Typography.Text type={sum === 100 ? 'success' : 'danger'} data-testid="weight-sum">
            分值合计 {sum} / 100
          </Typography.Text>
          <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="scheme-save">
            保存
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="scheme-error" />}
      <Form form={form} layout="vertical" initialValues={{ year: p.scheme?.year ?? p.year, name: p.scheme?.name ?? `${p.year}年度学校安全工作综合考核`, indicators: toRows(p.scheme, p.catalogue) }}>
        <Space wrap>
          <Form.Item name="year" label="年度" rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} disabled={!!p.scheme} />
          </Form.Item>
          <Form.Item name="name" label="方案名称" rules={[{ required: true, whitespace: true, message: '请填写方案名称' }]} style={{ minWidth: 280 }}>
            <Input maxLength={100} />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">
          平台数据指标：{p.catalogue.map((c) => `${c.name}（${c.definition}）`).join('；')}。应急演练、安全培训暂无平台登记，请设为手工评分项。
        </Typography.Paragraph>
        <Form.List name="indicators">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => {
                const row = rows[f.name];
                const info = p.catalogue.find((c) => c.key === row?.indicator);
                const unit = info?.measure === 'rate' ? '%' : info?.measure === 'count' ? '件' : '';
                return (
                  <Card key={f.key} size="small" style={{ marginBottom: 12 }} data-testid="indicator-row" extra={<Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} />}>
                    <Space wrap align="start">
                      <Form.Item name={[f.name, 'name']} label="指标名称" rules={[{ required: true, whitespace: true, message: '请填写' }]}>
                        <Input maxLength={60} style={{ width: 160 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'kind']} label="类型">
                        <Select style={{ width: 120 }} options={[{ value: 'computed', label: '平台数据' }, { value: 'manual', label: '手工评分' }]} />
                      </Form.Item>
                      {row?.kind === 'computed' && (
                        <Form.Item name={[f.name, 'indicator']} label="数据指标" rules={[{ required: true, message: '请选择' }]}>
                          <Select style={{ width: 180 }} options={options} />
                        </Form.Item>
                      )}
                      <Form.Item name={[f.name, 'weight']} label="分值" rules={[{ required: true, message: '请填写' }]}>
                        <InputNumber min={0} max={100} step={1} style={{ width: 90 }} data-testid="indicator-weight" />
                      </Form.Item>
                      <Form.Item name={[f.name, 'key']} label="代码" tooltip="方案内唯一，可留空自动生成">
                        <Input maxLength={40} style={{ width: 110 }} />
                      </Form.Item>
                    </Space>
                    {row?.kind === 'manual' && (
                      <Form.Item name={[f.name, 'guidance']} label="评分说明">
                        <Input maxLength={500} />
                      </Form.Item>
                    )}
                    {row?.kind === 'computed' && (
                      <Space wrap align="start">
                        <Form.Item name={[f.name, 'ruleKind']} label="评分规则">
                          <Select style={{ width: 220 }} options={RULES} />
                        </Form.Item>
                        {(row.ruleKind ?? 'linear') === 'linear' && (
                          <>
                            <Form.Item name={[f.name, 'zeroAt']} label={`0 分阈值（${unit}）`}>
                              <InputNumber style={{ width: 110 }} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'fullAt']} label={`满分阈值（${unit}）`}>
                              <InputNumber style={{ width: 110 }} />
                            </Form.Item>
                          </>
                        )}
                        {row.ruleKind === 'deduction' && (
                          <Form.Item name={[f.name, 'perUnit']} label="每件扣分">
                            <InputNumber min={0} style={{ width: 110 }} />
                          </Form.Item>
                        )}
                        {row.ruleKind === 'banded' && (
                          <Form.List name={[f.name, 'bands']}>
                            {(bands, b) => (
                              <div>
                                {bands.map((band) => (
                                  <Space key={band.key} align="baseline">
                                    <Form.Item name={[band.name, 'threshold']} label={info?.direction === 'lower' ? `不超过（${unit}）` : `达到（${unit}）`}>
                                      <InputNumber style={{ width: 100 }} />
                                    </Form.Item>
                                    <Form.Item name={[band.name, 'points']} label="得分">
                                      <InputNumber min={0} style={{ width: 80 }} />
                                    </Form.Item>
                                    <Button type="text" icon={<DeleteOutlined />} onClick={() => b.remove(band.name)} />
                                  </Space>
                                ))}
                                <Button size="small" icon={<PlusOutlined />} onClick={() => b.add({})}>
                                  加一档
                                </Button>
                              </div>
                            )}
                          </Form.List>
                        )}
                      </Space>
                    )}
                  </Card>
                );
              })}
              <Space wrap>
                <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'computed', ruleKind: 'linear', name: '', key: '' })} data-testid="add-computed">
                  添加数据指标
                </Button>
                <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'manual', name: '', key: '' })}>
                  添加手工评分项
                </Button>
              </Space>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
