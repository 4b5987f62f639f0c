// Shown when someone else saved this page since it was loaded: nothing more is saved
// until the builder merges both versions, reloads theirs or keeps their own; the
// version left out stays one undo step away.
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
        Someone else saved this page while you were editing. Your changes are not saved yet. Merge both (their changes with yours on top),
        reload theirs or keep yours; the version you leave out stays one undo step back.
      </span>
      <button disabled={busy} onClick={() => run(() => doc.reloadTheirs())}>
        Reload theirs
      </button>
      <button disabled={busy} onClick={() => run(() => doc.keepMine())}>
        Keep mine
      </button>
      <button className="primary" disabled={busy} onClick={() => run(() => doc.mergeBoth())}>
        Merge both
      </button>
    </div>
  );
}
