// The centre of the editor: the canvas, or the query, JS object or datasource being edited.
import { useEditor } from "./EditorContext";
import { EditorCanvas } from "./canvas/EditorCanvas";
import { QueryEditor } from "./QueryEditor";
import { JsObjectEditor } from "./JsObjectEditor";
import { DatasourceEditor } from "./DatasourceEditor";

export function CentrePanel() {
  const { centre } = useEditor();
  return (
    <main className="editor-centre">
      {centre.kind === "canvas" && <EditorCanvas />}
      {centre.kind === "query" && <QueryEditor key={centre.id} id={centre.id} />}
      {centre.kind === "js" && <JsObjectEditor key={centre.id} id={centre.id} />}
      {centre.kind === "datasource" && <DatasourceEditor key={centre.id} id={centre.id} pluginId={centre.pluginId} />}
    </main>
  );
}
