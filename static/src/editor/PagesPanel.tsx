// The app's pages: open, add, rename (double-click) and delete.
import { useState } from "react";
import { useNavigate } from "react-router";
import { editorApi } from "../api/editorApi";
import { useToast } from "../components/Toasts";
import { viewerUrl } from "../runtime/urls";
import { useEditor } from "./EditorContext";

// Page changes go to the server one after another: two at once could touch the same
// pages' versions and one would be refused.
let pageQueue: Promise<unknown> = Promise.resolve();
const inTurn = <T,>(f: () => Promise<T>): Promise<T> => {
  const run = pageQueue.then(f, f);
  pageQueue = run.catch(() => undefined);
  return run;
};

export const editorUrl = (app: { name: string; slug?: string }, page: { id: string; name: string; slug?: string }) => `${viewerUrl(app, page)}/edit`;

export function PagesPanel() {
  const { app, page, pages: unsorted, reloadPages, doc } = useEditor();
  const pages = [...unsorted].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const navigate = useNavigate();
  const toast = useToast();
  const [editing, setEditing] = useState<string>();
  const fail = (what: string) => (e: unknown) => toast(`${what} failed: ${e instanceof Error ? e.message : String(e)}`, "error");
  const add = async () => {
    const names = new Set(pages.map((p) => p.name));
    let n = pages.length + 1;
    while (names.has(`Page${n}`)) n += 1;
    try {
      const created = await editorApi.createPage(app.id, `Page${n}`);
      await reloadPages();
      await doc.saveNow();
      navigate(editorUrl(app, created));
    } catch (e) {
      fail("Adding a page")(e);
    }
  };
  const rename = async (id: string, name: string) => {
    setEditing(undefined);
    if (!name.trim()) return;
    await inTurn(() => editorApi.renamePage(id, name.trim())).then(reloadPages, fail("Renaming the page"));
  };
  const remove = async (id: string, name: string) => {
    if (pages.length <= 1) return toast("An app needs at least one page.", "warning");
    if (!window.confirm(`Delete the page ${name} with its widgets, queries and JS objects?`)) return;
    try {
      await editorApi.deletePage(id);
      const rest = pages.filter((p) => p.id !== id);
      await reloadPages();
      if (id === page.id) navigate(editorUrl(app, rest[0]));
    } catch (e) {
      fail("Deleting the page")(e);
    }
  };
  const makeDefault = (id: string) => inTurn(() => editorApi.makeDefaultPage(app.id, id)).then(reloadPages, fail("Making the page the default"));
  const moveUp = (id: string, index: number) => inTurn(() => editorApi.movePage(app.id, id, index - 1)).then(reloadPages, fail("Moving the page"));
  return (
    <section className="panel-section" aria-label="Pages">
      <header>
        <h3>Pages</h3>
        <button className="icon" onClick={() => void add()} title="Add a page" aria-label="Add page">
          +
        </button>
      </header>
      <ul className="entity-list">
        {pages.map((p, index) => (
          <li key={p.id} className={p.id === page.id ? "active" : undefined}>
            {editing === p.id ? (
              <input
                autoFocus
                defaultValue={p.name}
                aria-label="Page name"
                onBlur={(e) => void rename(p.id, e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") void rename(p.id, e.currentTarget.value);
                  if (e.key === "Escape") setEditing(undefined);
                }}
              />
            ) : (
              <a
                href={editorUrl(app, p)}
                onClick={(e) => {
                  e.preventDefault();
                  void doc.saveNow().then(() => navigate(editorUrl(app, p)));
                }}
                onDoubleClick={() => setEditing(p.id)}
                title="Double-click to rename"
              >
                {p.name}
              </a>
            )}
            <button
              className={`icon${p.isDefault ? " default-page" : ""}`}
              title={p.isDefault ? "The page the app opens on" : "Make this the page the app opens on"}
              aria-label={`Make ${p.name} the default page`}
              aria-pressed={!!p.isDefault}
              onClick={() => void makeDefault(p.id)}
            >
              {p.isDefault ? "★" : "☆"}
            </button>
            {index > 0 && (
              <button className="icon" title="Move up" aria-label={`Move ${p.name} up`} onClick={() => void moveUp(p.id, index)}>
                ↑
              </button>
            )}
            <button className="icon" title={`Delete ${p.name}`} aria-label={`Delete page ${p.name}`} onClick={() => void remove(p.id, p.name)}>
              ×
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
