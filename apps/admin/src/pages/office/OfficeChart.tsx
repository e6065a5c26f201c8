import ReactEChartsCore from 'echarts-for-react/esm/core';
import { echarts } from '../../components/office-charts';

const RED = '#b5342c';

/** Bars (one series, or several stacked side by side), optionally with a goal line. */
export function OfficeBarChart({
  labels,
  series,
  goal,
  unit,
  testId,
  line,
  max,
}: {
  labels: string[];
  series: { name: string; values: number[] }[];
  /** A horizontal mark line at this value, labelled 目标. */
  goal?: { value: number; label: string };
  unit?: string;
  testId: string;
  /** A second axis line series (e.g. the running share of the annual target, percent). */
  line?: { name: string; values: number[]; unit: string };
  /** The value axis' top (100 for percentages, so the goal line is always in sight). */
  max?: number;
}) {
  return (
    <div data-testid={testId}>
      <ReactEChartsCore
        echarts={echarts}
        style={{ height: 300 }}
        notMerge
        option={{
          animation: false,
          tooltip: { trigger: 'axis' },
          legend: series.length > 1 || line ? { bottom: 0 } : undefined,
          grid: { left: 56, right: line ? 56 : 24, top: 24, bottom: labels.length > 8 ? 80 : 48 },
          xAxis: { type: 'category', data: labels, axisLabel: { rotate: labels.length > 8 ? 40 : 0, interval: 0 } },
          yAxis: [
            { type: 'value', name: unit, minInterval: 1, max },
            ...(line ? [{ type: 'value', name: line.unit, splitLine: { show: false } }] : []),
          ],
          series: [
            ...series.map((s, i) => ({
              type: 'bar',
              name: s.name,
              data: s.values,
              itemStyle: i === 0 ? { color: RED } : undefined,
              markLine:
                goal && i === 0
                  ? { symbol: 'none', silent: true, lineStyle: { color: '#1677ff', type: 'dashed' }, label: { formatter: goal.label }, data: [{ yAxis: goal.value }] }
                  : undefined,
            })),
            ...(line ? [{ type: 'line', name: line.name, yAxisIndex: 1, data: line.values, smooth: false }] : []),
          ],
        }}
      />
    </div>
  );
}

export function OfficePieChart({ data, testId, unit }: { data: { name: string; value: number }[]; testId: string; unit: string }) {
  return (
    <div data-testid={testId}>
      <ReactEChartsCore
        echarts={echarts}
        style={{ height: 280 }}
        notMerge
        option={{
          animation: false,
          tooltip: { trigger: 'item', formatter: `{b}：{c} ${unit}（{d}%）` },
          legend: { bottom: 0 },
          series: [{ type: 'pie', radius: ['35%', '65%'], data: data.filter((d) => d.value > 0) }],
        }}
      />
    </div>
  );
}
