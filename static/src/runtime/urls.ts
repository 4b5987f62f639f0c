// Viewer addresses: /app/<app-slug>/<page-slug>-<pageId>, readable and stable (the id
// keeps it working after a rename; the slugs are for people).
import type { Application, PageRef } from "../api/client";

export function slugify(name: string): string {
  const s = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return s || "page";
}

export function viewerUrl(app: { name: string; slug?: string }, page: PageRef): string {
  return `/app/${app.slug || slugify(app.name)}/${page.slug || slugify(page.name)}-${page.id}`;
}

export function defaultPage(app: Application): PageRef | undefined {
  return app.pages?.find((p) => p.isDefault) ?? app.pages?.[0];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The page id at the end of "<page-slug>-<pageId>" (ids may themselves contain dashes). */
export function pageIdFromSegment(segment: string): string {
  const uuid = segment.match(UUID);
  if (uuid) return uuid[0];
  const dash = segment.lastIndexOf("-");
  return dash >= 0 ? segment.slice(dash + 1) : segment;
}
