// Table: rows from `tableData`, columns from `primaryColumns`/`columnOrder` (or the
// first row's keys), search, sorting by header, row selection (single or multiple),
// server-side paging controls, and column types. Rows are virtualised: only the rows
// in view (plus a few) exist in the DOM, so 10,000 rows stay fast.
import { useMemo, useRef, useState } from "react";
import { createSortedRowModel, type ColumnDef, rowSortingFeature, sortFn_alphanumeric, sortFn_basic, tableFeatures, useTable } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { TABLE_ROW_HEIGHT } from "../engine/widgetSpecs";
import { useWidget, useWidgetEvents } from "./context";
import type { WidgetProps } from "./types";

type Row = Record<string, unknown> & { __originalIndex__: number };

interface ColumnConfig {
  id: string;
  label: string;
  columnType: string;
  isVisible: boolean;
  /** Per-row values computed by the engine (Appsmith's `computedValue`), when present. */
  computed?: unknown[];
}

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});
const ROW_HEIGHT = TABLE_ROW_HEIGHT;

function columnsOf(state: Record<string, unknown>, rows: Record<string, unknown>[]): ColumnConfig[] {
  const primary = (state.primaryColumns ?? {}) as Record<string, Record<string, unknown>>;
  const order = Array.isArray(state.columnOrder) ? (state.columnOrder as string[]) : [];
  const keys = [...new Set([...order, ...Object.keys(primary), ...(rows[0] ? Object.keys(rows[0]) : [])])].filter((k) => k !== "__originalIndex__");
  return keys.map((id) => {
    const p = primary[id] ?? {};
    return {
      id,
      label: String(p.label ?? id),
      columnType: String(p.columnType ?? "text"),
      isVisible: p.isVisible !== false,
      computed: Array.isArray(p.computedValue) ? (p.computedValue as unknown[]) : undefined,
    };
  });
}

/** Sorting compares numbers as numbers and everything else as its text. */
function sortable(v: unknown): string | number {
  return typeof v === "number" ? v : text(v);
}

function text(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function Cell({ value, type }: { value: unknown; type: string }) {
  switch (type) {
    case "image":
      return value ? <img className="cell-image" src={text(value)} alt="" /> : null;
    case "url":
      return value ? (
        <a href={text(value)} target="_blank" rel="noreferrer noopener" onClick={(e) => e.stopPropagation()}>
          {text(value)}
        </a>
      ) : null;
    case "checkbox":
    case "switch":
      return <input type="checkbox" checked={!!value} readOnly aria-readonly="true" />;
    case "number":
      return <span className="cell-number">{typeof value === "number" ? value.toLocaleString() : text(value)}</span>;
    case "date":
      return <span>{value ? new Date(text(value)).toLocaleDateString() : ""}</span>;
    default:
      return <span>{text(value)}</span>;
  }
}

export function TableWidget({ node, height }: WidgetProps) {
  const s = useWidget(node.widgetName);
  const { setMeta } = useWidgetEvents(node.widgetName);
  const data = s.tableData as Record<string, unknown>[] | undefined;
  const [search, setSearch] = useState("");
  const scrollRef = useRef<HTMLDivElement>(null);

  const configs = useMemo(() => columnsOf(s, data ?? []), [s.primaryColumns, s.columnOrder, data]); // eslint-disable-line react-hooks/exhaustive-deps
  const visible = configs.filter((c) => c.isVisible);

  const rows = useMemo<Row[]>(() => {
    const all = (data ?? []).map((r, i) => ({ ...r, __originalIndex__: i }) as Row);
    const q = search.trim().toLowerCase();
    if (!q) return all;
    return all.filter((r) => visible.some((c) => text(c.computed ? c.computed[r.__originalIndex__] : r[c.id]).toLowerCase().includes(q)));
  }, [data, search, visible]);

  const columns = useMemo(
    () =>
      visible.map(
        (c): ColumnDef<typeof features, Row> => ({
          id: c.id,
          header: c.label,
          accessorFn: (r: Row) => sortable(c.computed ? c.computed[r.__originalIndex__] : r[c.id]),
          sortFn: c.columnType === "number" ? "basic" : "alphanumeric",
          enableSorting: s.isSortable !== false,
        }),
      ),
    [visible, s.isSortable],
  );

  const table = useTable({ features, columns, data: rows });
  const modelRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: modelRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  const multi = !!s.multiRowSelection;
  const selectedIndex = s.selectedRowIndex as number;
  const selectedIndices = (Array.isArray(s.selectedRowIndices) ? s.selectedRowIndices : []) as number[];

  const select = (row: Row) => {
    const { __originalIndex__: index, ...currentRow } = row;
    if (multi) {
      const next = selectedIndices.includes(index) ? selectedIndices.filter((i) => i !== index) : [...selectedIndices, index];
      setMeta({ selectedRowIndices: next, selectedRowIndex: index, triggeredRowIndex: index }, "onRowSelected", { currentRow });
    } else {
      setMeta({ selectedRowIndex: index, triggeredRowIndex: index }, "onRowSelected", { currentRow });
    }
  };

  const template = visible.map(() => "minmax(120px, 1fr)").join(" ");
  const pageNo = Number(s.pageNo) || 1;
  return (
    <div className="table-widget" style={{ height }} role="table" aria-label={node.widgetName} aria-rowcount={modelRows.length}>
      <div className="table-toolbar">
        {s.isVisibleSearch !== false && (
          <input
            className="table-search"
            type="search"
            placeholder="Search…"
            aria-label="Search the table"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setMeta({ searchText: e.target.value }, "onSearchTextChanged");
            }}
          />
        )}
        <span className="spacer" />
        {s.serverSidePaginationEnabled ? (
          <span className="pager">
            <button disabled={pageNo <= 1} onClick={() => setMeta({ pageNo: pageNo - 1 }, "onPageChange")} aria-label="Previous page">
              ‹
            </button>
            <span>Page {pageNo}</span>
            <button onClick={() => setMeta({ pageNo: pageNo + 1 }, "onPageChange")} aria-label="Next page">
              ›
            </button>
          </span>
        ) : (
          <span className="row-count">{modelRows.length} rows</span>
        )}
      </div>
      <div className="table-scroll" ref={scrollRef}>
        <div className="table-header" role="row" style={{ gridTemplateColumns: template }}>
          {table.getHeaderGroups()[0]?.headers.map((h) => {
            const sorted = h.column.getIsSorted();
            return (
              <div
                key={h.id}
                role="columnheader"
                className={h.column.getCanSort() ? "sortable" : undefined}
                aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
                onClick={h.column.getToggleSortingHandler()}
              >
                {String(h.column.columnDef.header ?? h.id)}
                {sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}
              </div>
            );
          })}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = modelRows[item.index];
            const original = row.original;
            const isSelected = multi ? selectedIndices.includes(original.__originalIndex__) : selectedIndex === original.__originalIndex__;
            return (
              <div
                key={row.id}
                role="row"
                className={`table-row${isSelected ? " selected" : ""}`}
                aria-selected={isSelected}
                tabIndex={0}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, gridTemplateColumns: template }}
                onClick={() => select(original)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" || e.key === " ") {
                    e.preventDefault();
                    select(original);
                  }
                }}
              >
                {visible.map((c) => (
                  <div role="cell" key={c.id}>
                    <Cell value={c.computed ? c.computed[original.__originalIndex__] : original[c.id]} type={c.columnType} />
                  </div>
                ))}
              </div>
            );
          })}
        </div>
        {modelRows.length === 0 && <div className="empty">No data to display</div>}
      </div>
    </div>
  );
}
