// End to end, the runtime issue's app built from nothing in the editor: a PostgreSQL
// datasource made with the datasource form, the getUsers (run on page load) and
// insertUser queries written in the query editor, a Table, an Input and a Button
// dragged in from the palette, renamed, and given their properties and bindings in the
// property pane, the queries run, the app deployed. Then an App Viewer uses the
// published app as in the viewer test: types a name, clicks, sees the row, and the row
// is in PostgreSQL.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { ApiSession, launchBrowser, startBackend, waitFor } from "./harness.mjs";
import { createWorkspace, signUpAdmin, viewerPath } from "./appModel.mjs";
import { findWidget, openEditor, readDsl, widgetIn } from "./editorHelpers.mjs";

const TABLE = `tessera_e2e_editor_${process.pid}_${Date.now()}`;
const psql = (sql) =>
  execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-Atc", sql], { encoding: "utf8" }).trim();

let backend;
let browser;
let executeAvailable = false;

before(async () => {
  backend = await startBackend();
  browser = await launchBrowser();
  const probe = await new ApiSession(backend.url).call("POST", "/actions/execute", {}, { raw: true });
  executeAvailable = !(probe.status === 404 && /no API endpoint/i.test(probe.json?.responseMeta?.error?.message ?? ""));
  psql(`CREATE TABLE ${TABLE} (id serial PRIMARY KEY, name text NOT NULL); INSERT INTO ${TABLE} (name) VALUES ('Ada'), ('Grace');`);
});

after(async () => {
  await browser?.close();
  await backend?.stop();
  try {
    psql(`DROP TABLE IF EXISTS ${TABLE}`);
  } catch {
    // set-up may have failed before the table existed
  }
});

async function setCode(tab, locator, text) {
  await locator.locator(".cm-content").click();
  await tab.keyboard.press("Control+A");
  await tab.keyboard.press("Delete");
  await tab.keyboard.insertText(text);
}

async function rename(tab, label, name) {
  const field = tab.getByLabel(label, { exact: true });
  await field.fill(name);
  await field.press("Enter");
}

async function dropFromPalette(tab, type, column, y) {
  const canvas = tab.getByTestId("editor-canvas");
  const box = await canvas.boundingBox();
  await tab.locator(`.palette-item[data-widget-type="${type}"]`).dragTo(canvas, { targetPosition: { x: (box.width / 64) * column, y } });
}

test("the people app is built in the editor from nothing, deployed, and works for an App Viewer", async (t) => {
  const admin = new ApiSession(backend.url);
  await signUpAdmin(admin);
  const workspace = await createWorkspace(admin, "People");
  const created = await admin.call("POST", "/applications", { workspaceId: workspace.id, name: "People admin" });
  const app = await admin.call("GET", `/applications/${created.id}`);
  const page = app.pages[0];
  const { context, tab } = await openEditor(browser, admin, app, page);
  try {
    // The datasource, through its form.
    await tab.getByRole("button", { name: "New datasource" }).click();
    await tab.getByLabel("Plugin of the new datasource").selectOption("postgres-plugin");
    await tab.getByLabel("Datasource name").fill("Local PostgreSQL");
    await tab.getByLabel("Host", { exact: true }).fill("127.0.0.1");
    await tab.getByLabel("Port", { exact: true }).fill("5432");
    await tab.getByLabel("Database name").fill("postgres");
    await tab.getByLabel("Username").fill("postgres");
    await tab.getByTestId("save-datasource").click();
    await tab.locator('[data-entity="datasource"]', { hasText: "Local PostgreSQL" }).waitFor();
    await tab.getByRole("button", { name: "Test" }).click();
    await tab.getByTestId("datasource-test").waitFor();

    // The two queries, through the query editor.
    const newQuery = async (name, sql, onLoad) => {
      const before = await tab.locator('[data-entity="query"]').count();
      await tab.getByRole("button", { name: "New query" }).click();
      await tab.getByLabel("Datasource for the new query").selectOption({ label: "Local PostgreSQL" });
      // The new query's editor, not the one open before.
      await waitFor(async () => (await tab.locator('[data-entity="query"]').count()) === before + 1, 10_000, "the new query in the explorer");
      await waitFor(async () => /^Query\d+$/.test(await tab.getByLabel("Query name", { exact: true }).inputValue()), 10_000, "the new query's editor");
      await rename(tab, "Query name", name);
      await tab.locator('[data-entity="query"]', { hasText: name }).waitFor();
      await setCode(tab, tab.getByTestId("query-body"), sql);
      if (onLoad) {
        await tab.locator(".query-settings summary").click();
        await tab.getByLabel("Run on page load").check();
      }
    };
    await newQuery("getUsers", `SELECT id, name FROM ${TABLE} ORDER BY id`, true);
    await newQuery("insertUser", `INSERT INTO ${TABLE} (name) VALUES ({{NameInput.text}})`, false);
    // Let the query editor's debounced save land.
    await waitFor(async () => {
      const actions = await admin.call("GET", `/actions?pageId=${page.id}`);
      const get = actions.find((a) => a.name === "getUsers");
      const ins = actions.find((a) => a.name === "insertUser");
      return get?.executeOnLoad && get.actionConfiguration.body.includes(TABLE) && ins?.actionConfiguration.body.includes("{{NameInput.text}}");
    }, 10_000, "both queries saved");

    // The widgets, dragged in from the palette, renamed and bound.
    await tab.getByText("Back to the canvas").click();
    await dropFromPalette(tab, "TABLE_WIDGET_V2", 17, 150);
    await widgetIn(tab, "Table1").waitFor();
    await rename(tab, "Widget name", "UsersTable");
    await widgetIn(tab, "UsersTable").waitFor();
    await setCode(tab, tab.getByTestId("field-tableData"), "{{getUsers.data}}");

    await dropFromPalette(tab, "INPUT_WIDGET_V2", 48, 40);
    await widgetIn(tab, "Input1").waitFor();
    await rename(tab, "Widget name", "NameInput");
    await widgetIn(tab, "NameInput").waitFor();
    await setCode(tab, tab.getByTestId("field-label"), "Name");

    await dropFromPalette(tab, "BUTTON_WIDGET", 46, 160);
    await widgetIn(tab, "Button1").waitFor();
    await rename(tab, "Widget name", "AddButton");
    await widgetIn(tab, "AddButton").waitFor();
    await setCode(tab, tab.getByTestId("field-text"), "Add");
    await setCode(tab, tab.getByTestId("field-onClick"), "{{insertUser.run().then(() => getUsers.run()).then(() => showAlert('Added ' + NameInput.text, 'success'))}}");

    await waitFor(async () => {
      const dsl = await readDsl(admin, page.id);
      return findWidget(dsl, "UsersTable")?.tableData === "{{getUsers.data}}" && findWidget(dsl, "AddButton")?.onClick?.includes("insertUser.run()") && findWidget(dsl, "NameInput");
    }, 10_000, "the page saved with its three widgets");
    const dsl = await readDsl(admin, page.id);
    assert.deepEqual(findWidget(dsl, "UsersTable").dynamicBindingPathList, [{ key: "tableData" }]);
    assert.deepEqual(findWidget(dsl, "AddButton").dynamicTriggerPathList, [{ key: "onClick" }]);

    if (executeAvailable) {
      // Run getUsers from its editor: the response shows as a table with its time.
      await tab.locator('[data-entity="query"]', { hasText: "getUsers" }).click();
      await tab.getByTestId("run-query").click();
      await tab.getByTestId("query-response").locator("td", { hasText: "Grace" }).waitFor({ timeout: 15_000 });
      await tab.getByText("Back to the canvas").click();
    } else {
      // Without the endpoint, Run says what went wrong instead of failing silently.
      await tab.locator('[data-entity="query"]', { hasText: "getUsers" }).click();
      await tab.getByTestId("run-query").click();
      await tab.getByTestId("query-error").waitFor({ timeout: 15_000 });
      await tab.getByText("Back to the canvas").click();
    }

    await tab.getByTestId("deploy").click();
    await tab.locator(".toast", { hasText: "Deployed" }).waitFor({ timeout: 15_000 });
  } finally {
    await context.close();
  }

  const published = await admin.call("GET", `/pages/${page.id}/view`);
  assert.ok(findWidget(published.layouts[0].dsl, "AddButton"), "the deployed page has the button");
  assert.ok(executeAvailable, "the backend answers POST /api/v1/actions/execute");

  await admin.call("POST", `/workspaces/${workspace.id}/invite`, { emails: ["viewer@example.com"], role: "App Viewer" });
  const viewer = new ApiSession(backend.url);
  await viewer.call("POST", "/users", { email: "viewer@example.com", password: "correct horse battery", name: "Viewer" });
  const viewContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await viewContext.addCookies(viewer.browserCookies());
  const view = await viewContext.newPage();
  const fresh = await admin.call("GET", `/applications/${app.id}`);
  await view.goto(`${backend.url}${viewerPath(fresh, fresh.pages[0])}`);
  const cells = () => view.locator('[data-widget-name="UsersTable"] [role="cell"]').allTextContents();
  await waitFor(async () => (await cells()).includes("Grace"), 15_000, "the rows loaded on page load");
  await view.fill('[data-widget-name="NameInput"] input', "Edsger");
  await view.click('[data-widget-name="AddButton"] button');
  await waitFor(async () => (await cells()).includes("Edsger"), 15_000, "the new row in the table");
  assert.equal(psql(`SELECT count(*) FROM ${TABLE} WHERE name = 'Edsger'`), "1");
  await viewContext.close();
});
