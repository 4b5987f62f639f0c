// Chart: line, bar, column, area and pie charts drawn by ECharts, loaded on first use
// so that pages without charts do not pay for it.
import { useEffect, useRef } from "react";
import { useWidget, useWidgetEvents } from "./context";
import type { WidgetProps } from "./types";

type Point = { x: unknown; y: unknown };
type Series = { seriesName?: string; data?: Point[] | string };

function seriesList(chartData: unknown): { name: string; data: Point[] }[] {
  if (!chartData || typeof chartData !== "object") return [];
  return Object.values(chartData as Record<string, Series>).map((s, i) => {
    let data = s?.data;
    if (typeof data === "string") {
      try {
        data = JSON.parse(data) as Point[];
      } catch {
        data = [];
      }
    }
    return { name: s?.seriesName ?? `Series ${i + 1}`, data: Array.isArray(data) ? data : [] };
  });
}

export function chartOption(chartType: string, chartName: string, chartData: unknown, xAxisName = "", yAxisName = "") {
  const series = seriesList(chartData);
  const title = { text: chartName, left: "center", textStyle: { fontSize: 14 } };
  const animation = false;
  if (chartType === "PIE_CHART") {
    const first = series[0] ?? { name: "", data: [] };
    return {
      animation,
      title,
      tooltip: { trigger: "item" },
      series: [{ type: "pie", name: first.name, radius: "60%", data: first.data.map((p) => ({ name: String(p.x), value: Number(p.y) })) }],
    };
  }
  const categories = [...new Set(series.flatMap((s) => s.data.map((p) => String(p.x))))];
  const horizontal = chartType === "BAR_CHART";
  const type = chartType === "LINE_CHART" || chartType === "AREA_CHART" ? "line" : "bar";
  const category = { type: "category", data: categories, name: horizontal ? yAxisName : xAxisName };
  const value = { type: "value", name: horizontal ? xAxisName : yAxisName };
  return {
    animation,
    title,
    tooltip: { trigger: "axis" },
    legend: series.length > 1 ? { bottom: 0 } : undefined,
    grid: { left: 48, right: 24, top: 40, bottom: series.length > 1 ? 48 : 32 },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: series.map((s) => ({
      type,
      name: s.name,
      areaStyle: chartType === "AREA_CHART" ? {} : undefined,
      data: categories.map((c) => {
        const p = s.data.find((d) => String(d.x) === c);
        return p ? Number(p.y) : null;
      }),
    })),
  };
}

export function ChartWidget({ node, width, height }: WidgetProps) {
  const s = useWidget(node.widgetName);
  const { setMeta } = useWidgetEvents(node.widgetName);
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<{ setOption: (o: unknown, notMerge: boolean) => void; resize: () => void; dispose: () => void; on: (e: string, cb: (p: { name: string; value: unknown; seriesName?: string }) => void) => void } | null>(null);
  const setMetaRef = useRef(setMeta);
  setMetaRef.current = setMeta;
  const option = chartOption(String(s.chartType ?? "LINE_CHART"), String(s.chartName ?? ""), s.chartData, String(s.xAxisName ?? ""), String(s.yAxisName ?? ""));
  // The library loads asynchronously: it must draw the latest option, not the first.
  const optionRef = useRef(option);
  optionRef.current = option;

  useEffect(() => {
    let disposed = false;
    void import("echarts").then((echarts) => {
      if (disposed || !el.current) return;
      const c = echarts.init(el.current, undefined, { renderer: "canvas" });
      c.on("click", (p: { name: string; value: unknown; seriesName?: string }) => {
        void setMetaRef.current({ selectedDataPoint: { x: p.name, y: p.value, seriesTitle: p.seriesName } }, "onDataPointClick");
      });
      chart.current = c as unknown as typeof chart.current;
      c.setOption(optionRef.current as never, true);
    });
    return () => {
      disposed = true;
      chart.current?.dispose();
      chart.current = null;
    };
    // The chart instance is created once; option changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    chart.current?.setOption(optionRef.current, true);
  }, [s.chartType, s.chartName, s.chartData, s.xAxisName, s.yAxisName]);

  useEffect(() => {
    chart.current?.resize();
  }, [width, height]);

  return <div className="chart-widget" ref={el} style={{ width: "100%", height: "100%" }} aria-label={String(s.chartName ?? node.widgetName)} />;
}
