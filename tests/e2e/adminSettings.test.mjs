// End to end: the instance settings page. With the settings endpoints it lists every
// setting; without them (before the container work is merged) it says so plainly.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ApiSession, launchBrowser, startBackend } from "./harness.mjs";
import { signUpAdmin } from "./appModel.mjs";

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

test("the settings page lists the instance settings, or says the server does not offer them", async () => {
  const admin = new ApiSession(backend.url);
  await signUpAdmin(admin);
  const probe = await admin.call("GET", "/admin/env", undefined, { raw: true });
  const context = await browser.newContext();
  await context.addCookies(admin.browserCookies());
  const tab = await context.newPage();
  await tab.goto(`${backend.url}/settings/general`);
  await tab.getByRole("heading", { name: "Instance settings" }).waitFor();
  if (probe.status === 404) {
    await tab.getByText("does not offer settings editing yet").waitFor();
  } else {
    assert.equal(probe.status, 200);
    await tab.locator(".admin-settings input").first().waitFor();
    assert.equal(await tab.locator(".admin-settings input").count(), probe.json.data.settings.length);
  }
  await context.close();
});
