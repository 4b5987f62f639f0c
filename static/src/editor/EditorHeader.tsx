// The editor's top bar: app name, save state ("Saving…" / "Saved"), undo/redo, preview,
// app settings and deploy.
import { useState } from "react";
import { editorApi } from "../api/editorApi";
import { useToast } from "../components/Toasts";
import { viewerUrl } from "../runtime/urls";
import { useEditor } from "./EditorContext";
import { AppSettingsDialog } from "./AppSettingsDialog";
import { ShareDialog } from "./ShareDialog";

const SAVE_LABEL = { saved: "Saved", unsaved: "Unsaved changes", saving: "Saving…", conflict: "Not saved: conflict", error: "Not saved" } as const;

export function EditorHeader() {
  const { app, doc, page, preview, setPreview } = useEditor();
  const toast = useToast();
  const [settings, setSettings] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [deploying, setDeploying] = useState(false);
  const deploy = async () => {
    setDeploying(true);
    try {
      await doc.saveNow();
      await editorApi.publish(app.id);
      toast("Deployed: viewers now see this version.", "success");
    } catch (e) {
      toast(`Deploying failed: ${e instanceof Error ? e.message : String(e)}`, "error");
    } finally {
      setDeploying(false);
    }
  };
  return (
    <header className="editor-header">
      <a href="/applications" className="home-link" title="All apps">
        ◧
      </a>
      <span className="app-title" data-testid="app-title">
        {app.name}
      </span>
      <span className={`save-state save-${doc.saveState}`} data-testid="save-state" title={doc.saveError || undefined}>
        {SAVE_LABEL[doc.saveState]}
      </span>
      <button onClick={() => doc.undo()} disabled={!doc.history.canUndo} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button onClick={() => doc.redo()} disabled={!doc.history.canRedo} title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
      <span className="spacer" />
      <button onClick={() => setPreview(!preview)} aria-pressed={preview} title="Use the page as its users will, without leaving the editor">
        {preview ? "Back to editing" : "Preview"}
      </button>
      <button onClick={() => setSharing(true)}>Share</button>
      <button onClick={() => setSettings(true)}>Settings</button>
      <a className="button-link" href={viewerUrl(app, page)} target="_blank" rel="noopener" title="The deployed version in a new tab">
        View deployed
      </a>
      <button className="primary" onClick={() => void deploy()} disabled={deploying} data-testid="deploy">
        {deploying ? "Deploying…" : "Deploy"}
      </button>
      {settings && <AppSettingsDialog onClose={() => setSettings(false)} />}
      {sharing && <ShareDialog onClose={() => setSharing(false)} />}
    </header>
  );
}
