// App settings: name, icon and whether anyone may view it without signing in; export.
import { useState } from "react";
import { exportUrl } from "../api/client";
import { editorApi } from "../api/editorApi";
import { useToast } from "../components/Toasts";
import { useEditor } from "./EditorContext";

export function AppSettingsDialog({ onClose }: { onClose: () => void }) {
  const { app, setApp } = useEditor();
  const toast = useToast();
  const [name, setName] = useState(app.name);
  const [isPublic, setPublic] = useState(!!app.isPublic);
  const [icon, setIcon] = useState(String((app as { icon?: string }).icon ?? ""));
  const save = async () => {
    try {
      const saved = await editorApi.updateApplication(app.id, { name, isPublic, ...(icon ? { icon } : {}) });
      setApp({ ...app, ...saved, pages: app.pages });
      toast("App settings saved.", "success");
      onClose();
    } catch (e) {
      toast(`The settings were not saved: ${e instanceof Error ? e.message : String(e)}`, "error");
    }
  };
  // The server answers with the file itself (and its name), so the browser downloads it.
  const exportApp = () => {
    const a = document.createElement("a");
    a.href = exportUrl(app.id);
    a.download = "";
    a.click();
  };
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="dialog" role="dialog" aria-label="App settings" onClick={(e) => e.stopPropagation()}>
        <h2>App settings</h2>
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} aria-label="App name" />
        </label>
        <label>
          Icon <input value={icon} onChange={(e) => setIcon(e.target.value)} placeholder="e.g. bag" />
        </label>
        <label className="row">
          <input type="checkbox" checked={isPublic} onChange={(e) => setPublic(e.target.checked)} /> Anyone with the link can view the deployed app
        </label>
        <div className="row">
          <button onClick={exportApp}>Export</button>
          <span className="spacer" />
          <button onClick={onClose}>Cancel</button>
          <button className="primary" onClick={() => void save()}>
            Save
          </button>
        </div>
      </div>
    </div>
  );
}
