// Widgets that hold other widgets: Container, Form, Modal, Tabs and List. Each draws
// its child canvas at its own width, so the 64-column grid nests.
import type { DslWidget } from "../api/client";
import { FormContext, ListItemContext, useWidget, useWidgetEvents } from "./context";
import { canvasHeight, WidgetCanvas } from "./WidgetCanvas";
import type { WidgetProps } from "./types";

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
/** The width a nested canvas gets: the widget's box less its padding and border. */
const innerWidth = (width: number) => Math.max(0, width - 10);
const firstCanvas = (node: DslWidget) => node.children?.find((c) => c.type === "CANVAS_WIDGET") ?? node.children?.[0];

export function ContainerWidget({ node, width, height }: WidgetProps) {
  const s = useWidget(node.widgetName);
  return (
    <div className="container-widget" style={{ background: str(s.backgroundColor) || undefined, height }}>
      <WidgetCanvas canvas={firstCanvas(node)} width={innerWidth(width)} />
    </div>
  );
}

export function FormWidget(props: WidgetProps) {
  return (
    <FormContext.Provider value={props.node.widgetName}>
      <ContainerWidget {...props} />
    </FormContext.Provider>
  );
}

export function ModalWidget({ node }: WidgetProps) {
  const s = useWidget(node.widgetName);
  const { setMeta } = useWidgetEvents(node.widgetName);
  if (!s.isVisible) return null;
  const canvas = firstCanvas(node);
  const width = Math.min(Number(s.width) || 456, window.innerWidth - 32);
  const height = Number(s.height) || canvasHeight(canvas?.children, 240);
  const close = () => setMeta({ isVisible: false }, "onClose");
  return (
    <div className="modal-backdrop" onClick={() => (s.canOutsideClickClose !== false ? close() : undefined)}>
      <div
        className="modal-widget"
        role="dialog"
        aria-modal="true"
        aria-label={node.widgetName}
        data-widget-name={node.widgetName}
        style={{ width, height }}
        onClick={(e) => e.stopPropagation()}
      >
        <WidgetCanvas canvas={canvas} width={width} minHeight={height} />
      </div>
    </div>
  );
}

interface TabDef {
  id: string;
  label: string;
  index?: number;
  isVisible?: boolean;
}

export function TabsWidget({ node, width, height }: WidgetProps) {
  const s = useWidget(node.widgetName);
  const { setMeta } = useWidgetEvents(node.widgetName);
  const tabsObj = (s.tabsObj ?? {}) as Record<string, TabDef>;
  const tabs = Object.values(tabsObj)
    .filter((t) => t && t.isVisible !== false)
    .sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const selected = tabs.find((t) => t.label === s.selectedTab) ?? tabs[0];
  const canvas = node.children?.find((c) => c.tabId === selected?.id || c.tabName === selected?.label);
  return (
    <div className="tabs-widget" style={{ height }}>
      {s.shouldShowTabs !== false && (
        <div className="tab-bar" role="tablist">
          {tabs.map((t) => (
            <button
              key={t.id}
              role="tab"
              aria-selected={t === selected}
              className={t === selected ? "tab active" : "tab"}
              onClick={() => setMeta({ selectedTab: t.label }, "onTabSelected")}
            >
              {t.label}
            </button>
          ))}
        </div>
      )}
      <div className="tab-panel" role="tabpanel">
        <WidgetCanvas canvas={canvas} width={innerWidth(width)} />
      </div>
    </div>
  );
}

export function ListWidget({ node, width, height }: WidgetProps) {
  const s = useWidget(node.widgetName);
  const { setMeta } = useWidgetEvents(node.widgetName);
  const items = Array.isArray(s.listData) ? (s.listData as unknown[]) : [];
  const canvas = firstCanvas(node);
  // The template is the canvas's first child (a container); every item repeats it.
  const template = canvas?.children?.[0];
  const itemHeight = template ? (Number(template.bottomRow ?? 0) - Number(template.topRow ?? 0)) * 10 : 80;
  return (
    <div className="list-widget" style={{ height }}>
      {items.length === 0 && <div className="empty">No data to display</div>}
      {items.map((item, index) => (
        <ListItemContext.Provider key={index} value={{ index, item }}>
          <div
            className={`list-item${s.selectedItemIndex === index ? " selected" : ""}`}
            style={{ height: itemHeight, marginBottom: Number(s.itemSpacing) || 8 }}
            onClick={() => setMeta({ selectedItemIndex: index }, "onItemClick", { currentItem: item, currentIndex: index })}
          >
            <WidgetCanvas canvas={canvas} width={innerWidth(width)} />
          </div>
        </ListItemContext.Provider>
      ))}
    </div>
  );
}
