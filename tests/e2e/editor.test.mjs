// End to end: the app editor against the real backend in headless chromium. Undo and
// redo give back the exact DSL (read through the API) after a move, a resize, a
// property change and a delete; two editors of one page get a visible conflict and
// neither change is lost; renaming Table1 rewrites references but not Table10; the
// keyboard deletes, undoes, redoes, copies, pastes and duplicates; palette drops.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ApiSession, launchBrowser, startBackend, waitFor } from "./harness.mjs";
import { mainContainer, widget } from "./dsl.mjs";
import { createWorkspace, saveLayout, signUpAdmin } from "./appModel.mjs";
import { dragBy, findWidget, openEditor, readDsl, readPage, savedAfter, widgetIn } from "./editorHelpers.mjs";

let backend;
let browser;
let admin;
let workspace;

before(async () => {
  backend = await startBackend();
  browser = await launchBrowser();
  admin = new ApiSession(backend.url);
  await signUpAdmin(admin);
  workspace = await createWorkspace(admin, "Editors");
});

after(async () => {
  await browser?.close();
  await backend?.stop();
});

let appCounter = 0;
async function newApp(children) {
  const app = await admin.call("POST", "/applications", { workspaceId: workspace.id, name: `Editor app ${++appCounter}` });
  const page = app.pages[0];
  await saveLayout(admin, page.id, mainContainer(children));
  const full = await admin.call("GET", `/applications/${app.id}`);
  const pageRef = full.pages.find((p) => p.id === page.id) ?? page;
  return { app: full, page: { ...pageRef, slug: pageRef.slug ?? "page1" } };
}

const cmSetText = async (tab, testId, text) => {
  const content = tab.locator(`[data-testid="${testId}"] .cm-content`);
  await content.click();
  await tab.keyboard.press("Control+A");
  await tab.keyboard.type(text);
};

test("undo and redo give back exactly the DSL before and after a move, a resize, a property change and a delete", async () => {
  const { app, page } = await newApp([
    widget("TEXT_WIDGET", "Text1", [0, 0, 16, 4], { text: "first" }),
    widget("BUTTON_WIDGET", "Button1", [0, 10, 16, 14], { text: "Go" }),
  ]);
  const { context, tab } = await openEditor(browser, admin, app, page);
  try {
    const snapshots = [];
    let p = await readPage(admin, page.id);
    snapshots.push(p.layouts[0].dsl);

    // Move Text1 right and down.
    await dragBy(tab, widgetIn(tab, "Text1"), 200, 60);
    p = await savedAfter(tab, admin, page.id, p.version);
    snapshots.push(p.layouts[0].dsl);
    const moved = findWidget(p.layouts[0].dsl, "Text1");
    assert.ok(moved.leftColumn > 0 && moved.topRow > 0, `Text1 should have moved, is at ${moved.leftColumn},${moved.topRow}`);

    // Resize it from the bottom-right handle.
    await widgetIn(tab, "Text1").click();
    await dragBy(tab, tab.getByTestId("handle-se"), 120, 40);
    p = await savedAfter(tab, admin, page.id, p.version);
    snapshots.push(p.layouts[0].dsl);
    const resized = findWidget(p.layouts[0].dsl, "Text1");
    assert.ok(resized.rightColumn - resized.leftColumn > 16, "Text1 should be wider after the resize");

    // Change its text in the property pane.
    await widgetIn(tab, "Text1").click();
    await cmSetText(tab, "field-text", "changed");
    p = await savedAfter(tab, admin, page.id, p.version);
    snapshots.push(p.layouts[0].dsl);
    assert.equal(findWidget(p.layouts[0].dsl, "Text1").text, "changed");

    // Delete it from the keyboard.
    await widgetIn(tab, "Text1").click();
    await tab.keyboard.press("Delete");
    p = await savedAfter(tab, admin, page.id, p.version);
    snapshots.push(p.layouts[0].dsl);
    assert.equal(findWidget(p.layouts[0].dsl, "Text1"), undefined);

    // Undo all four, then redo all four: the server gets each exact DSL back.
    for (let i = snapshots.length - 2; i >= 0; i -= 1) {
      await tab.keyboard.press("Control+z");
      p = await savedAfter(tab, admin, page.id, p.version);
      assert.deepEqual(p.layouts[0].dsl, snapshots[i], `undo should give back snapshot ${i}`);
    }
    for (let i = 1; i < snapshots.length; i += 1) {
      await tab.keyboard.press(i % 2 ? "Control+Shift+z" : "Control+y");
      p = await savedAfter(tab, admin, page.id, p.version);
      assert.deepEqual(p.layouts[0].dsl, snapshots[i], `redo should give back snapshot ${i}`);
    }
  } finally {
    await context.close();
  }
});

test("two editors of one page: the later save shows a conflict and neither change is lost", async () => {
  const { app, page } = await newApp([
    widget("TEXT_WIDGET", "Title", [0, 0, 16, 4], { text: "title" }),
    widget("TEXT_WIDGET", "Note", [20, 0, 36, 4], { text: "note" }),
  ]);
  const a = await openEditor(browser, admin, app, page);
  const b = await openEditor(browser, admin, app, page);
  try {
    let p = await readPage(admin, page.id);
    await widgetIn(a.tab, "Title").click();
    await cmSetText(a.tab, "field-text", "from A");
    p = await savedAfter(a.tab, admin, page.id, p.version);
    const theirs = p.layouts[0].dsl;

    await widgetIn(b.tab, "Note").click();
    await cmSetText(b.tab, "field-text", "from B");
    const banner = b.tab.getByTestId("conflict-banner");
    await banner.waitFor({ timeout: 10_000 });
    assert.match(await banner.textContent(), /Someone else saved this page/);
    assert.equal(await b.tab.getByTestId("save-state").textContent(), "Not saved: conflict");
    // Nothing of B's reached the server yet; A's change is intact.
    assert.deepEqual(await readDsl(admin, page.id), theirs);

    // Merge both: A's title and B's note are both on the server.
    await b.tab.getByRole("button", { name: "Merge both" }).click();
    p = await savedAfter(b.tab, admin, page.id, p.version);
    assert.equal(findWidget(p.layouts[0].dsl, "Note").text, "from B");
    assert.equal(findWidget(p.layouts[0].dsl, "Title").text, "from A");
    assert.equal(await banner.count(), 0);

    // A, now stale, edits again: conflict; "Keep mine" saves A's version, and B's
    // merged version is one undo step away in A's editor.
    const merged = p.layouts[0].dsl;
    await widgetIn(a.tab, "Title").click();
    await cmSetText(a.tab, "field-text", "A again");
    await a.tab.getByTestId("conflict-banner").waitFor({ timeout: 10_000 });
    await a.tab.getByRole("button", { name: "Keep mine" }).click();
    p = await savedAfter(a.tab, admin, page.id, p.version);
    assert.equal(findWidget(p.layouts[0].dsl, "Title").text, "A again");
    assert.equal(findWidget(p.layouts[0].dsl, "Note").text, "note");
    await widgetIn(a.tab, "Note").click();
    await a.tab.keyboard.press("Control+z");
    p = await savedAfter(a.tab, admin, page.id, p.version);
    assert.deepEqual(p.layouts[0].dsl, merged);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test("renaming Table1 to users rewrites {{Table1.selectedRow.id}} and leaves {{Table10.data}} alone", async () => {
  const { app, page } = await newApp([
    widget("TABLE_WIDGET_V2", "Table1", [0, 0, 30, 20], { tableData: '{{[{"id": 7}]}}' }),
    widget("TABLE_WIDGET_V2", "Table10", [32, 0, 64, 20], { tableData: '{{[{"id": 8}]}}' }),
    widget("TEXT_WIDGET", "Picked", [0, 22, 30, 26], { text: "{{Table1.selectedRow.id}}" }),
    widget("TEXT_WIDGET", "Other", [32, 22, 64, 26], { text: "{{Table10.data}}" }),
  ]);
  const js = await admin.call("POST", "/collections/actions", {
    name: "Helpers",
    pageId: page.id,
    body: "export default {\n  first: () => Table1.tableData[0],\n  other: () => Table10.data,\n};\n",
  });
  const { context, tab } = await openEditor(browser, admin, app, page);
  try {
    const before = await readPage(admin, page.id);
    await widgetIn(tab, "Table1").click();
    const name = tab.getByLabel("Widget name");
    await name.fill("users");
    await name.press("Enter");
    const p = await savedAfter(tab, admin, page.id, before.version);
    const dsl = p.layouts[0].dsl;
    assert.ok(findWidget(dsl, "users"), "the table is called users");
    assert.equal(findWidget(dsl, "Table1"), undefined);
    assert.ok(findWidget(dsl, "Table10"), "Table10 keeps its name");
    assert.equal(findWidget(dsl, "Picked").text, "{{users.selectedRow.id}}");
    assert.equal(findWidget(dsl, "Other").text, "{{Table10.data}}");
    const body = (await admin.call("GET", `/collections/actions/${js.id}`)).body;
    assert.match(body, /first: \(\) => users\.tableData\[0\]/);
    assert.match(body, /other: \(\) => Table10\.data/);
  } finally {
    await context.close();
  }
});

test("delete, undo, redo, copy, paste and duplicate work from the keyboard; palette drops add widgets", async () => {
  const { app, page } = await newApp([widget("TEXT_WIDGET", "Text1", [0, 0, 16, 4], { text: "hello" })]);
  const { context, tab } = await openEditor(browser, admin, app, page);
  const names = async () => (await tab.locator('[data-testid="editor-canvas"] .widget').evaluateAll((els) => els.map((e) => e.dataset.widgetName))).sort();
  const expectNames = (want, what) => waitFor(async () => JSON.stringify(await names()) === JSON.stringify(want), 5000, what);
  try {
    await widgetIn(tab, "Text1").click();
    await tab.keyboard.press("Control+c");
    await tab.keyboard.press("Control+v");
    await expectNames(["Text1", "Text2"], "a pasted Text2");
    await tab.keyboard.press("Control+d");
    await expectNames(["Text1", "Text2", "Text3"], "a duplicated Text3");
    await tab.keyboard.press("Delete");
    await expectNames(["Text1", "Text2"], "Text3 deleted");
    await tab.keyboard.press("Control+z");
    await expectNames(["Text1", "Text2", "Text3"], "Text3 back after undo");
    await tab.keyboard.press("Control+Shift+z");
    await expectNames(["Text1", "Text2"], "Text3 gone again after redo");
    await tab.keyboard.press("Control+z");
    await tab.keyboard.press("Control+y");
    await expectNames(["Text1", "Text2"], "Ctrl+Y redoes too");

    // Drag a Button in from the palette onto the canvas.
    const canvas = tab.getByTestId("editor-canvas");
    const box = await canvas.boundingBox();
    await tab.locator('.palette-item[data-widget-type="BUTTON_WIDGET"]').dragTo(canvas, { targetPosition: { x: box.width / 2, y: 300 } });
    await expectNames(["Button1", "Text1", "Text2"], "a Button dropped from the palette");
    const p = await savedAfter(tab, admin, page.id, 0);
    const dsl = p.layouts[0].dsl;
    await waitFor(async () => findWidget(await readDsl(admin, page.id), "Button1"), 5000, "Button1 saved");
    assert.ok(dsl);
  } finally {
    await context.close();
  }
});

test("dragging a widget onto an empty container nests it in the container's canvas", async () => {
  const box = widget("CONTAINER_WIDGET", "Box1", [0, 30, 30, 50], {});
  box.children = [{ widgetName: "Canvas1", widgetId: `${box.widgetId}c`, type: "CANVAS_WIDGET", parentId: box.widgetId, leftColumn: 0, rightColumn: 64, topRow: 0, bottomRow: 20, children: [] }];
  const { app, page } = await newApp([widget("TEXT_WIDGET", "Text1", [0, 0, 16, 4], { text: "nest me" }), box]);
  const { context, tab } = await openEditor(browser, admin, app, page);
  try {
    const before = await readPage(admin, page.id);
    const target = await widgetIn(tab, "Box1").boundingBox();
    const source = await widgetIn(tab, "Text1").boundingBox();
    await tab.mouse.move(source.x + 5, source.y + 5);
    await tab.mouse.down();
    await tab.mouse.move(target.x + 30, target.y + 30, { steps: 10 });
    await tab.mouse.up();
    const p = await savedAfter(tab, admin, page.id, before.version);
    const inner = findWidget(p.layouts[0].dsl, "Canvas1");
    assert.deepEqual(inner.children.map((c) => c.widgetName), ["Text1"]);
    assert.equal(inner.children[0].parentId, inner.widgetId);
  } finally {
    await context.close();
  }
});

test("a JS object is written in its editor and one of its functions runs, showing its result and console output", async () => {
  const { app, page } = await newApp([widget("INPUT_WIDGET_V2", "Input1", [0, 0, 20, 7], { label: "Name", defaultText: "Ada" })]);
  const { context, tab } = await openEditor(browser, admin, app, page);
  try {
    await tab.getByRole("button", { name: "New JS object" }).click();
    await tab.getByTestId("js-editor").waitFor();
    await tab.locator('[data-testid="js-body"] .cm-content').click();
    await tab.keyboard.press("Control+A");
    await tab.keyboard.press("Delete");
    await tab.keyboard.insertText("export default {\n  greet() {\n    console.log('greeting', Input1.text);\n    return 'Hello ' + Input1.text;\n  },\n};\n");
    await tab.getByTestId("run-js").click();
    const output = tab.getByTestId("js-output");
    await output.waitFor();
    assert.match(await output.textContent(), /Hello Ada/);
    assert.match(await output.textContent(), /greeting Ada/);
    await waitFor(async () => {
      const list = await admin.call("GET", `/collections/actions?pageId=${page.id}`);
      return list.some((j) => j.name === "JSObject1" && j.body.includes("greet()"));
    }, 10_000, "the JS object saved");
  } finally {
    await context.close();
  }
});

test("preview lets the page be used without leaving the editor", async () => {
  const { app, page } = await newApp([
    widget("INPUT_WIDGET_V2", "Input1", [0, 0, 20, 7], { label: "Name", defaultText: "" }),
    widget("TEXT_WIDGET", "Echo", [22, 0, 40, 4], { text: "Hi {{Input1.text}}" }),
  ]);
  const { context, tab } = await openEditor(browser, admin, app, page);
  try {
    await tab.getByRole("button", { name: "Preview" }).click();
    await tab.fill('[data-testid="preview-canvas"] [data-widget-name="Input1"] input', "Grace");
    await waitFor(async () => (await tab.locator('[data-testid="preview-canvas"] [data-widget-name="Echo"]').textContent()).includes("Hi Grace"), 5000, "the Text to follow the Input");
    await tab.getByRole("button", { name: "Back to editing" }).click();
    await tab.getByTestId("editor-canvas").waitFor();
  } finally {
    await context.close();
  }
});

test("code fields complete names and fields and show the evaluated value or the error under them", async () => {
  const { app, page } = await newApp([
    widget("INPUT_WIDGET_V2", "Input1", [0, 0, 20, 7], { label: "Name", defaultText: "Ada" }),
    widget("TEXT_WIDGET", "Text1", [22, 0, 40, 4], { text: "plain" }),
  ]);
  const { context, tab } = await openEditor(browser, admin, app, page);
  try {
    await widgetIn(tab, "Text1").click();
    const field = tab.locator('[data-testid="field-text"] .cm-content');
    await field.click();
    await tab.keyboard.press("Control+A");
    await tab.keyboard.press("Delete");
    await tab.keyboard.type("{{Inp");
    const popup = tab.locator(".cm-tooltip-autocomplete");
    await popup.waitFor();
    assert.match(await popup.textContent(), /Input1/);
    await tab.keyboard.type("ut1.te");
    await waitFor(async () => /text/.test((await popup.textContent().catch(() => "")) ?? ""), 5000, "the Input's fields offered");
    await tab.keyboard.press("Escape");
    await tab.keyboard.type("xt.toUpperCase()");
    await waitFor(async () => (await tab.getByTestId("evaluated-text").textContent()) === '"ADA"', 5000, "the evaluated value under the field");
    await tab.keyboard.press("Control+A");
    await tab.keyboard.press("Delete");
    await tab.keyboard.insertText("{{nothingHere.value}}");
    await waitFor(async () => /nothingHere/.test(await tab.getByTestId("evaluated-text").textContent()), 5000, "the error under the field");
    assert.match(await tab.getByTestId("evaluated-text").getAttribute("class"), /evaluated-error/);
  } finally {
    await context.close();
  }
});

test("tabs and modals from the palette hold widgets; a selected modal is shown open on the canvas", async () => {
  const { app, page } = await newApp([widget("TEXT_WIDGET", "Text1", [0, 0, 16, 4], { text: "top" })]);
  const { context, tab } = await openEditor(browser, admin, app, page);
  try {
    const before = await readPage(admin, page.id);
    await tab.locator('.palette-item[data-widget-type="TABS_WIDGET"]').click();
    await widgetIn(tab, "Tabs1").waitFor();
    await tab.locator('.palette-item[data-widget-type="BUTTON_WIDGET"]').click();
    await widgetIn(tab, "Button1").waitFor();
    await tab.locator('.palette-item[data-widget-type="MODAL_WIDGET"]').click();
    const dialog = tab.locator('[data-testid="editor-canvas"] [role="dialog"][aria-label="Modal1"]');
    await dialog.waitFor();
    await tab.locator('.palette-item[data-widget-type="TEXT_WIDGET"]').click();
    await dialog.locator('.widget[data-widget-name="Text2"]').waitFor();
    const p = await savedAfter(tab, admin, page.id, before.version);
    const dsl = p.layouts[0].dsl;
    const tabs = findWidget(dsl, "Tabs1");
    assert.equal(tabs.children.length, 2);
    assert.deepEqual(tabs.children[0].children.map((c) => c.widgetName), ["Button1"]);
    const modal = findWidget(dsl, "Modal1");
    assert.deepEqual(modal.children[0].children.map((c) => c.widgetName), ["Text2"]);
  } finally {
    await context.close();
  }
});

test("shift-click selects several widgets, and dragging one moves them all", async () => {
  const { app, page } = await newApp([
    widget("TEXT_WIDGET", "Left", [0, 0, 10, 4], { text: "left" }),
    widget("TEXT_WIDGET", "Right", [12, 0, 22, 4], { text: "right" }),
    widget("TEXT_WIDGET", "Alone", [40, 0, 50, 4], { text: "alone" }),
  ]);
  const { context, tab } = await openEditor(browser, admin, app, page);
  try {
    const before = await readPage(admin, page.id);
    await widgetIn(tab, "Left").click();
    await widgetIn(tab, "Right").click({ modifiers: ["Shift"] });
    assert.equal(await tab.getByTestId("selection").count(), 2);
    await dragBy(tab, widgetIn(tab, "Right"), 0, 100);
    const p = await savedAfter(tab, admin, page.id, before.version);
    const dsl = p.layouts[0].dsl;
    const left = findWidget(dsl, "Left");
    const right = findWidget(dsl, "Right");
    assert.ok(left.topRow >= 8, `Left moved down (now at row ${left.topRow})`);
    assert.equal(left.topRow, right.topRow);
    assert.equal(left.leftColumn, 0);
    assert.equal(right.leftColumn, 12);
    assert.equal(findWidget(dsl, "Alone").topRow, 0);
  } finally {
    await context.close();
  }
});

test("datasource forms keep secrets masked, and the REST query form saves method, path, headers, parameters and body", async () => {
  const { app, page } = await newApp([]);
  const { context, tab } = await openEditor(browser, admin, app, page);
  try {
    // A Redis datasource with a password: the server masks it, and a save keeps it masked.
    await tab.getByRole("button", { name: "New datasource" }).click();
    await tab.getByLabel("Plugin of the new datasource").selectOption("redis-plugin");
    await tab.getByLabel("Datasource name").fill("Cache");
    await tab.getByLabel("Password").fill("s3cret");
    await tab.getByTestId("save-datasource").click();
    await tab.locator('[data-entity="datasource"]', { hasText: "Cache" }).waitFor();
    const [redis] = await admin.call("GET", `/datasources?workspaceId=${app.workspaceId}`);
    assert.equal(redis.datasourceConfiguration.authentication.password, "********");
    assert.equal(await tab.getByLabel("Password").inputValue(), "********");
    assert.equal(await tab.getByLabel("Password").getAttribute("type"), "password");

    await tab.getByRole("button", { name: "New datasource" }).click();
    await tab.getByLabel("Plugin of the new datasource").selectOption("restapi-plugin");
    await tab.getByLabel("Datasource name").fill("Users API");
    await tab.getByLabel("URL", { exact: true }).fill("http://127.0.0.1:9/api");
    await tab.getByTestId("save-datasource").click();
    await tab.locator('[data-entity="datasource"]', { hasText: "Users API" }).waitFor();

    await tab.getByRole("button", { name: "New query" }).click();
    await tab.getByLabel("Datasource for the new query").selectOption({ label: "Users API" });
    await tab.getByTestId("query-editor").waitFor();
    await tab.getByLabel("HTTP method").selectOption("POST");
    await tab.locator('[data-testid="query-path"] .cm-content').click();
    await tab.keyboard.insertText("/users");
    await tab.getByRole("button", { name: "Add", exact: true }).first().click();
    await tab.getByLabel("Headers key 1").fill("X-Team");
    await tab.getByLabel("Headers value 1").fill("{{appsmith.user.email}}");
    await tab.getByRole("button", { name: "Add", exact: true }).nth(1).click();
    await tab.getByLabel("Query parameters key 1").fill("limit");
    await tab.getByLabel("Query parameters value 1").fill("10");
    await tab.locator('[data-testid="query-body"] .cm-content').click();
    await tab.keyboard.press("Control+A");
    await tab.keyboard.insertText('{"name": "Ada"}');
    await waitFor(async () => {
      const [q] = await admin.call("GET", `/actions?pageId=${page.id}`);
      const c = q?.actionConfiguration ?? {};
      return c.httpMethod === "POST" && c.path === "/users" && c.headers?.[0]?.key === "X-Team" && c.queryParameters?.[0]?.value === "10" && c.body === '{"name": "Ada"}';
    }, 10_000, "the REST query saved with its form");
  } finally {
    await context.close();
  }
});

test("pages are added, renamed, made the default, moved and deleted from the pages panel", async () => {
  const { app, page } = await newApp([]);
  const { context, tab } = await openEditor(browser, admin, app, page);
  const names = async () => (await admin.call("GET", `/pages?applicationId=${app.id}`)).sort((a, b) => a.order - b.order).map((p) => `${p.name}${p.isDefault ? "*" : ""}`);
  try {
    await tab.getByRole("button", { name: "Add page" }).click();
    await tab.waitForURL(/page2-.*\/edit$/i);
    await tab.getByRole("link", { name: "Page2" }).dblclick();
    await tab.getByLabel("Page name").fill("Reports");
    await tab.getByLabel("Page name").press("Enter");
    await waitFor(async () => JSON.stringify(await names()) === JSON.stringify(["Page1*", "Reports"]), 10_000, "the renamed page");
    await tab.getByRole("button", { name: "Make Reports the default page" }).click();
    await waitFor(async () => JSON.stringify(await names()) === JSON.stringify(["Page1", "Reports*"]), 20_000, "Reports the default");
    await tab.getByRole("button", { name: "Move Reports up" }).click();
    await waitFor(async () => JSON.stringify(await names()) === JSON.stringify(["Reports*", "Page1"]), 10_000, "Reports first and default");
    await tab.getByRole("button", { name: "Delete page Page1" }).click();
    await waitFor(async () => JSON.stringify(await names()) === JSON.stringify(["Reports*"]), 10_000, "Page1 deleted");
  } finally {
    await context.close();
  }
});
