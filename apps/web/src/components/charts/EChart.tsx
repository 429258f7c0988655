import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { AriaComponentOption, GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption, ECElementEvent } from 'echarts/core';

/*
 * The one ECharts wrapper of the web app: only the parts the pages draw (bars, lines, the grid,
 * tooltip, legend and the aria description) are bundled, through `echarts/core`, so the
 * dashboard's chunk stays small. The chart follows its container's size (ResizeObserver), and
 * its accessible name is the Chinese summary the page gives, since a canvas says nothing to a
 * screen reader.
 */
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | AriaComponentOption>;

/** The palette of the charts: antd's blue, green, orange and red, readable on white. */
export const CHART_COLORS = { blue: '#1668dc', green: '#389e0d', orange: '#d46b08', red: '#cf1322', grey: '#8c8c8c' } as const;

type Props = {
  option: ChartOption;
  /** What the chart shows, in words: its accessible name (role="img"). */
  label: string;
  height: number | string;
  /** A click on a bar or a point (drill-down): the category's index and the series' name. */
  onClick?: (e: { dataIndex: number; seriesName?: string; name: string }) => void;
  testId?: string;
};

export function EChart({ option, label, height, onClick, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'canvas', locale: 'ZH' });
    chart.current = c;
    c.on('click', (e) => {
      const ev = e as ECElementEvent;
      clickRef.current?.({ dataIndex: ev.dataIndex, seriesName: ev.seriesName, name: ev.name });
    });
    // Follows the container (a collapsed menu, a rotated phone, the grid's breakpoints), one frame at a time.
    let frame = 0;
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => c.resize());
    });
    ro.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true, label: { description: label } }, ...option }, { notMerge: true });
  }, [option, label]);

  return <div ref={box} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }} />;
}
