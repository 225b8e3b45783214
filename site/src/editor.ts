// The code editor: CodeMirror 6 with its basic setup (line numbers, undo, bracket matching,
// search, highlighting). Tab is left to the browser (CodeMirror's default), so a keyboard user
// can leave the editor; Ctrl/Cmd+Enter runs the program from inside it.
import { cpp } from "@codemirror/lang-cpp";
import { javascript } from "@codemirror/lang-javascript";
import { Compartment, EditorState, Prec } from "@codemirror/state";
import { basicSetup, EditorView } from "codemirror";
import { keymap } from "@codemirror/view";

export interface Editor {
  /** Shows `text` as a fresh document (no undo back into the previous example). */
  load(text: string, lang: "js" | "c", readOnly: boolean): void;
  text(): string;
  focus(): void;
}

export function createEditor(parent: HTMLElement, label: string, onRun: () => void, onChange: () => void): Editor {
  const language = new Compartment();
  const access = new Compartment();
  const extensions = (lang: "js" | "c", readOnly: boolean) => [
    // before basicSetup's keymaps: Mod-Enter would otherwise insert a blank line
    Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => (onRun(), true) }])),
    basicSetup,
    language.of(lang === "c" ? cpp() : javascript()),
    access.of(EditorState.readOnly.of(readOnly)),
    EditorView.lineWrapping, // long comment lines wrap: no sideways scrolling on a projector
    EditorView.contentAttributes.of({ "aria-label": label }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) onChange();
    }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc: "", extensions: extensions("js", false) }) });
  return {
    load(text, lang, readOnly) {
      view.setState(EditorState.create({ doc: text, extensions: extensions(lang, readOnly) }));
    },
    text: () => view.state.doc.toString(),
    focus: () => view.focus(),
  };
}
