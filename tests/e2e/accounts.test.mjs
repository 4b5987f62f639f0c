// End to end: sign-up, log-in and the home page in headless chromium against the real
// backend (fresh SQLite store).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiSession, launchBrowser, startBackend, waitFor } from "./harness.mjs";

let backend;
let browser;

before(async () => {
  backend = await startBackend();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await backend?.stop();
});

test("a new person signs up, creates a workspace, logs out and logs back in", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${backend.url}/user/signup`);
  await page.fill('input[name="name"]', "Ada Lovelace");
  await page.fill('input[name="email"]', "ada@example.com");
  await page.fill('input[name="password"]', "correct horse battery");
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/applications$/);
  await page.getByText("Ada Lovelace").waitFor();

  await page.fill('input[aria-label="New workspace name"]', "Acme tools");
  await page.click("text=Create workspace");
  await page.locator("section.workspace h2", { hasText: "Acme tools" }).waitFor();

  await page.click("text=Log out");
  await page.waitForURL(/\/user\/login/);
  await page.fill('input[name="email"]', "ada@example.com");
  await page.fill('input[name="password"]', "wrong password!!");
  await page.click('button[type="submit"]');
  const error = await page.locator(".form-error").textContent();
  assert.ok(error && error.length > 10, `a wrong password shows a sentence, got ${error}`);

  await page.fill('input[name="password"]', "correct horse battery");
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/applications$/);
  await waitFor(async () => (await page.locator("section.workspace h2").allTextContents()).includes("Acme tools"), 10_000, "the workspace after logging in again");
  await context.close();
});

test("the home page sends people who are not logged in to the log-in page", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${backend.url}/applications`);
  await page.waitForURL(/\/user\/login/);
  await context.close();
});

test("an unknown address shows a not-found page", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${backend.url}/no/such/place`);
  await page.getByTestId("not-found").waitFor();
  await context.close();
});

test("the home page creates, exports, imports and opens apps", async () => {
  const bob = new ApiSession(backend.url);
  await bob.call("POST", "/users", { email: "bob@example.com", password: "correct horse battery", name: "Bob" });
  const workspace = await bob.call("POST", "/workspaces", { name: "Warehouse" });
  const context = await browser.newContext({ acceptDownloads: true });
  await context.addCookies(bob.browserCookies());
  const page = await context.newPage();
  await page.goto(`${backend.url}/applications`);
  const section = page.locator('section.workspace[data-workspace="Warehouse"]');
  await section.waitFor();

  await section.locator('input[aria-label="New app name in Warehouse"]').fill("Inventory");
  await section.locator("text=Create app").click();
  const card = section.locator(".app-card", { hasText: "Inventory" });
  await card.waitFor({ timeout: 5000 }).catch(async (e) => {
    throw new Error(`${e.message}; toasts: ${await page.locator(".toast").allTextContents()}`);
  });
  assert.match(await card.textContent(), /not published yet/);

  const [download] = await Promise.all([page.waitForEvent("download"), card.locator("text=Export").click()]);
  const file = join(mkdtempSync(join(tmpdir(), "tessera-export-")), "Inventory.json");
  await download.saveAs(file);
  assert.match(readFileSync(file, "utf8"), /Inventory/);

  await section.locator('input[type="file"]').setInputFiles(file);
  await page.locator(".toast", { hasText: "Imported Inventory.json" }).waitFor();
  await waitFor(async () => (await section.locator(".app-card").count()) === 2, 10_000, "the imported app in the list");

  const apps = await bob.call("GET", `/applications?workspaceId=${workspace.id}`);
  await bob.call("POST", `/applications/publish/${apps[0].id}`, {});
  await page.reload();
  await section.locator(".app-card").first().locator("text=Open").click();
  await page.waitForURL(/\/app\/[a-z0-9-]+\/page1-[0-9a-f]+$/);
  await page.getByTestId("viewer-canvas").waitFor();
  await context.close();
});
