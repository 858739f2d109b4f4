// CodeMirror for one cell: the lazy chunk behind editor.ts (only edit mode loads it).
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { bracketMatching, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { EditorState, Prec } from "@codemirror/state";
import { EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";
import { classHighlighter } from "@lezer/highlight";

export interface CellEditor {
  focus(): void;
  destroy(): void;
  text(): string;
}

export interface CellEditorHooks {
  run(code: string, advance: boolean): void;
  edited(): void;
}

/** An editor showing `code` in place of `el`'s children. */
export function createEditor(el: HTMLElement, code: string, hooks: CellEditorHooks): CellEditor {
  const view = new EditorView({ state: EditorState.create({ doc: code, extensions: extensions(hooks) }) });
  el.replaceChildren(view.dom);
  return {
    focus: () => view.focus(),
    destroy: () => view.destroy(),
    text: () => view.state.doc.toString(),
  };
}

function extensions(hooks: CellEditorHooks) {
  const run = (advance: boolean) => (view: EditorView) => {
    hooks.run(view.state.doc.toString(), advance);
    return true;
  };
  return [
    Prec.highest(
      keymap.of([
        { key: "Shift-Enter", run: run(true) },
        { key: "Mod-Enter", run: run(false) },
      ]),
    ),
    lineNumbers(),
    history(),
    drawSelection(),
    highlightActiveLine(),
    indentOnInput(),
    indentUnit.of("    "),
    bracketMatching(),
    closeBrackets(),
    autocompletion(),
    search({ top: true }),
    highlightSelectionMatches(),
    python(),
    syntaxHighlighting(classHighlighter), // stable tok-* classes, coloured by cove.css per theme
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
    EditorView.contentAttributes.of({ "aria-label": "Cell code" }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) hooks.edited();
    }),
  ];
}
