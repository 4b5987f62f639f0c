import { afterEach, describe, expect, it, vi } from "vitest";
import { makeEngine, RecordingHost, widget } from "./testkit";

const ok = (body: unknown) => ({ isExecutionSuccess: true, body, statusCode: "200" });

describe("queries", () => {
  it("Query.run sends each binding's evaluated value as params and stores the data", async () => {
    const host = new RecordingHost();
    host.responders.set("q-insert", () => ok({ inserted: 1 }));
    const { engine, w } = makeEngine(
      [
        widget("Input1", "INPUT_WIDGET_V2", { defaultText: "Ada" }),
        widget("Text1", "TEXT_WIDGET", { text: "{{insertUser.isLoading ? 'busy' : JSON.stringify(insertUser.data)}}" }),
        widget("Button1", "BUTTON_WIDGET", { onClick: "{{insertUser.run({ age: 36 })}}" }),
      ],
      { host, actions: [{ id: "q-insert", name: "insertUser", bindings: ["Input1.text", "this.params.age"] }] },
    );
    await engine.runTrigger("Button1", "onClick");
    expect(host.requests).toEqual([{ actionId: "q-insert", viewMode: true, params: { "Input1.text": "Ada", "this.params.age": 36 } }]);
    expect(w("Text1").text).toBe('{"inserted":1}');
    expect(host.updates.some((u) => u.widgets.Text1?.text === "busy")).toBe(true);
  });

  it("a failing query shows one error toast and rejects its promise", async () => {
    const host = new RecordingHost();
    host.responders.set("q1", () => ({ isExecutionSuccess: false, body: "relation \"x\" does not exist" }));
    const { engine } = makeEngine([widget("B", "BUTTON_WIDGET", { onClick: "{{q.run().catch(() => showAlert('handled', 'warning'))}}" })], {
      host,
      actions: [{ id: "q1", name: "q", bindings: [] }],
    });
    await engine.runTrigger("B", "onClick");
    expect(host.alerts()).toEqual(['q failed to run: relation "x" does not exist', "handled"]);
  });

  it("Query.clear empties the data", async () => {
    const host = new RecordingHost();
    host.responders.set("q1", () => ok([1, 2]));
    const { engine, w } = makeEngine([widget("T", "TEXT_WIDGET", { text: "{{q.data ? q.data.length : 'none'}}" })], {
      host,
      actions: [{ id: "q1", name: "q", bindings: [] }],
    });
    await engine.runAction("q");
    expect(w("T").text).toBe("2");
    await (engine.tree.q as { clear: () => Promise<void> }).clear();
    expect(w("T").text).toBe("none");
  });

  it("runs on-load queries in dependency order", async () => {
    const host = new RecordingHost();
    const order: string[] = [];
    for (const id of ["a", "b", "c"]) host.responders.set(id, () => (order.push(id), ok([{ id }])));
    const { engine } = makeEngine([widget("T", "TABLE_WIDGET_V2", { tableData: "{{getA.data}}" })], {
      host,
      actions: [
        { id: "c", name: "getC", executeOnLoad: true, bindings: ["getB.data[0].id"] },
        { id: "b", name: "getB", executeOnLoad: true, bindings: ["T.selectedRow.id"] },
        { id: "a", name: "getA", executeOnLoad: true, bindings: [] },
      ],
    });
    expect(engine.onLoadWaves()).toEqual([["getA"], ["getB"], ["getC"]]);
    await engine.runOnLoad();
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("asks before running a query marked confirm-before-run, and skips it when refused", async () => {
    const host = new RecordingHost();
    const questions: string[] = [];
    let answer = false;
    Object.assign(host, { confirm: async (q: string) => (questions.push(q), answer) });
    host.responders.set("q1", () => ok("ran"));
    const { engine } = makeEngine([], { host, actions: [{ id: "q1", name: "deleteAll", bindings: [], confirmBeforeExecute: true }] });
    await expect(engine.runAction("deleteAll")).rejects.toThrow(/cancelled/);
    expect(host.requests).toEqual([]);
    answer = true;
    await expect(engine.runAction("deleteAll")).resolves.toBe("ran");
    expect(questions).toEqual(["Do you want to run deleteAll?", "Do you want to run deleteAll?"]);
  });

  it("refuses to run a query from a property binding", () => {
    const { engine } = makeEngine([widget("T", "TEXT_WIDGET", { text: "{{q.run()}}" })], { actions: [{ id: "q1", name: "q", bindings: [] }] });
    expect(engine.errorsOf("T").text).toMatch(/only be used in an event handler/);
  });
});

describe("global functions in triggers", () => {
  afterEach(() => vi.useRealTimers());

  it("showAlert, navigateTo, download and copyToClipboard ask the host", async () => {
    const { engine, host } = makeEngine([
      widget("B", "BUTTON_WIDGET", {
        onClick: "{{showAlert('Saved', 'success'); navigateTo('Page2', {id: 3}, 'NEW_WINDOW'); download('a,b', 'x.csv', 'text/csv'); copyToClipboard('hi')}}",
      }),
    ]);
    await engine.runTrigger("B", "onClick");
    expect(host.effects).toEqual([
      { type: "alert", message: "Saved", kind: "success" },
      { type: "navigate", target: "Page2", params: { id: 3 }, newWindow: true },
      { type: "download", data: "a,b", fileName: "x.csv", mimeType: "text/csv" },
      { type: "copy", text: "hi" },
    ]);
  });

  it("storeValue, removeValue and clearStore update appsmith.store and its readers", async () => {
    const { engine, host, w } = makeEngine([
      widget("T", "TEXT_WIDGET", { text: "{{appsmith.store.name ?? 'nobody'}}" }),
      widget("B", "BUTTON_WIDGET", { onClick: "{{storeValue('name', 'Ada')}}" }),
      widget("R", "BUTTON_WIDGET", { onClick: "{{removeValue('name')}}" }),
      widget("C", "BUTTON_WIDGET", { onClick: "{{storeValue('a', 1).then(() => clearStore())}}" }),
    ]);
    await engine.runTrigger("B", "onClick");
    expect(w("T").text).toBe("Ada");
    expect(host.effects.at(-1)).toEqual({ type: "store", store: { name: "Ada" } });
    await engine.runTrigger("R", "onClick");
    expect(w("T").text).toBe("nobody");
    await engine.runTrigger("C", "onClick");
    expect(engine.store).toEqual({});
  });

  it("showModal and closeModal toggle a modal's visibility", async () => {
    const { engine, w } = makeEngine([
      widget("Modal1", "MODAL_WIDGET", {}),
      widget("Open", "BUTTON_WIDGET", { onClick: "{{showModal('Modal1')}}" }),
      widget("Close", "BUTTON_WIDGET", { onClick: "{{closeModal(Modal1.widgetName)}}" }),
    ]);
    expect(w("Modal1").isVisible).toBe(false);
    await engine.runTrigger("Open", "onClick");
    expect(w("Modal1").isVisible).toBe(true);
    await engine.runTrigger("Close", "onClick");
    expect(w("Modal1").isVisible).toBe(false);
  });

  it("resetWidget returns a widget and its children to their defaults", async () => {
    const { engine, w } = makeEngine([
      widget("Form1", "FORM_WIDGET", {}),
      widget("Input1", "INPUT_WIDGET_V2", { defaultText: "start" }, "Form1"),
      widget("B", "BUTTON_WIDGET", { onClick: "{{resetWidget('Form1', true)}}" }),
    ]);
    engine.setMeta("Input1", { inputText: "changed" });
    expect(w("Input1").text).toBe("changed");
    await engine.runTrigger("B", "onClick");
    expect(w("Input1").text).toBe("start");
  });

  it("setInterval runs until clearInterval", async () => {
    vi.useFakeTimers();
    const { engine, w } = makeEngine(
      [
        widget("T", "TEXT_WIDGET", { text: "{{Counter.ticks}}" }),
        widget("Start", "BUTTON_WIDGET", { onClick: "{{setInterval(() => Counter.tick(), 100, 'tick')}}" }),
        widget("Stop", "BUTTON_WIDGET", { onClick: "{{clearInterval('tick')}}" }),
      ],
      { jsObjects: [{ id: "j", name: "Counter", body: "export default { ticks: 0, tick() { this.ticks += 1 } }" }] },
    );
    await engine.runTrigger("Start", "onClick");
    vi.advanceTimersByTime(350);
    expect(w("T").text).toBe("3");
    await engine.runTrigger("Stop", "onClick");
    vi.advanceTimersByTime(500);
    expect(w("T").text).toBe("3");
  });

  it("an error in a handler becomes an error toast naming the handler", async () => {
    const { engine, host } = makeEngine([widget("B", "BUTTON_WIDGET", { onClick: "{{undefinedThing()}}" })]);
    await engine.runTrigger("B", "onClick");
    expect(host.alerts()[0]).toMatch(/^B\.onClick failed: undefinedThing is not defined/);
  });

  it("passes event values such as currentRow into the handler", async () => {
    const { engine, host } = makeEngine([widget("T", "TABLE_WIDGET_V2", { onRowSelected: "{{showAlert(currentRow.name)}}" })]);
    await engine.runTrigger("T", "onRowSelected", { currentRow: { name: "Grace" } });
    expect(host.alerts()).toEqual(["Grace"]);
  });
});

describe("JS objects", () => {
  it("exposes variables and sync/async functions to bindings and triggers", async () => {
    const host = new RecordingHost();
    host.responders.set("q-get", () => ok([{ name: "Ada" }, { name: "Grace" }]));
    const { engine, w } = makeEngine(
      [
        widget("Input1", "INPUT_WIDGET_V2", { defaultText: "ada" }),
        widget("Text1", "TEXT_WIDGET", { text: "{{Utils.greet(Input1.text)}} / {{Utils.prefix}}" }),
        widget("Text2", "TEXT_WIDGET", { text: "{{Utils.count}}" }),
        widget("B", "BUTTON_WIDGET", { onClick: "{{Utils.load()}}" }),
      ],
      {
        host,
        actions: [{ id: "q-get", name: "getUsers", bindings: [] }],
        jsObjects: [
          {
            id: "j",
            name: "Utils",
            body: `export default {
  prefix: "Hello",
  count: 0,
  greet(name) { return this.prefix + ", " + name.toUpperCase(); },
  async load() {
    const rows = await getUsers.run();
    this.count = rows.length;
    await showAlert("Loaded " + rows.length);
    return rows;
  },
}`,
          },
        ],
      },
    );
    expect(w("Text1").text).toBe("Hello, ADA / Hello");
    engine.setMeta("Input1", { inputText: "grace" });
    expect(w("Text1").text).toBe("Hello, GRACE / Hello");
    await engine.runTrigger("B", "onClick");
    expect(host.alerts()).toEqual(["Loaded 2"]);
    expect(w("Text2").text).toBe("2");
    expect(await engine.callJsFunction("Utils", "greet", "x")).toBe("Hello, X");
  });

  it("reports a JS object that is not `export default { ... }`", () => {
    const { engine } = makeEngine([], { jsObjects: [{ id: "j", name: "Bad", body: "const x = 1" }] });
    expect(engine.errorsOf("Bad").body).toMatch(/export default/);
  });
});
