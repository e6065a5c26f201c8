import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';

// Only the charts the pages draw are registered, so the chunk stays small.
echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export function BarChartView({ labels, values, testId }: { labels: string[]; values: number[]; testId?: string }) {
  return (
    <div data-testid={testId}>
      <ReactEChartsCore
        echarts={echarts}
        style={{ height: 280 }}
        option={{
          animation: false,
          tooltip: { trigger: 'axis' },
          grid: { left: 40, right: 16, top: 16, bottom: 60 },
          xAxis: { type: 'category', data: labels, axisLabel: { rotate: labels.length > 6 ? 30 : 0 } },
          yAxis: { type: 'value', minInterval: 1 },
          series: [{ type: 'bar', data: values, itemStyle: { color: '#b5342c' } }],
        }}
      />
    </div>
  );
}

export function PieChartView({ data, testId }: { data: { name: string; value: number }[]; testId?: string }) {
  return (
    <div data-testid={testId}>
      <ReactEChartsCore
        echarts={echarts}
        style={{ height: 280 }}
        option={{
          animation: false,
          tooltip: { trigger: 'item', formatter: '{b}：{c} 人（{d}%）' },
          legend: { bottom: 0 },
          series: [{ type: 'pie', radius: ['35%', '65%'], data }],
        }}
      />
    </div>
  );
}
