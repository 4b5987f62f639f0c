// A CodeMirror 6 editor for property values, query bodies and JS objects, with
// completion of the page's names. Controlled: an outside change (undo, rename) replaces
// the text unless it is what the editor already holds.
import { useEffect, useRef } from "react";
import { autocompletion, closeBrackets } from "@codemirror/autocomplete";
import { javascript } from "@codemirror/lang-javascript";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, placeholder as placeholderExt } from "@codemirror/view";
import { basicSetup, minimalSetup } from "codemirror";
import { indentWithTab } from "@codemirror/commands";
import { completionSource, type CompletionScope } from "./completion";

interface Props {
  value: string;
  onChange: (v: string) => void;
  scope?: CompletionScope;
  /** Full editor (line numbers, folding) for JS objects and query bodies. */
  multiline?: boolean;
  placeholder?: string;
  label: string;
  testId?: string;
}

export function CodeField({ value, onChange, scope, multiline, placeholder, label, testId }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>(null);
  const changeRef = useRef(onChange);
  changeRef.current = onChange;
  const scopeRef = useRef(scope);
  scopeRef.current = scope;

  useEffect(() => {
    const liveScope: CompletionScope = {
      widgets: () => scopeRef.current?.widgets() ?? {},
      actions: () => scopeRef.current?.actions() ?? [],
      jsObjects: () => scopeRef.current?.jsObjects() ?? [],
    };
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          multiline ? basicSetup : minimalSetup,
          multiline ? keymap.of([indentWithTab]) : [],
          javascript(),
          closeBrackets(),
          autocompletion({ override: [completionSource(liveScope)], activateOnTyping: true }),
          placeholder ? placeholderExt(placeholder) : [],
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ "aria-label": label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changeRef.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => v.destroy();
    // The editor is created once; value changes are applied below.
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  return <div className={`code-field${multiline ? " code-field-multiline" : ""}`} ref={host} data-testid={testId} />;
}
