/**
 * The statistics page's charts: Apache ECharts (the charting library Chinese offices know), served from the package
 * as installed, and this script, which draws each `[data-chart]` element from the page's JSON data block. Every chart
 * has its figures as a table beside it, so the page says the same without script, to a screen reader and in print.
 */
export const chartsScript = `(() => {
  const data = JSON.parse(document.getElementById('chart-data').textContent);
  for (const el of document.querySelectorAll('[data-chart]')) {
    const spec = data[el.dataset.chart];
    if (!spec || !spec.labels.length) continue;
    const chart = echarts.init(el, null, { renderer: 'svg', locale: 'ZH' });
    chart.setOption({
      aria: { enabled: true },
      animation: false,
      grid: { containLabel: true, left: 8, right: 48, top: 8, bottom: 8 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', max: spec.percent ? 100 : null, minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: spec.labels, axisLabel: { width: 150, overflow: 'truncate' } },
      series: [{
        type: 'bar',
        data: spec.values,
        itemStyle: { color: '#a8071a' },
        label: { show: true, position: 'right', formatter: spec.percent ? '{c}%' : '{c}' },
      }],
    });
    window.addEventListener('resize', () => chart.resize());
  }
})();
`;
