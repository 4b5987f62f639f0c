// End to end, the whole path a viewer takes: an app whose Table shows a PostgreSQL
// table through a query run on page load, with an Input and a Button whose onClick
// runs an INSERT, re-runs the SELECT and shows an alert. A second person, invited as
// App Viewer, opens the published app, types a name and clicks; the new row shows in
// the Table and is in PostgreSQL. Needs the machine's PostgreSQL (127.0.0.1:5432,
// user postgres, trusted) and the query execution endpoint.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { ApiSession, launchBrowser, startBackend, waitFor } from "./harness.mjs";
import { mainContainer, widget } from "./dsl.mjs";
import { createWorkspace, publishApp, signUpAdmin } from "./appModel.mjs";

const TABLE = `tessera_e2e_users_${process.pid}_${Date.now()}`;
const psql = (sql) =>
  execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-Atc", sql], { encoding: "utf8" }).trim();

let backend;
let browser;
let executeAvailable = false;

before(async () => {
  backend = await startBackend();
  browser = await launchBrowser();
  const probe = await new ApiSession(backend.url).call("POST", "/actions/execute", {}, { raw: true });
  // An unknown route answers NOT_FOUND naming the endpoint; a real one refuses the anonymous call.
  executeAvailable = !(probe.status === 404 && /no API endpoint/i.test(probe.json?.responseMeta?.error?.message ?? ""));
  psql(`CREATE TABLE ${TABLE} (id serial PRIMARY KEY, name text NOT NULL); INSERT INTO ${TABLE} (name) VALUES ('Ada'), ('Grace');`);
});

after(async () => {
  await browser?.close();
  await backend?.stop();
  try {
    psql(`DROP TABLE IF EXISTS ${TABLE}`);
  } catch {
    // the table may not exist if set-up failed early
  }
});

test("an App Viewer adds a row through the published app and sees it in the table and in PostgreSQL", async (t) => {
  const admin = new ApiSession(backend.url);
  await signUpAdmin(admin);
  const workspace = await createWorkspace(admin, "People");
  const datasource = await admin.call("POST", "/datasources", {
    name: "Local PostgreSQL",
    pluginId: "postgres-plugin",
    workspaceId: workspace.id,
    datasourceConfiguration: {
      endpoints: [{ host: "127.0.0.1", port: 5432 }],
      authentication: { username: "postgres", password: "", databaseName: "postgres" },
    },
  });
  const dsl = mainContainer([
    widget("TABLE_WIDGET_V2", "UsersTable", [0, 0, 40, 40], { tableData: "{{getUsers.data}}" }),
    widget("INPUT_WIDGET_V2", "NameInput", [42, 0, 64, 7], { label: "Name", inputType: "TEXT", defaultText: "" }),
    widget("BUTTON_WIDGET", "AddButton", [42, 8, 64, 12], {
      text: "Add",
      onClick: "{{insertUser.run().then(() => getUsers.run()).then(() => showAlert('Added ' + NameInput.text, 'success'))}}",
    }),
  ]);
  const { url } = await publishApp(admin, "People admin", dsl, {
    workspaceId: workspace.id,
    beforePublish: async ({ page }) => {
      await admin.call("POST", "/actions", {
        name: "getUsers",
        pageId: page.id,
        pluginId: "postgres-plugin",
        datasource: { id: datasource.id },
        actionConfiguration: { body: `SELECT id, name FROM ${TABLE} ORDER BY id` },
        executeOnLoad: true,
      });
      await admin.call("POST", "/actions", {
        name: "insertUser",
        pageId: page.id,
        pluginId: "postgres-plugin",
        datasource: { id: datasource.id },
        actionConfiguration: { body: `INSERT INTO ${TABLE} (name) VALUES ({{NameInput.text}})` },
        executeOnLoad: false,
      });
    },
  });

  await admin.call("POST", `/workspaces/${workspace.id}/invite`, { emails: ["viewer@example.com"], role: "App Viewer" });
  const viewer = new ApiSession(backend.url);
  await viewer.call("POST", "/users", { email: "viewer@example.com", password: "correct horse battery", name: "Viewer" });

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies(viewer.browserCookies());
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('[data-widget-name="UsersTable"]').waitFor();
  await page.locator('[data-widget-name="AddButton"] button', { hasText: "Add" }).waitFor();
  assert.ok(executeAvailable, "the backend answers POST /api/v1/actions/execute");
  const cells = () => page.locator('[data-widget-name="UsersTable"] [role="cell"]').allTextContents();
  await waitFor(async () => (await cells()).includes("Grace"), 15_000, "the rows loaded on page load");

  const name = "Robert'); DROP TABLE students;--";
  await page.fill('[data-widget-name="NameInput"] input', name);
  await page.click('[data-widget-name="AddButton"] button');
  await waitFor(async () => (await cells()).includes(name), 15_000, "the new row in the table");
  await page.locator(".toast", { hasText: `Added ${name}` }).waitFor();
  assert.equal(psql(`SELECT count(*) FROM ${TABLE} WHERE name = '${name.replace(/'/g, "''")}'`), "1", "the row is in PostgreSQL, inserted as a value");
  await context.close();
});

test("a failing on-load query shows its error as a toast and the rest of the page works", async () => {
  const admin = new ApiSession(backend.url);
  await admin.call("POST", "/users", { email: "broken@example.com", password: "correct horse battery", name: "Broken" });
  const workspace = await createWorkspace(admin, "Broken things");
  const datasource = await admin.call("POST", "/datasources", {
    name: "Local PostgreSQL",
    pluginId: "postgres-plugin",
    workspaceId: workspace.id,
    datasourceConfiguration: {
      endpoints: [{ host: "127.0.0.1", port: 5432 }],
      authentication: { username: "postgres", password: "", databaseName: "postgres" },
    },
  });
  const dsl = mainContainer([
    widget("TEXT_WIDGET", "Status", [0, 0, 30, 4], { text: "{{getBroken.isLoading ? 'loading' : 'done'}}" }),
    widget("INPUT_WIDGET_V2", "Name", [0, 5, 30, 12], { label: "Name", defaultText: "" }),
    widget("TEXT_WIDGET", "Echo", [32, 5, 64, 9], { text: "Echo {{Name.text}}" }),
  ]);
  const { url } = await publishApp(admin, "Broken app", dsl, {
    workspaceId: workspace.id,
    beforePublish: async ({ page }) => {
      await admin.call("POST", "/actions", {
        name: "getBroken",
        pageId: page.id,
        pluginId: "postgres-plugin",
        datasource: { id: datasource.id },
        actionConfiguration: { body: "SELECT * FROM tessera_no_such_table_anywhere" },
        executeOnLoad: true,
      });
    },
  });
  const context = await browser.newContext();
  await context.addCookies(admin.browserCookies());
  const page = await context.newPage();
  await page.goto(url);
  const toast = page.locator('.toast[data-kind="error"]', { hasText: "getBroken failed to run" });
  await toast.waitFor();
  await waitFor(async () => (await page.locator('[data-widget-name="Status"] .text-widget').textContent()) === "done", 10_000, "the query to finish");
  await page.fill('[data-widget-name="Name"] input', "still works");
  await waitFor(async () => (await page.locator('[data-widget-name="Echo"] .text-widget').textContent()) === "Echo still works", 5_000, "the binding");
  await context.close();
});
