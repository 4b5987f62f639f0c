// Viewer runtime benchmark: publishes a page of 300 widgets with 200 bindings on a
// fresh backend, opens it in headless chromium and prints
//   - the time from navigation to the first full render (all widgets drawn with their
//     evaluated values), and
//   - the time from one keystroke in an Input to the dependent Text showing the new
//     value (DOM updated), median and 95th percentile over repeated keystrokes,
// and, as ratios measured in the same run, the same figures against a small page
// (30 widgets, 20 bindings). Figures are printed, never asserted.
//
//   node bench/runtime.mjs          (needs `cargo build`, `npm run build` in static/, chromium)
import { launchBrowser, startBackend, ApiSession } from "../tests/e2e/harness.mjs";
import { largePage } from "../tests/e2e/dsl.mjs";
import { publishApp, signUpAdmin } from "../tests/e2e/appModel.mjs";

const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES || 40);
const RUNS = Number(process.env.BENCH_RUNS || 5);

function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p95: at(0.95), min: s[0], max: s[s.length - 1] };
}

async function measure(browser, session, url, widgetCount) {
  const firstRender = [];
  const phases = [];
  let latencies = [];
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies(session.browserCookies());
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "commit" });
    // Drawn = every widget in the DOM and the last bound Text carrying its evaluated value.
    const handle = await page.waitForFunction(
      (count) => {
        const drawn = document.querySelectorAll("[data-widget-name]").length;
        const bound = document.querySelector('[data-widget-name="Bound0"] .text-widget');
        return drawn >= count && bound && bound.textContent.startsWith("start") ? performance.now() : false;
      },
      widgetCount,
      { polling: "raf", timeout: 60_000 },
    );
    firstRender.push(await handle.jsonValue());
    const marks = await page.evaluate(() =>
      Object.fromEntries(performance.getEntriesByType("mark").filter((m) => m.name.startsWith("tessera:")).map((m) => [m.name.slice(8), m.startTime])),
    );
    phases.push(marks);
    if (run === RUNS - 1) {
      await page.evaluate(() => {
        const input = document.querySelector('[data-widget-name="Source"] input');
        const target = document.querySelector('[data-widget-name="Bound0"] .text-widget');
        window.__latencies = [];
        let t0 = 0;
        input.addEventListener("keydown", () => (t0 = performance.now()), true);
        new MutationObserver(() => {
          if (t0) {
            window.__latencies.push(performance.now() - t0);
            t0 = 0;
          }
        }).observe(target, { childList: true, characterData: true, subtree: true });
      });
      await page.click('[data-widget-name="Source"] input');
      for (let k = 1; k <= KEYSTROKES; k += 1) {
        await page.keyboard.press(String.fromCharCode(97 + (k % 26)));
        await page.waitForFunction((n) => window.__latencies.length >= n, k, { polling: 5, timeout: 10_000 });
      }
      latencies = await page.evaluate(() => window.__latencies);
    }
    await context.close();
  }
  const phase = (name) => stats(phases.map((p) => p[name] ?? NaN)).median;
  return { firstRender: stats(firstRender), keystroke: stats(latencies), dataLoaded: phase("data-loaded"), firstEvaluation: phase("first-evaluation") };
}

const fmt = (n) => `${n.toFixed(1)} ms`;

const backend = await startBackend();
const browser = await launchBrowser();
try {
  const session = new ApiSession(backend.url);
  await signUpAdmin(session);
  const large = await publishApp(session, "Bench large", largePage(300, 200));
  const small = await publishApp(session, "Bench small", largePage(30, 20));
  // One warm-up load so that both measurements see cached assets.
  await measure(browser, session, small.url, 30);
  const s = await measure(browser, session, small.url, 30);
  const l = await measure(browser, session, large.url, 300);
  console.log(`viewer runtime benchmark (headless chromium, ${RUNS} loads each, ${KEYSTROKES} keystrokes)`);
  console.log(`page with 300 widgets, 200 bindings:`);
  console.log(`  first full render   median ${fmt(l.firstRender.median)}  (min ${fmt(l.firstRender.min)}, max ${fmt(l.firstRender.max)})`);
  console.log(`    of which: page data loaded at ${fmt(l.dataLoaded)}, first evaluation in at ${fmt(l.firstEvaluation)}`);
  console.log(`  keystroke → Text    median ${fmt(l.keystroke.median)}  p95 ${fmt(l.keystroke.p95)}  max ${fmt(l.keystroke.max)}`);
  console.log(`page with 30 widgets, 20 bindings:`);
  console.log(`  first full render   median ${fmt(s.firstRender.median)}`);
  console.log(`    of which: page data loaded at ${fmt(s.dataLoaded)}, first evaluation in at ${fmt(s.firstEvaluation)}`);
  console.log(`  keystroke → Text    median ${fmt(s.keystroke.median)}  p95 ${fmt(s.keystroke.p95)}`);
  console.log(`ratios large/small: first render ${(l.firstRender.median / s.firstRender.median).toFixed(2)}x, keystroke ${(l.keystroke.median / s.keystroke.median).toFixed(2)}x`);
} finally {
  await browser.close();
  await backend.stop();
}
