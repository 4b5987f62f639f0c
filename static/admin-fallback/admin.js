// Reads the settings from GET /api/v1/admin/env, saves changed ones with PUT, and for
// "Save and restart" posts the restart and polls health until the server is back.
"use strict";

const statusLine = document.getElementById("status");
const loginForm = document.getElementById("login");
const settingsForm = document.getElementById("settings");
const MASK = "********";

function say(text, isError = false) {
  statusLine.textContent = text;
  statusLine.className = isError ? "error" : "";
}

async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-Requested-By": "tessera" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => null);
  return { status: response.status, json };
}

function errorText(result) {
  return result.json?.responseMeta?.error?.message ?? `The server answered ${result.status}.`;
}

function row(setting) {
  const tr = document.createElement("tr");
  const name = document.createElement("td");
  name.textContent = setting.key;
  const valueCell = document.createElement("td");
  const input = document.createElement("input");
  input.name = setting.key;
  input.value = setting.value ?? "";
  input.dataset.original = input.value;
  input.disabled = !setting.editable;
  if (setting.secret) input.type = "password";
  valueCell.append(input);
  const notes = document.createElement("td");
  notes.className = "note";
  const parts = [setting.help];
  if (setting.fixedByEnvironment) parts.push("Set by the server's environment; change it there.");
  if (setting.applies === "live") parts.push("Applies at once.");
  notes.textContent = parts.join(" ");
  if (setting.pendingRestart) {
    const pending = document.createElement("div");
    pending.className = "pending";
    pending.textContent = "Saved; applies after a restart.";
    notes.append(pending);
  }
  tr.append(name, valueCell, notes);
  return tr;
}

async function load() {
  const result = await call("GET", "/api/v1/admin/env");
  if (result.status === 401) {
    loginForm.hidden = false;
    settingsForm.hidden = true;
    say("");
    return;
  }
  if (result.status !== 200) {
    say(errorText(result), true);
    return;
  }
  loginForm.hidden = true;
  settingsForm.hidden = false;
  const body = settingsForm.querySelector("tbody");
  body.replaceChildren(...result.json.data.settings.map(row));
  say(`Restarts go through ${result.json.data.restartMode}.`);
}

async function waitForHealth() {
  // Give the old process time to stop before asking whether "it" is healthy.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  for (let attempt = 0; attempt < 120; attempt += 1) {
    try {
      const response = await fetch("/api/v1/health", { cache: "no-store" });
      if (response.ok) return true;
    } catch {
      // The server is restarting; keep polling.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

loginForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(loginForm);
  const result = await call("POST", "/api/v1/login", {
    email: data.get("email"),
    password: data.get("password"),
  });
  if (result.status === 200) await load();
  else say(errorText(result), true);
});

settingsForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const restart = event.submitter?.name === "restart";
  const changes = {};
  for (const input of settingsForm.querySelectorAll("input:not(:disabled)")) {
    if (input.value !== input.dataset.original && input.value !== MASK) {
      changes[input.name] = input.value === "" ? null : input.value;
    }
  }
  if (Object.keys(changes).length > 0) {
    const saved = await call("PUT", "/api/v1/admin/env", changes);
    if (saved.status !== 200) {
      say(errorText(saved), true);
      return;
    }
  }
  if (!restart) {
    await load();
    return;
  }
  const restarted = await call("POST", "/api/v1/admin/restart");
  if (restarted.status !== 202) {
    say(errorText(restarted), true);
    return;
  }
  say("Restarting…");
  if (await waitForHealth()) await load();
  else say("The server did not come back within a minute; check its logs.", true);
});

load();
