import type { CSSProperties } from 'react';
import { RISK_COLOUR_LABELS, RISK_LEVEL_COLOURS, RISK_LEVEL_LABELS, type RiskLevel } from '@xiaoan/domain';

/*
 * The colours of risk levels on the heat table and the notice cards: red, orange, yellow, blue
 * backgrounds with a text colour that keeps a contrast of at least 4.5:1 (red 5.6, orange 8.8 and
 * yellow 15.2 with black text, blue 8.6 with white). The level is always written too, never
 * shown by colour alone.
 */

export const LEVEL_STYLE: Record<RiskLevel, { background: string; color: string }> = {
  major: { background: '#cf1322', color: '#ffffff' },
  significant: { background: '#fa8c16', color: '#000000' },
  general: { background: '#fadb14', color: '#000000' },
  low: { background: '#1d39c4', color: '#ffffff' },
};

/** An empty cell: light grey with dark grey text (5.6:1). */
export const EMPTY_STYLE = { background: '#f5f5f5', color: '#595959' };

/** "较大风险（橙）" */
export const levelText = (level: RiskLevel) => `${RISK_LEVEL_LABELS[level]}（${RISK_COLOUR_LABELS[RISK_LEVEL_COLOURS[level]]}）`;

/** "较大" — the level's short name for a narrow cell. */
export const levelShort = (level: RiskLevel) => RISK_LEVEL_LABELS[level].replace('风险', '');

/** A level written on its colour. */
export function LevelBadge({ level, short, style }: { level: RiskLevel; short?: boolean; style?: CSSProperties }) {
  return (
    <span
      data-level={level}
      data-colour={RISK_LEVEL_COLOURS[level]}
      style={{ ...LEVEL_STYLE[level], display: 'inline-block', padding: '0 8px', borderRadius: 4, fontWeight: 600, lineHeight: '22px', whiteSpace: 'nowrap', ...style }}
    >
      {short ? levelShort(level) : levelText(level)}
    </span>
  );
}
