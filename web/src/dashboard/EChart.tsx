import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';

// Only what the dashboard draws is registered, which keeps the chart chunk small.
echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** One ECharts chart: drawn on mount, redrawn when its option changes, resized with its box. */
export function EChart({ option, onClick, style, testId }: { option: ChartOption; onClick?: (dataIndex: number, seriesIndex: number) => void; style?: CSSProperties; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  useEffect(() => {
    click.current = onClick;
  }, [onClick]);

  useEffect(() => {
    if (!box.current) return undefined;
    const instance = echarts.init(box.current);
    chart.current = instance;
    instance.on('click', (params) => click.current?.(params.dataIndex, params.seriesIndex ?? 0));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={box} data-testid={testId} style={{ height: 280, cursor: onClick ? 'pointer' : undefined, ...style }} />;
}
