// Renaming a widget, query or JS object across a page: the entity itself, the DSL's
// bindings and triggers, every query configuration and every JS object body. The
// server calls go through `api`, so this runs in tests without a server.
import type { DslWidget } from "../../api/client";
import type { Action, JsObject } from "../../api/editorApi";
import { renameInDsl, renameInJsBody, renameInValue } from "./rename";

export interface RenameApi {
  updateAction(id: string, patch: Partial<Action>): Promise<unknown>;
  updateJsObject(id: string, patch: Partial<JsObject>): Promise<unknown>;
}

export interface PageEntities {
  dsl: DslWidget;
  actions: Action[];
  jsObjects: JsObject[];
}

/** Saves the renamed query or JS object and every rewritten one; returns the page's new state. */
export async function renameEverywhere(api: RenameApi, from: string, to: string, page: PageEntities): Promise<PageEntities> {
  // The entity itself first, so that a name the server refuses changes nothing else.
  const action = page.actions.find((a) => a.name === from);
  const js = page.jsObjects.find((j) => j.name === from);
  if (action) await api.updateAction(action.id, { name: to });
  if (js) await api.updateJsObject(js.id, { name: to, body: renameInJsBody(js.body, from, to) });
  const actions: Action[] = [];
  for (const a of page.actions) {
    const config = renameInValue(a.actionConfiguration, from, to);
    if (config !== a.actionConfiguration) await api.updateAction(a.id, { actionConfiguration: config });
    actions.push({ ...a, name: a.name === from ? to : a.name, actionConfiguration: config });
  }
  const jsObjects: JsObject[] = [];
  for (const j of page.jsObjects) {
    const body = renameInJsBody(j.body, from, to);
    if (body !== j.body && j.name !== from) await api.updateJsObject(j.id, { body });
    jsObjects.push({ ...j, name: j.name === from ? to : j.name, body });
  }
  return { dsl: renameInDsl(page.dsl, from, to), actions, jsObjects };
}
