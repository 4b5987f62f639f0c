// The left side of the editor: the app's pages, the widget palette and the explorer.
import { PagesPanel } from "./PagesPanel";
import { WidgetPalette } from "./WidgetPalette";
import { EntityExplorer } from "./EntityExplorer";

export function LeftPanel() {
  return (
    <aside className="editor-left">
      <PagesPanel />
      <EntityExplorer />
      <WidgetPalette />
    </aside>
  );
}
