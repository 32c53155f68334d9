import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';

/**
 * A chart drawn by Apache ECharts. The library is loaded on first use, in its own chunk; `label` is what a screen
 * reader hears (the same figures are in the screen's table).
 */
export function EChart({ option, label, height = 280 }: { option: EChartsCoreOption; label: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<EChartsType>();

  useEffect(() => {
    let disposed = false;
    let instance: EChartsType | undefined;
    let observer: ResizeObserver | undefined;
    void import('./echarts').then(({ echarts }) => {
      if (disposed || !box.current) return;
      instance = echarts.init(box.current);
      observer = new ResizeObserver(() => instance?.resize());
      observer.observe(box.current);
      setChart(instance);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      instance?.dispose();
    };
  }, []);

  useEffect(() => {
    chart?.setOption(option, { notMerge: true });
  }, [chart, option]);

  return <div ref={box} role="img" aria-label={label} data-ready={chart ? 'true' : 'false'} style={{ width: '100%', height }} />;
}
