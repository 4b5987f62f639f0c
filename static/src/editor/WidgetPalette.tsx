// The widget palette: drag a widget onto the canvas (or click it to add it below what
// is there, in the selected container if one is selected).
import { useEditor } from "./EditorContext";
import { PALETTE_MIME, setPaletteDrag } from "./canvas/paletteDrag";
import { PALETTE, createWidget } from "./model/palette";
import { bottomOf, canHoldWidgets, dropCanvasOf, findWidget, insertWidget, parentOf } from "./model/dslOps";


export function WidgetPalette() {
  const { doc, takenNames, setCentre } = useEditor();
  const addBelow = (type: string) => {
    const entry = PALETTE.find((p) => p.type === type)!;
    const selected = doc.selection.length === 1 ? findWidget(doc.dsl, doc.selection[0]) : undefined;
    // Modals live on the page itself, whatever is selected.
    const canvas =
      entry.type === "MODAL_WIDGET" ? doc.dsl : selected && canHoldWidgets(selected) ? dropCanvasOf(selected)! : (selected && parentOf(doc.dsl, selected.widgetId)) || doc.dsl;
    const w = createWidget(entry, 0, bottomOf(canvas), takenNames());
    doc.change(insertWidget(doc.dsl, canvas.widgetId, w), [w.widgetId]);
    setCentre({ kind: "canvas" });
  };
  return (
    <section className="panel-section" aria-label="Widgets">
      <header>
        <h3>Widgets</h3>
      </header>
      <div className="palette">
        {PALETTE.map((p) => (
          <button
            key={p.type}
            className="palette-item"
            draggable
            data-widget-type={p.type}
            onDragStart={(e) => {
              e.dataTransfer.setData(PALETTE_MIME, p.type);
              setPaletteDrag(p.type);
              e.dataTransfer.effectAllowed = "copy";
            }}
            onDragEnd={() => setPaletteDrag(null)}
            onClick={() => addBelow(p.type)}
            title={`Drag onto the canvas, or click to add a ${p.label} below`}
          >
            {p.label}
          </button>
        ))}
      </div>
    </section>
  );
}
