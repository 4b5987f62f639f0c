// Editor benchmark: opens a page of 300 widgets (200 with bindings) in the app editor
// on a fresh backend in headless chromium and prints
//   - the time from navigation until the canvas takes input (every widget drawn, then
//     a click on one selects it: the selection outline is on screen), and
//   - drag latency: from each pointer move to the frame that shows the drop outline at
//     the new place (median and 95th percentile), and from releasing the pointer to
//     the frame with the widget drawn at its new place (the DSL changed and re-rendered),
//   - from a keystroke in a property's code field to the canvas showing the new value
//     (the page is re-evaluated in the worker a moment after the last change),
// with the same figures for a small page (30 widgets) as ratios measured in one run.
// Figures are printed, never asserted.
//
//   node bench/editor.mjs          (needs `cargo build`, `npm run build` in static/, chromium)
import { ApiSession, launchBrowser, startBackend } from "../tests/e2e/harness.mjs";
import { largePage } from "../tests/e2e/dsl.mjs";
import { createWorkspace, saveLayout, signUpAdmin } from "../tests/e2e/appModel.mjs";
import { editorPath } from "../tests/e2e/editorHelpers.mjs";

const RUNS = Number(process.env.BENCH_RUNS || 3);
const MOVES = Number(process.env.BENCH_MOVES || 30);
const TYPED = Number(process.env.BENCH_TYPED || 10);

function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p95: at(0.95) };
}

async function measure(browser, session, url, count) {
  const ready = [];
  const moves = [];
  const drops = [];
  const typing = [];
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.addCookies(session.browserCookies());
    const tab = await context.newPage();
    await tab.goto(url, { waitUntil: "commit" });
    await tab.waitForFunction((n) => document.querySelectorAll('[data-testid="editor-canvas"] .widget').length >= n, count, { polling: "raf", timeout: 60_000 });
    const target = tab.locator('[data-testid="editor-canvas"] .widget[data-widget-name="Source"]');
    await target.click();
    ready.push(await tab.waitForFunction(() => (document.querySelector('[data-selected="Source"]') ? performance.now() : false), null, { polling: "raf" }).then((h) => h.jsonValue()));

    // Drag latency, measured inside the page: pointer event → next frame with the outline moved.
    await tab.evaluate(() => {
      const w = window;
      w.__moves = [];
      w.__drop = null;
      let pendingMove = null;
      let upAt = null;
      const root = document.querySelector('[data-testid="editor-canvas"]');
      addEventListener("pointermove", () => (pendingMove = performance.now()), true);
      addEventListener("pointerup", () => (upAt = performance.now()), true);
      new MutationObserver(() => {
        if (pendingMove !== null && root.querySelector('[data-testid="drop-ghost"]')) {
          const t = pendingMove;
          pendingMove = null;
          requestAnimationFrame(() => w.__moves.push(performance.now() - t));
        }
        if (upAt !== null && !root.querySelector('[data-testid="drop-ghost"]')) {
          const t = upAt;
          upAt = null;
          requestAnimationFrame(() => (w.__drop = performance.now() - t));
        }
      }).observe(root, { subtree: true, attributes: true, childList: true });
    });
    const box = await target.boundingBox();
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await tab.mouse.move(x, y);
    await tab.mouse.down();
    for (let i = 1; i <= MOVES; i += 1) {
      await tab.mouse.move(x + i * 9, y + i * 4);
      await tab.waitForTimeout(16);
    }
    await tab.mouse.up();
    await tab.waitForFunction(() => window.__drop !== null, null, { timeout: 10_000 });
    const measured = await tab.evaluate(() => ({ moves: window.__moves, drop: window.__drop }));
    moves.push(...measured.moves);
    drops.push(measured.drop);

    // Typing into a property: keydown → the canvas shows the newly evaluated text.
    await tab.locator('[data-testid="editor-canvas"] .widget[data-widget-name="Plain0"]').click();
    await tab.locator('[data-testid="field-text"] .cm-content').click();
    await tab.keyboard.press("End");
    for (let i = 0; i < TYPED; i += 1) {
      const marker = `${"x".repeat(i + 1)}`;
      await tab.evaluate(() => {
        window.__typedAt = null;
        addEventListener("keydown", () => (window.__typedAt = performance.now()), { capture: true, once: true });
      });
      await tab.keyboard.type("x");
      const latency = await tab.waitForFunction(
        (m) => {
          const el = document.querySelector('[data-testid="editor-canvas"] [data-widget-name="Plain0"]');
          return el && el.textContent.endsWith(m) && window.__typedAt !== null ? performance.now() - window.__typedAt : false;
        },
        marker,
        { polling: "raf", timeout: 10_000 },
      );
      typing.push(await latency.jsonValue());
    }
    await context.close();
  }
  return { ready: stats(ready), move: stats(moves), drop: stats(drops), typing: stats(typing) };
}

const backend = await startBackend();
const browser = await launchBrowser();
try {
  const admin = new ApiSession(backend.url);
  await signUpAdmin(admin);
  const workspace = await createWorkspace(admin, "Bench");
  const urls = {};
  for (const [label, total, bound] of [["large", 300, 200], ["small", 30, 20]]) {
    const app = await admin.call("POST", "/applications", { workspaceId: workspace.id, name: `Editor bench ${label}` });
    const page = app.pages[0];
    await saveLayout(admin, page.id, largePage(total, bound));
    const full = await admin.call("GET", `/applications/${app.id}`);
    urls[label] = `${backend.url}${editorPath(full, full.pages.find((p) => p.id === page.id))}`;
  }
  const large = await measure(browser, admin, urls.large, 300);
  const small = await measure(browser, admin, urls.small, 30);
  const ms = (v) => `${v.toFixed(1)} ms`;
  console.log(`editor, 300 widgets / 200 bindings, ${RUNS} runs, ${MOVES} pointer moves each`);
  console.log(`  canvas takes input after   median ${ms(large.ready.median)}  p95 ${ms(large.ready.p95)}  (30 widgets: ${ms(small.ready.median)}, ratio ${(large.ready.median / small.ready.median).toFixed(2)})`);
  console.log(`  drag: move → outline drawn median ${ms(large.move.median)}  p95 ${ms(large.move.p95)}  (30 widgets: ${ms(small.move.median)}, ratio ${(large.move.median / small.move.median).toFixed(2)})`);
  console.log(`  property keystroke → canvas median ${ms(large.typing.median)}  p95 ${ms(large.typing.p95)}  (30 widgets: ${ms(small.typing.median)}, ratio ${(large.typing.median / small.typing.median).toFixed(2)})`);
  console.log(`  drop → widget redrawn      median ${ms(large.drop.median)}  p95 ${ms(large.drop.p95)}  (30 widgets: ${ms(small.drop.median)}, ratio ${(large.drop.median / small.drop.median).toFixed(2)})`);
} finally {
  await browser.close();
  await backend.stop();
}
