// End to end: widgets that hold other widgets, and input widgets exposing their state,
// on a page published through the real backend.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ApiSession, launchBrowser, startBackend, waitFor } from "./harness.mjs";
import { mainContainer, widget } from "./dsl.mjs";
import { publishApp, signUpAdmin } from "./appModel.mjs";

let backend;
let browser;
let admin;
let url;

const canvas = (widgetName, children, extra = {}) => ({
  widgetName,
  widgetId: `${widgetName}-id`,
  type: "CANVAS_WIDGET",
  detachFromLayout: true,
  dynamicBindingPathList: [],
  dynamicTriggerPathList: [],
  children,
  ...extra,
});

before(async () => {
  backend = await startBackend();
  browser = await launchBrowser();
  admin = new ApiSession(backend.url);
  await signUpAdmin(admin);
  const dsl = mainContainer([
    widget("TABS_WIDGET", "Tabs1", [0, 0, 30, 20], {
      tabsObj: { t1: { id: "t1", label: "First", index: 0 }, t2: { id: "t2", label: "Second", index: 1 } },
      defaultTab: "First",
      children: [
        canvas("TabCanvas1", [widget("TEXT_WIDGET", "InFirst", [0, 0, 64, 4], { text: "inside the first tab" })], { tabId: "t1", tabName: "First" }),
        canvas("TabCanvas2", [widget("TEXT_WIDGET", "InSecond", [0, 0, 64, 4], { text: "inside the second tab" })], { tabId: "t2", tabName: "Second" }),
      ],
    }),
    widget("TEXT_WIDGET", "TabState", [32, 0, 64, 4], { text: "tab: {{Tabs1.selectedTab}}" }),
    widget("FORM_WIDGET", "Form1", [0, 22, 30, 40], {
      children: [
        canvas("FormCanvas", [
          widget("INPUT_WIDGET_V2", "Email", [0, 0, 64, 7], { label: "E-mail", inputType: "EMAIL", isRequired: true }),
          widget("BUTTON_WIDGET", "Submit", [0, 8, 30, 12], { text: "Submit", disabledWhenInvalid: true, buttonType: "SUBMIT" }),
          widget("BUTTON_WIDGET", "Reset", [34, 8, 64, 12], { text: "Reset", buttonType: "RESET" }),
        ]),
      ],
      onSubmit: "{{showAlert('Submitted ' + Email.text, 'success')}}",
    }),
    widget("BUTTON_WIDGET", "OpenModal", [32, 22, 64, 26], { text: "Open the modal", onClick: "{{showModal('Modal1')}}" }),
    widget("MODAL_WIDGET", "Modal1", [0, 0, 24, 24], {
      children: [
        canvas("ModalCanvas", [
          widget("TEXT_WIDGET", "ModalText", [0, 0, 64, 4], { text: "Hello from the modal" }),
          widget("BUTTON_WIDGET", "CloseModal", [0, 6, 30, 10], { text: "Close", onClick: "{{closeModal('Modal1')}}" }),
        ]),
      ],
    }),
    widget("SELECT_WIDGET", "Colour", [32, 28, 64, 35], {
      label: "Colour",
      options: '[{"label":"Red","value":"red"},{"label":"Blue","value":"blue"}]',
      defaultOptionValue: "red",
    }),
    widget("CHECKBOX_WIDGET", "Agree", [32, 36, 64, 40], { label: "I agree" }),
    widget("TEXT_WIDGET", "Summary", [32, 41, 64, 45], { text: "{{Colour.selectedOptionLabel}} / {{Agree.isChecked}}" }),
  ]);
  ({ url } = await publishApp(admin, "Widgets test", dsl));
});

after(async () => {
  await browser?.close();
  await backend?.stop();
});

async function open() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies(admin.browserCookies());
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('[data-widget-name="Tabs1"]').waitFor();
  return { context, page };
}

const text = (page, name) => page.locator(`[data-widget-name="${name}"] .text-widget`).textContent();

test("tabs switch their content and expose the selected tab", async () => {
  const { context, page } = await open();
  assert.equal(await text(page, "InFirst"), "inside the first tab");
  await page.click('[data-widget-name="Tabs1"] [role="tab"]:has-text("Second")');
  await page.locator('[data-widget-name="InSecond"]').waitFor();
  assert.equal(await page.locator('[data-widget-name="InFirst"]').count(), 0);
  await waitFor(async () => (await text(page, "TabState")) === "tab: Second", 5_000, "the selected tab");
  await context.close();
});

test("a form's submit stays disabled until its inputs are valid, submits, and resets", async () => {
  const { context, page } = await open();
  const submit = page.locator('[data-widget-name="Submit"] button');
  assert.equal(await submit.isDisabled(), true, "an empty required e-mail disables submit");
  await page.fill('[data-widget-name="Email"] input', "not an address");
  await page.locator('[data-widget-name="Email"] .input-problem', { hasText: "valid e-mail" }).waitFor();
  assert.equal(await submit.isDisabled(), true);
  await page.fill('[data-widget-name="Email"] input', "ada@example.com");
  await waitFor(async () => !(await submit.isDisabled()), 5_000, "submit to be enabled");
  await submit.click();
  await page.locator(".toast", { hasText: "Submitted ada@example.com" }).waitFor();
  await page.click('[data-widget-name="Reset"] button');
  await waitFor(async () => (await page.inputValue('[data-widget-name="Email"] input')) === "", 5_000, "the form to reset");
  await context.close();
});

test("a modal opens and closes from event handlers", async () => {
  const { context, page } = await open();
  assert.equal(await page.locator('[role="dialog"]').count(), 0);
  await page.click('[data-widget-name="OpenModal"] button');
  await page.locator('[role="dialog"]', { hasText: "Hello from the modal" }).waitFor();
  await page.click('[data-widget-name="CloseModal"] button');
  await waitFor(async () => (await page.locator('[role="dialog"]').count()) === 0, 5_000, "the modal to close");
  await context.close();
});

test("select and checkbox expose their state to bindings", async () => {
  const { context, page } = await open();
  assert.equal(await text(page, "Summary"), "Red / false");
  await page.selectOption('[data-widget-name="Colour"] select', { label: "Blue" });
  await page.check('[data-widget-name="Agree"] input');
  await waitFor(async () => (await text(page, "Summary")) === "Blue / true", 5_000, "the summary text");
  await context.close();
});
