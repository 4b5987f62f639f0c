// The viewer's page tabs: one link per visible page of the app.
import { NavLink } from "react-router";
import type { Application } from "../api/client";
import { viewerUrl } from "../runtime/urls";

export function PageNavigation({ app, currentPageId }: { app: Application; currentPageId: string }) {
  const pages = app.pages.filter((p) => !p.isHidden);
  if (pages.length < 2) return null;
  return (
    <nav className="page-nav" aria-label="Pages">
      {pages.map((p) => (
        <NavLink key={p.id} to={viewerUrl(app, p)} className={p.id === currentPageId ? "page-link active" : "page-link"} aria-current={p.id === currentPageId ? "page" : undefined}>
          {p.name}
        </NavLink>
      ))}
    </nav>
  );
}
