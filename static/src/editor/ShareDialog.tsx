// Share: invite people to the app's workspace by e-mail with a role, and make the
// deployed app public or not.
import { useState } from "react";
import { request } from "../api/client";
import { editorApi } from "../api/editorApi";
import { useToast } from "../components/Toasts";
import { viewerUrl } from "../runtime/urls";
import { useEditor } from "./EditorContext";

const ROLES = ["App Viewer", "Developer", "Administrator"];

export function ShareDialog({ onClose }: { onClose: () => void }) {
  const { app, setApp, page } = useEditor();
  const toast = useToast();
  const [emails, setEmails] = useState("");
  const [role, setRole] = useState(ROLES[0]);
  const invite = async () => {
    const list = emails.split(/[\s,;]+/).filter(Boolean);
    if (!list.length) return;
    try {
      await request("POST", `/workspaces/${encodeURIComponent(app.workspaceId)}/invite`, { emails: list, role });
      toast(`Invited ${list.join(", ")} as ${role}.`, "success");
      setEmails("");
    } catch (e) {
      toast(`The invitation failed: ${e instanceof Error ? e.message : String(e)}`, "error");
    }
  };
  const setPublic = async (isPublic: boolean) => {
    try {
      const saved = await editorApi.updateApplication(app.id, { isPublic });
      setApp({ ...app, ...saved, pages: app.pages });
    } catch (e) {
      toast(`The change was not saved: ${e instanceof Error ? e.message : String(e)}`, "error");
    }
  };
  const link = `${window.location.origin}${viewerUrl(app, page)}`;
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="dialog" role="dialog" aria-label="Share" onClick={(e) => e.stopPropagation()}>
        <h2>Share {app.name}</h2>
        <label>
          Invite by e-mail
          <input value={emails} onChange={(e) => setEmails(e.target.value)} placeholder="ada@example.com, grace@example.com" aria-label="E-mail addresses" />
        </label>
        <div className="row">
          <select value={role} onChange={(e) => setRole(e.target.value)} aria-label="Role">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <button className="primary" onClick={() => void invite()}>
            Invite
          </button>
        </div>
        <label className="row">
          <input type="checkbox" checked={!!app.isPublic} onChange={(e) => void setPublic(e.target.checked)} /> Anyone with the link can view the deployed app
        </label>
        <input readOnly value={link} aria-label="Link to the deployed app" onFocus={(e) => e.target.select()} />
        <div className="row">
          <span className="spacer" />
          <button onClick={onClose}>Close</button>
        </div>
      </div>
    </div>
  );
}
