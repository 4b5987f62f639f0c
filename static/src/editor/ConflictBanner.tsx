// Shown when someone else saved this page since it was loaded: nothing more is saved
// until the builder reloads their version or keeps their own. Either way, the other
// version stays one undo step away.
import { useState } from "react";
import { useEditor } from "./EditorContext";

export function ConflictBanner() {
  const { doc } = useEditor();
  const [busy, setBusy] = useState(false);
  if (doc.saveState !== "conflict" && doc.saveState !== "error") return null;
  if (doc.saveState === "error")
    return (
      <div className="banner banner-error" role="alert">
        Your changes were not saved: {doc.saveError}{" "}
        <button onClick={() => void doc.saveNow()}>Try again</button>
      </div>
    );
  const run = (f: () => Promise<void>) => {
    setBusy(true);
    void f().finally(() => setBusy(false));
  };
  return (
    <div className="banner banner-conflict" role="alert" data-testid="conflict-banner">
      <span>
        Someone else saved this page while you were editing. Your changes are not saved yet. Reload their version (yours stays one undo step
        back), or keep yours (theirs stays one undo step back).
      </span>
      <button disabled={busy} onClick={() => run(() => doc.reloadTheirs())}>
        Reload theirs
      </button>
      <button className="primary" disabled={busy} onClick={() => run(() => doc.keepMine())}>
        Keep mine
      </button>
    </div>
  );
}
