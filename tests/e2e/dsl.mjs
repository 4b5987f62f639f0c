// Building page DSLs (Appsmith's widget schema) for tests and benchmarks.
let counter = 0;

export function widget(type, widgetName, [left, top, right, bottom], props = {}) {
  const bindings = [];
  const triggers = [];
  for (const [k, v] of Object.entries(props)) {
    if (typeof v === "string" && v.includes("{{")) (/^on[A-Z]/.test(k) ? triggers : bindings).push({ key: k });
  }
  return {
    widgetName,
    type,
    widgetId: `w${++counter}x${Math.random().toString(36).slice(2, 8)}`,
    leftColumn: left,
    rightColumn: right,
    topRow: top,
    bottomRow: bottom,
    parentId: "0",
    isVisible: true,
    version: 1,
    dynamicBindingPathList: bindings,
    dynamicTriggerPathList: triggers,
    ...props,
  };
}

/** Points every widget's parentId at the widget that holds it, as the server checks. */
function linkParents(node) {
  for (const child of node.children ?? []) {
    child.parentId = node.widgetId;
    linkParents(child);
  }
  return node;
}

export function mainContainer(children) {
  const bottom = Math.max(0, ...children.map((c) => c.bottomRow));
  return linkParents({
    widgetName: "MainContainer",
    type: "CANVAS_WIDGET",
    widgetId: "0",
    // The server keeps every widget, the root canvas included, inside the 64-column grid.
    leftColumn: 0,
    rightColumn: 64,
    topRow: 0,
    bottomRow: bottom + 10,
    snapColumns: 64,
    snapRows: bottom + 10,
    detachFromLayout: true,
    canExtend: true,
    version: 1,
    dynamicBindingPathList: [],
    dynamicTriggerPathList: [],
    children,
  });
}

/**
 * A page of `total` widgets of which `bound` are Texts with a binding: half read the
 * Input the benchmark types into (`Source`), half read one of the other Inputs (50 on the large page).
 */
export function largePage(total, bound) {
  const children = [];
  const place = () => {
    const n = children.length;
    const row = Math.floor(n / 4) * 6;
    const col = (n % 4) * 16;
    return [col, row, col + 16, row + 6];
  };
  children.push(widget("INPUT_WIDGET_V2", "Source", place(), { label: "Source", defaultText: "start", inputType: "TEXT" }));
  const fields = Math.max(1, Math.ceil((total - bound - 1) / 2));
  for (let f = 0; f < fields; f += 1) children.push(widget("INPUT_WIDGET_V2", `Field${f}`, place(), { label: `Field ${f}`, defaultText: `value ${f}` }));
  for (let b = 0; b < bound; b += 1) {
    const text = b % 2 === 0 ? `{{Source.text}} #${b}` : `{{Field${b % fields}.text.toUpperCase()}} ({{Field${b % fields}.text.length}})`;
    children.push(widget("TEXT_WIDGET", `Bound${b}`, place(), { text }));
  }
  for (let p = 0; children.length < total; p += 1) children.push(widget("TEXT_WIDGET", `Plain${p}`, place(), { text: `Static text ${p}` }));
  return mainContainer(children);
}
