// End to end: sign-up, log-in and the home page in headless chromium against the real
// backend (fresh SQLite store).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, startBackend, waitFor } from "./harness.mjs";

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
