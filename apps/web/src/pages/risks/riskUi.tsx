import { Tag } from 'antd';
import { RISK_COLOUR_LABELS, RISK_LEVEL_COLOURS, RISK_LEVEL_LABELS, type RiskColour, type RiskLevel } from '@xiaoan/domain';

/** The colours of a level as shown on screen: a solid swatch of the level's colour, dark text on a light tint (contrast ≥ 4.5:1). */
export const RISK_TAG_STYLE: Record<RiskColour, { swatch: string; background: string; text: string }> = {
  red: { swatch: '#cf1322', background: '#fff1f0', text: '#a8071a' },
  orange: { swatch: '#fa8c16', background: '#fff7e6', text: '#873800' },
  yellow: { swatch: '#fadb14', background: '#feffe6', text: '#614700' },
  blue: { swatch: '#2f54eb', background: '#f0f5ff', text: '#10239e' },
};

export const LIKELIHOOD_LABELS: Record<number, string> = { 1: '极不可能', 2: '不太可能', 3: '可能', 4: '很可能', 5: '极可能' };
export const SEVERITY_LABELS: Record<number, string> = { 1: '轻微', 2: '较小', 3: '中等', 4: '严重', 5: '特别严重' };

/** 较大风险（橙）: the level in its colour, with the colour named in text (not colour alone). */
export function RiskLevelTag({ level, score, testId = 'risk-level' }: { level: RiskLevel; score?: number | null; testId?: string }) {
  const colour = RISK_LEVEL_COLOURS[level];
  const s = RISK_TAG_STYLE[colour];
  return (
    <Tag
      data-testid={testId}
      data-level={level}
      data-colour={colour}
      style={{ background: s.background, color: s.text, borderColor: s.swatch, marginInlineEnd: 0, whiteSpace: 'nowrap' }}
    >
      <span aria-hidden style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: s.swatch, marginInlineEnd: 4, verticalAlign: -1 }} />
      {RISK_LEVEL_LABELS[level]}（{RISK_COLOUR_LABELS[colour]}）{score != null ? ` ${score}` : ''}
    </Tag>
  );
}
