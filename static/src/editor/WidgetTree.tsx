// The page's widgets as a tree in the explorer: click one to select it (also the ones
// that are hard to click on the canvas: nested, hidden or tiny).
import type { DslWidget } from "../api/client";
import { useDocumentVersion, useEditor } from "./EditorContext";

export function WidgetTree() {
  const { doc, setCentre } = useEditor();
  useDocumentVersion(doc);
  const rows: { w: DslWidget; depth: number }[] = [];
  const visit = (w: DslWidget, depth: number) => {
    for (const c of w.children ?? []) {
      // Canvases inside containers are not widgets people think about.
      if (c.type === "CANVAS_WIDGET") visit(c, depth);
      else {
        rows.push({ w: c, depth });
        visit(c, depth + 1);
      }
    }
  };
  visit(doc.dsl, 0);
  return (
    <>
      <header>
        <h3>Widgets on this page</h3>
      </header>
      <ul className="entity-list widget-tree">
        {rows.map(({ w, depth }) => (
          <li key={w.widgetId} className={doc.selection.includes(w.widgetId) ? "active" : undefined} style={{ paddingLeft: 4 + depth * 12 }}>
            <a
              href="#"
              data-entity="widget"
              onClick={(e) => {
                e.preventDefault();
                setCentre({ kind: "canvas" });
                doc.select([w.widgetId]);
              }}
            >
              {w.widgetName}
            </a>
          </li>
        ))}
        {rows.length === 0 && <li className="hint">Drag widgets in from below.</li>}
      </ul>
    </>
  );
}
