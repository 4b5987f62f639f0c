// End to end: the viewer renders a published page from the real backend in headless
// chromium: bindings, user text as text, binding cycles, a 10,000-row table, and the
// not-found and no-access pages.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ApiSession, launchBrowser, startBackend, waitFor } from "./harness.mjs";
import { mainContainer, widget } from "./dsl.mjs";
import { publishApp, saveLayout, signUpAdmin } from "./appModel.mjs";

const XSS = "<img src=x onerror=alert(1)>";
let backend;
let browser;
let admin;
let published;

before(async () => {
  backend = await startBackend();
  browser = await launchBrowser();
  admin = new ApiSession(backend.url);
  await signUpAdmin(admin);
  const dsl = mainContainer([
    widget("TEXT_WIDGET", "Title", [0, 0, 32, 4], { text: XSS }),
    widget("TEXT_WIDGET", "Bound", [32, 0, 64, 4], { text: `{{'${XSS}' + ' bound'}}` }),
    widget("INPUT_WIDGET_V2", "Input1", [0, 5, 20, 12], { label: XSS, defaultText: "Ada", inputType: "TEXT" }),
    widget("TEXT_WIDGET", "Echo", [22, 5, 44, 9], { text: "Hello {{Input1.text}}" }),
    widget("TEXT_WIDGET", "CycA", [0, 13, 20, 18], { text: "{{CycB.text}}" }),
    widget("TEXT_WIDGET", "CycB", [22, 13, 44, 18], { text: "{{CycA.text}}" }),
    widget("FANCY_UNKNOWN_WIDGET", "Mystery", [46, 13, 64, 18], {}),
    widget("TABLE_WIDGET_V2", "Table1", [0, 19, 40, 60], {
      tableData: `{{Array.from({ length: 10000 }, (_, i) => ({ id: i, name: 'Row ' + i, note: i === 0 ? '${XSS}' : '' }))}}`,
    }),
    widget("TEXT_WIDGET", "Selected", [42, 19, 64, 23], { text: "Selected: {{Table1.selectedRow.name}}" }),
    widget("BUTTON_WIDGET", "GoButton", [42, 24, 64, 28], {
      text: "Open the report",
      onClick: "{{storeValue('visitor', Input1.text).then(() => navigateTo('Reports', { id: 7 }))}}",
    }),
    widget("TEXT_WIDGET", "Greeting", [42, 29, 64, 33], { text: "{{Utils.greet(Input1.text)}}" }),
    widget("BUTTON_WIDGET", "ShoutButton", [42, 34, 64, 38], { text: "Shout", onClick: "{{Utils.shout()}}" }),
  ]);
  const reports = mainContainer([
    widget("TEXT_WIDGET", "ReportText", [0, 0, 40, 4], { text: "Report {{appsmith.URL.queryParams.id}} for {{appsmith.store.visitor}}" }),
  ]);
  published = await publishApp(admin, "Viewer test", dsl, {
    beforePublish: async ({ app, page }) => {
      await admin.call("POST", "/collections/actions", {
        name: "Utils",
        pageId: page.id,
        body: `export default {
  greeting: "Hi",
  greet(name) { return this.greeting + ", " + name.toUpperCase(); },
  async shout() { await showAlert(this.greet(Input1.text) + "!", "info"); },
}`,
      });
      const second = await admin.call("POST", "/pages", { applicationId: app.id, name: "Reports" });
      await saveLayout(admin, second.id, reports);
    },
  });
});

after(async () => {
  await browser?.close();
  await backend?.stop();
});

async function open(session, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (session) await context.addCookies(session.browserCookies());
  const page = await context.newPage();
  const dialogs = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url);
  return { context, page, dialogs };
}

const text = (page, name) => page.locator(`[data-widget-name="${name}"] .text-widget`).textContent();

test("user text renders as text, never as HTML", async () => {
  const { context, page, dialogs } = await open(admin, published.url);
  await page.locator('[data-widget-name="Title"]').waitFor();
  assert.equal(await text(page, "Title"), XSS);
  assert.equal(await text(page, "Bound"), `${XSS} bound`);
  assert.equal(await page.locator('[data-widget-name="Input1"] .widget-label').textContent(), XSS);
  await waitFor(async () => (await page.locator('[data-widget-name="Table1"] [role="cell"]').allTextContents()).includes(XSS), 10_000, "the table cell");
  assert.equal(await page.locator("[data-widget-name] img").count(), 0, "no <img> element was created from text");
  assert.deepEqual(dialogs, [], "no script ran");
  await context.close();
});

test("a binding cycle shows its error on the property while other widgets work", async () => {
  const { context, page } = await open(admin, published.url);
  const error = page.locator('[data-widget-name="CycA"] [data-testid="widget-error"]');
  await error.waitFor();
  assert.match(await error.textContent(), /CycA\.text.*Cyclic dependency: .*CycA\.text.*CycB\.text/);
  assert.match(await page.locator('[data-widget-name="CycB"] [data-testid="widget-error"]').textContent(), /Cyclic dependency/);
  assert.equal(await text(page, "Echo"), "Hello Ada");
  await page.fill('[data-widget-name="Input1"] input', "Grace");
  await waitFor(async () => (await text(page, "Echo")) === "Hello Grace", 5_000, "the Text bound to the Input");
  assert.match(await page.getByTestId("unknown-widget").textContent(), /Mystery.*FANCY_UNKNOWN_WIDGET/);
  await context.close();
});

test("a table bound to 10,000 rows keeps fewer than 200 row elements and scrolls", async () => {
  const { context, page } = await open(admin, published.url);
  const rows = page.locator('[data-widget-name="Table1"] .table-row');
  await rows.first().waitFor();
  assert.equal(await page.locator('[data-widget-name="Table1"] .row-count').textContent(), "10000 rows");
  const before = await rows.count();
  assert.ok(before > 0 && before < 200, `expected fewer than 200 row elements, found ${before}`);
  await page.locator('[data-widget-name="Table1"] .table-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await page.locator('[data-widget-name="Table1"] .table-row', { hasText: "Row 9999" }).waitFor();
  const afterScroll = await rows.count();
  assert.ok(afterScroll < 200, `expected fewer than 200 row elements after scrolling, found ${afterScroll}`);
  await page.locator('[data-widget-name="Table1"] .table-row', { hasText: "Row 9998" }).click();
  await waitFor(async () => (await text(page, "Selected")) === "Selected: Row 9998", 5_000, "the selected row");
  await context.close();
});

test("an unknown page shows the not-found page", async () => {
  const { context, page } = await open(admin, `${backend.url}/app/viewer-test/page1-0123456789abcdef01234567`);
  await page.getByTestId("not-found").waitFor();
  await context.close();
});

test("someone without access sees the no-access page", async () => {
  const outsider = new ApiSession(backend.url);
  await outsider.call("POST", "/users", { email: "outsider@example.com", password: "correct horse battery", name: "Outsider" });
  const { context, page } = await open(outsider, published.url);
  await page.getByTestId("no-access").waitFor();
  assert.match(await page.getByTestId("no-access").textContent(), /do not have access/);
  await context.close();

  const anonymous = await open(null, published.url);
  await anonymous.page.getByTestId("no-access").waitFor();
  assert.match(await anonymous.page.getByTestId("no-access").textContent(), /Log in/);
  await anonymous.context.close();
});

test("pages: navigateTo with parameters, the store across pages, and the page links", async () => {
  const { context, page } = await open(admin, published.url);
  await page.fill('[data-widget-name="Input1"] input', "Grace");
  await page.click('[data-widget-name="GoButton"] button');
  await page.waitForURL(/\/app\/viewer-test\/reports-[0-9a-f]+\?id=7$/);
  await waitFor(async () => (await text(page, "ReportText")) === "Report 7 for Grace", 10_000, "the report page's text");
  await page.click('nav[aria-label="Pages"] >> text=Page1');
  await page.waitForURL(/\/app\/viewer-test\/page1-[0-9a-f]+$/);
  await page.locator('[data-widget-name="Echo"]').waitFor();
  await context.close();
});

test("JS objects work in bindings and in event handlers", async () => {
  const { context, page } = await open(admin, published.url);
  await waitFor(async () => (await text(page, "Greeting")) === "Hi, ADA", 10_000, "the JS object binding");
  await page.fill('[data-widget-name="Input1"] input', "Grace");
  await waitFor(async () => (await text(page, "Greeting")) === "Hi, GRACE", 5_000, "the binding after typing");
  await page.click('[data-widget-name="ShoutButton"] button');
  await page.locator(".toast", { hasText: "Hi, GRACE!" }).waitFor();
  await context.close();
});
