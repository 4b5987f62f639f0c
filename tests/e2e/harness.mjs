// Shared by the end-to-end tests and the runtime benchmark: starts the real backend on
// a free port with a fresh SQLite store and the built front end, drives Debian's
// chromium through playwright-core, and talks to the API like a browser would
// (session cookie plus `X-Requested-By: tessera`).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execFileSync } from "node:child_process";

const ROOT = resolve(import.meta.dirname, "../..");
const require = createRequire(join(ROOT, "static/package.json"));

export function backendBinary() {
  if (process.env.TESSERA_BIN) return process.env.TESSERA_BIN;
  const target = process.env.CARGO_TARGET_DIR || join(process.env.HOME, ".cache/tessera/target");
  const profile = process.env.TESSERA_E2E_PROFILE || "debug";
  const bin = join(target, profile, "tessera");
  if (!existsSync(bin)) throw new Error(`The backend binary ${bin} is missing: run \`cargo build\` first.`);
  return bin;
}

/** Starts `tessera serve` on a free port; resolves with its URL once it listens. */
export async function startBackend(extraEnv = {}) {
  const stacks = mkdtempSync(join(tmpdir(), "tessera-e2e-"));
  const child = spawn(backendBinary(), ["serve"], {
    cwd: ROOT,
    env: {
      ...process.env,
      TESSERA_PORT: "0",
      TESSERA_HOST: "127.0.0.1",
      TESSERA_STACKS_DIR: stacks,
      TESSERA_DB_URL: `sqlite://${join(stacks, "tessera.db")}`,
      TESSERA_STATIC_DIR: join(ROOT, "static/dist"),
      TESSERA_REDIS_URL: "",
      TESSERA_LOG_FORMAT: "text",
      NO_COLOR: "1",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`The backend did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = output.match(/listening on (http:\/\/[0-9.:]+)/);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`The backend exited with ${code}:\n${output}`)));
  });
  return {
    url,
    log: () => output,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      rmSync(stacks, { recursive: true, force: true });
    },
  };
}

export function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("Debian's chromium is not installed: apt-get install -y chromium");
  }
}

export async function launchBrowser() {
  const { chromium } = require("playwright-core");
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/** A minimal API client with its own cookie jar, for setting up data in tests. */
export class ApiSession {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    this.cookies = new Map();
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async call(method, path, body, { raw = false } = {}) {
    const headers = { Accept: "application/json", Cookie: this.cookieHeader() };
    if (method !== "GET") headers["X-Requested-By"] = "tessera";
    let payload;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, { method, headers, body: payload, redirect: "manual" });
    for (const c of res.headers.getSetCookie?.() ?? []) {
      const [pair] = c.split(";");
      const eq = pair.indexOf("=");
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (raw) return { status: res.status, json };
    if (!res.ok || json?.responseMeta?.success === false) {
      throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    }
    return json?.data;
  }

  /** The browser context's cookies, so that a page starts logged in as this session. */
  browserCookies() {
    const { hostname } = new URL(this.baseUrl);
    return [...this.cookies].map(([name, value]) => ({ name, value, domain: hostname, path: "/" }));
  }
}

/** Waits until `fn` returns a truthy value (or throws after `ms`). */
export async function waitFor(fn, ms = 10_000, what = "condition") {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}; last value: ${last}`);
}
