import { useEffect, useRef, type CSSProperties } from 'react';
import { Progress, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { REPORT_STATE_LABELS, type ReportState } from '@xiaoan/domain';

/*
 * What every reporting page shares: the states' words and colours, rates, times.
 */

/**
 * The states' words. The domain's label of `missing` is a phrase (未报送（已逾期）); the
 * bureau's own word for it, short enough for a matrix cell, is 缺报. The phrase stays in the
 * tooltip and the legend.
 */
export const STATE_TEXT: Record<ReportState, string> = { ...REPORT_STATE_LABELS, missing: '缺报' };

/** Cell and tag colours: dark text on a light fill, each pair above 4.5:1 contrast. */
export const STATE_COLORS: Record<ReportState, { bg: string; fg: string; border: string }> = {
  not_started: { bg: '#fafafa', fg: '#595959', border: '#d9d9d9' },
  draft: { bg: '#f0f5ff', fg: '#10239e', border: '#adc6ff' },
  submitted: { bg: '#e6f4ff', fg: '#003eb3', border: '#91caff' },
  late: { bg: '#fff7e6', fg: '#873800', border: '#ffd591' },
  returned: { bg: '#f9f0ff', fg: '#391085', border: '#d3adf7' },
  approved: { bg: '#f6ffed', fg: '#135200', border: '#b7eb8f' },
  missing: { bg: '#fff1f0', fg: '#a8071a', border: '#ffa39e' },
};

/** The one-character-ish cell text of the matrix (the state's full word is the cell's name). */
export const STATE_CELL: Record<ReportState, string> = {
  not_started: '未开始',
  draft: '草稿',
  submitted: '已报',
  late: '逾期',
  returned: '退回',
  approved: '通过',
  missing: '缺报',
};

export function StateTag({ state, testId }: { state: ReportState; testId?: string }) {
  const c = STATE_COLORS[state];
  return (
    <Tooltip title={REPORT_STATE_LABELS[state]}>
      <Tag style={{ background: c.bg, color: c.fg, borderColor: c.border, marginInlineEnd: 0 }} data-testid={testId} data-state={state}>
        {STATE_TEXT[state]}
      </Tag>
    </Tooltip>
  );
}

/** The legend under a matrix: every state's colour and word. */
export function StateLegend({ style }: { style?: CSSProperties }) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, ...style }} aria-label="图例">
      {(Object.keys(STATE_TEXT) as ReportState[]).map((s) => (
        <StateTag key={s} state={s} />
      ))}
    </div>
  );
}

/** 0.8333 → "83.3%"; null (nothing expected) → "—". */
export const pct = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);

/** A rate as a bar with its name (for screen readers) and its figure. */
export function RateBar({ label, rate, color, testId }: { label: string; rate: number | null; color?: string; testId?: string }) {
  const percent = rate === null ? 0 : Math.round(rate * 1000) / 10;
  return (
    <div data-testid={testId} style={{ minWidth: 0 }}>
      {/* status normal: at 100% antd would turn the figure light green (below 4.5:1). */}
      <Progress percent={percent} status="normal" size="small" strokeColor={color} format={() => pct(rate)} aria-label={`${label} ${pct(rate)}`} />
    </div>
  );
}

export { dateTimeOrDash as fmtTime } from '../../lib/format';

/** The day the period's reports are due, in words ("12月1日前"), and how far away it is. */
export function dueText(dueDate: string, today = dayjs().format('YYYY-MM-DD')): string {
  const d = dayjs(dueDate);
  const days = d.diff(dayjs(today), 'day');
  const when = `${d.month() + 1}月${d.date()}日前`;
  if (days > 1) return `${when}（还有 ${days} 天）`;
  if (days === 1) return `${when}（明天截止）`;
  if (days === 0) return `${when}（今天截止）`;
  return `${when}（已过 ${-days} 天）`;
}

export const todayIso = () => dayjs().format('YYYY-MM-DD');

/**
 * A wrapper's ref whose antd tables' scrolling boxes take the keyboard focus (arrow keys
 * scroll them) and carry a name: a wide table on a phone must be scrollable without a mouse.
 */
export function useScrollableTables<T extends HTMLElement = HTMLDivElement>(label: string) {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.querySelectorAll('.ant-table-content, .ant-table-body').forEach((el) => {
      const box = el as HTMLElement;
      if (box.scrollWidth <= box.clientWidth && box.scrollHeight <= box.clientHeight) return;
      box.setAttribute('tabindex', '0');
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', label);
    });
  });
  return ref;
}
