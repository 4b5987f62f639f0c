// Driving the app editor in browser tests and the editor benchmark: open a page in the
// editor, wait for its saves, read its DSL through the API.
import { waitFor } from "./harness.mjs";

export function editorPath(app, page) {
  return `/app/${app.slug}/${page.slug}-${page.id}/edit`;
}

/** Opens the editor of a page as `session` in a fresh browser context. */
export async function openEditor(browser, session, app, page, { viewport = { width: 1400, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport });
  await context.addCookies(session.browserCookies());
  const tab = await context.newPage();
  tab.on("dialog", (d) => void d.accept());
  await tab.goto(`${session.baseUrl}${editorPath(app, page)}`);
  await tab.locator('[data-testid="editor-canvas"] .canvas').first().waitFor();
  return { context, tab };
}

export const widgetIn = (tab, name) => tab.locator(`[data-testid="editor-canvas"] .widget[data-widget-name="${name}"]`);

/** The page as the server has it now. */
export const readPage = (session, pageId) => session.call("GET", `/pages/${pageId}`);
export const readDsl = async (session, pageId) => (await readPage(session, pageId)).layouts[0].dsl;

/** Waits until the editor says "Saved" and the server's version moved past `after`. */
export async function savedAfter(tab, session, pageId, after) {
  try {
    return await waitFor(
      async () => {
        const state = await tab.getByTestId("save-state").textContent();
        if (state !== "Saved") return false;
        const page = await readPage(session, pageId);
        return page.version > after ? page : false;
      },
      10_000,
      `a save after version ${after}`,
    );
  } catch (e) {
    const state = await tab.getByTestId("save-state").textContent().catch(() => "?");
    throw new Error(`${e.message}; the editor says "${state}"`);
  }
}

/** Drags with the mouse from the centre of `locator` by (dx, dy) pixels. */
export async function dragBy(tab, locator, dx, dy, steps = 8) {
  const box = await locator.boundingBox();
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await tab.mouse.move(x, y);
  await tab.mouse.down();
  await tab.mouse.move(x + dx, y + dy, { steps });
  await tab.mouse.up();
}

export const findWidget = (dsl, name) => {
  if (dsl.widgetName === name) return dsl;
  for (const c of dsl.children ?? []) {
    const found = findWidget(c, name);
    if (found) return found;
  }
  return undefined;
};
