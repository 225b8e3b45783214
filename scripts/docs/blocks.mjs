// The fenced code blocks of a Markdown page, and which of them are runnable examples.
//
// A runnable block's info string is `ts run` (or `js run`, `c run`) and its first line is the
// command that runs it, as a comment the reader sees: `// npx wmpiexec -n 4 example.ts`
// (launcher options and program arguments may stand around the program, which is always
// `example.ts`, `example.mjs` or, for C, `example.wasm` built from `example.c`). The test runs
// that command and compares what it prints with the `output` block right after the program.
// `ts file=worker.ts` writes a file the page's later programs use (a spawned worker, say).
// `ts run browser` marks a program that also runs unchanged in a web page (test/docs-browser.test.ts
// runs it with startJob of wmpi/browser and compares the same output).

const FENCE = /^(`{3,}|~{3,})\s*(.*)$/;

/**
 * Every fenced block of a page: its language, options, text and the line it starts on.
 * @param {string} markdown
 * @returns {{ lang: string, options: Record<string, string | true>, text: string, line: number }[]}
 */
export function fencedBlocks(markdown) {
  const lines = markdown.split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, fence, info] = open;
    const body = [];
    let j = i + 1;
    while (j < lines.length && !closes(lines[j], fence)) body.push(lines[j++]);
    const [lang = "", ...words] = splitInfo(info);
    blocks.push({ lang, options: parseOptions(words), text: body.join("\n") + "\n", line: i + 1 });
    i = j;
  }
  return blocks;
}

/** A closing fence: the opening's character, at least as many, nothing else. */
function closes(line, fence) {
  const t = line.trim();
  return t.length >= fence.length && t === fence[0].repeat(t.length);
}

/** Words of an info string. */
function splitInfo(info) {
  return info.split(/\s+/).filter(Boolean);
}

/** `run`, `file=worker.ts` as { run: true, file: "worker.ts" }. */
function parseOptions(words) {
  const options = {};
  for (const w of words) {
    const eq = w.indexOf("=");
    if (eq < 0) options[w] = true;
    else options[w.slice(0, eq)] = w.slice(eq + 1);
  }
  return options;
}

/** The program file a runnable block of each language is saved as. */
export const PROGRAM = { ts: "example.ts", js: "example.mjs", c: "example.c" };
/** What wmpiexec runs for each language (C programs are built by wmpicc first). */
const RUNS = { ts: "example.ts", js: "example.mjs", c: "example.wasm" };

/**
 * The command on a runnable block's first line, split: wmpiexec's options before the program
 * (among them `-n N`) and the program's arguments after it.
 * @param {string} lang
 * @param {string} firstLine
 */
export function parseRunLine(lang, firstLine) {
  const program = RUNS[lang];
  if (!program) throw new Error(`a ${lang} block cannot be run (ts, js or c)`);
  const m = /^\/\/ npx wmpiexec (.*)$/.exec(firstLine.trim());
  const words = m ? m[1].split(/\s+/) : [];
  const at = words.indexOf(program);
  if (!m || at < 0) throw new Error(`the first line must be the command, e.g. "// npx wmpiexec -n 4 ${program}"; it is "${firstLine}"`);
  const launcher = words.slice(0, at);
  const n = launcher.findIndex((w) => w === "-n" || w === "-np");
  const np = n < 0 ? NaN : Number(launcher[n + 1]);
  if (!Number.isInteger(np) || np < 1) throw new Error(`"${firstLine}" gives no rank count (-n N)`);
  return { np, launcher, program, args: words.slice(at + 1) };
}

/**
 * The runnable examples of a page, in order, each with its command, the output it must print
 * and the files written before it (every `file=` block above it on the page).
 * @param {string} markdown
 */
export function runnableExamples(markdown) {
  const blocks = fencedBlocks(markdown);
  const files = [];
  const examples = [];
  blocks.forEach((b, k) => {
    if (b.options.file) files.push({ name: String(b.options.file), text: b.text });
    if (!b.options.run) return;
    const next = blocks[k + 1];
    if (!next || next.lang !== "output") throw new Error(`line ${b.line}: a runnable block must be followed by an output block`);
    let command;
    try {
      command = parseRunLine(b.lang, b.text.split("\n")[0]);
    } catch (e) {
      throw new Error(`line ${b.line}: ${e.message}`);
    }
    examples.push({ lang: b.lang, line: b.line, source: b.text, expected: next.text, files: [...files], browser: b.options.browser === true, ...command });
  });
  return examples;
}

/**
 * Output lines as a reader compares them: ranks print concurrently, so lines are sorted
 * (the docs show them in rank order, which is sorted order when each line starts with its rank).
 * @param {string} text
 */
export function comparableLines(text) {
  return text.split("\n").map((l) => l.trimEnd()).filter((l) => l !== "").sort();
}
