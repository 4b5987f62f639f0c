// Merging two editors' versions of one page after a save conflict, widget by widget:
// starting from their version, every widget I added, changed or moved is taken from
// mine, and every widget I deleted goes unless they changed it. Widgets neither side
// touched, and everything only they changed, stay theirs. Plain TypeScript, no React.
import type { DslWidget } from "../../api/client";
import { deleteWidgets, findWidget, reflow, uniqueName, updateWidget, widgetNames } from "./dslOps";

interface Entry {
  node: DslWidget;
  parentId?: string;
}

function index(root: DslWidget): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const visit = (w: DslWidget, parentId?: string) => {
    out.set(w.widgetId, { node: w, parentId });
    for (const c of w.children ?? []) visit(c, w.widgetId);
  };
  visit(root);
  return out;
}

/** A widget's own properties as comparable text (children left out, keys sorted). */
function ownKey(w: DslWidget): string {
  const { children: _children, ...own } = w;
  const sorted = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sorted) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sorted(x)])) : v;
  return JSON.stringify(sorted(own));
}

const own = (w: DslWidget): DslWidget => {
  const { children: _children, ...rest } = w;
  return rest as DslWidget;
};

export function mergeDsl(base: DslWidget, mine: DslWidget, theirs: DslWidget): DslWidget {
  const b = index(base);
  const m = index(mine);
  let result = theirs;
  const touched: string[] = [];
  // Mine, parents before children (index order), so new containers exist before their content.
  for (const [id, entry] of m) {
    if (id === mine.widgetId) continue;
    const before = b.get(id);
    const movedByMe = before && before.parentId !== entry.parentId;
    const changedByMe = !before || movedByMe || ownKey(before.node) !== ownKey(entry.node);
    if (!changedByMe) continue;
    const current = index(result);
    const parentId = entry.parentId && current.has(entry.parentId) ? entry.parentId : result.widgetId;
    const there = current.get(id);
    if (there && there.parentId === parentId) {
      result = updateWidget(result, id, (w) => ({ ...own(entry.node), children: w.children }));
    } else {
      const kept = there?.node.children ?? entry.node.children?.filter((c) => !current.has(c.widgetId)) ?? undefined;
      if (there) result = deleteWidgets(result, [id]);
      let node: DslWidget = { ...own(entry.node), parentId, ...(kept ? { children: kept } : {}) };
      if (!there && widgetNames(result).has(node.widgetName)) node = { ...node, widgetName: uniqueName(node.widgetName, widgetNames(result)) };
      result = updateWidget(result, parentId, (p) => ({ ...p, children: [...(p.children ?? []), node] }));
    }
    touched.push(id);
  }
  // What I deleted goes, unless they changed it meanwhile.
  const gone: string[] = [];
  const t = index(theirs);
  for (const [id, entry] of b) {
    if (m.has(id)) continue;
    const theirsEntry = t.get(id);
    if (theirsEntry && ownKey(theirsEntry.node) === ownKey(entry.node)) gone.push(id);
  }
  result = deleteWidgets(result, gone);
  // My widgets keep their place; whatever of theirs is in the way moves down.
  for (const id of touched) {
    const parent = [...index(result)].find(([, e]) => e.node.children?.some((c) => c.widgetId === id));
    if (parent && findWidget(result, id)) result = updateWidget(result, parent[0], (p) => reflow(p, id));
  }
  return result;
}
